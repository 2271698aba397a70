from __future__ import annotations

import io

import pytest

from cms.demo import best_practices_course, roll_call_course
from cms.demo.toolkit import load_toolkit
from tests.helpers import lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(db):
    out = io.StringIO()
    load_toolkit(out)
    roll_call_course.load_roll_call_course(out)
    best_practices_course.load_best_practices_course(out)
    from courses.models import CoursePage

    return {c.slug: c for c in CoursePage.objects.all()}


def body_text(lesson) -> str:
    return str(lesson.body.render_as_block())


def test_roll_call_course_has_five_lessons_of_ten_minutes_or_less(courses):
    course = courses[roll_call_course.COURSE_SLUG]
    assert course.title == "Leave-Behind Naloxone: Roll Call Training"
    assert course.audience == "officers"
    lessons = lessons_of(course)
    assert len(lessons) >= 5
    assert all(lesson.estimated_minutes <= 10 for lesson in lessons)
    titles = " ".join(lesson.title for lesson in lessons)
    for topic in ("Why", "overdose", "Legal", "SOP", "kits"):
        assert topic in titles


def test_every_lesson_uses_the_agreed_blocks_and_has_a_knowledge_check(courses):
    for lesson in lessons_of(courses[roll_call_course.COURSE_SLUG]):
        kinds = {block.block_type for block in lesson.body}
        assert "knowledge_check" in kinds, lesson.title
        assert len(lesson.body) >= 4


def test_quiz_has_at_least_twelve_questions_covering_every_lesson(courses):
    from courses.quiz.selectors import live_quiz_for_course

    quiz = live_quiz_for_course(courses[roll_call_course.COURSE_SLUG])
    pool = list(quiz.pool().select_related("category"))
    assert len(pool) >= 12
    categories = {q.category.name.split(": ")[-1] for q in pool}
    assert len(categories) == len(roll_call_course.LESSONS)


def test_course_overview_is_public(client, courses):
    assert client.get(courses[roll_call_course.COURSE_SLUG].url).status_code == 200


def test_lessons_need_sign_in(client, courses):
    lesson = lessons_of(courses[roll_call_course.COURSE_SLUG])[0]
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signed_in_officer_can_read_a_lesson(client, courses, user):
    client.force_login(user)
    lesson = lessons_of(courses[roll_call_course.COURSE_SLUG])[1]
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert "every 2-3 minutes" in response.content.decode()


def test_quick_reference_card_is_linked_to_the_course(courses):
    from certificates.demo import load_quick_reference_card

    card = load_quick_reference_card(io.StringIO())
    assert card.course.pk == courses[roll_call_course.COURSE_SLUG].pk
    assert courses[roll_call_course.COURSE_SLUG].issues_certificate


def test_content_facts_spot_checks(courses):
    text = " ".join(
        body_text(lesson) for lesson in lessons_of(courses[roll_call_course.COURSE_SLUG])
    )
    assert "every 2-3 minutes" in text
    assert "1 breath every 6 seconds" in text
    assert "30-90 minutes" in text
    assert "11,557" in text
    assert "68-77°F" in text
    assert "nyoverdose.org/PublicSafety" in text
    # Honesty notes from the fact sheet.
    assert "No published study has yet shown" in text
    assert "it is a bill, not law" in text


def test_best_practices_course_does_not_invent_the_ors_guide_items(courses):
    course = courses[best_practices_course.COURSE_SLUG]
    assert course.audience == "command_staff"
    lessons = lessons_of(course)
    assert len(lessons) == 5
    first = body_text(lessons[0])
    assert "could not obtain the guide" in first
    assert "does <b>not</b> list its eight items" in first
    text = " ".join(body_text(lesson) for lesson in lessons)
    for source in ("HEALing Communities", "BJA", "Project FRIEND", "Delphi"):
        assert source in text


def test_loading_the_courses_again_changes_nothing(courses):
    from wagtail.models import Page

    from courses.quiz.models import Question

    before = (Page.objects.count(), Question.objects.count())
    out = io.StringIO()
    roll_call_course.load_roll_call_course(out)
    best_practices_course.load_best_practices_course(out)
    assert (Page.objects.count(), Question.objects.count()) == before
