"""The finish line: passing the quiz (or the last lesson of a course without a quiz) shows
"Course complete" with the certificate, the wallet card, the expiry and what to do next; the
course page of a completed course shows the same; a failed attempt points at the lessons
behind the missed topics; the quiz warns when lessons are not done."""

from __future__ import annotations

import pytest

from courses.models import LessonPage
from courses.progress import mark_lesson_complete
from courses.quiz.models import QuestionCategory
from lms.models import Assignment
from tests.courses.quiz.helpers import make_agency, make_quiz, officer_in, sample_questions, take
from tests.factories import build_course

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(LessonPage.objects.child_of(course).order_by("path"))


@pytest.fixture
def officer():
    return officer_in(make_agency(), first_name="Dana", last_name="Reyes")


def test_passing_the_quiz_shows_course_complete_with_certificate_card_expiry_and_next_step(
    client, officer, django_capture_on_commit_callbacks
):
    course = build_course(title="Leave-behind naloxone", lessons=1, recertification_months=24)
    quiz = make_quiz(course=course)
    next_course = build_course(title="Talking with families", lessons=1)
    agency = officer.memberships.get().agency
    Assignment.objects.create(user=officer, agency=agency, course=next_course, due_on="2099-01-01")
    mark_lesson_complete(user=officer, lesson=lessons_of(course)[0])
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = take(client, quiz, right=3)
    assert attempt.passed
    response = client.get(f"/quiz/attempts/{attempt.public_id}/result/")
    html = response.content.decode()
    certificate = officer.completions.get().certificates.get()
    assert "Course complete" in html
    assert f"/certificates/{certificate.code}/download/" in html
    assert f"/verify/{certificate.code}/" in html
    assert (
        f"current until <strong>{certificate.expires_on:%B} {certificate.expires_on.day}," in html
    )
    assert "Next on your list: <strong>Talking with families</strong>" in html
    assert "Back to the course" not in html
    # The course page of the completed course shows the same finish line.
    html = client.get(course.url).content.decode()
    assert "Course complete" in html and f"/certificates/{certificate.code}/download/" in html


def test_completing_the_last_lesson_of_a_course_without_quiz_lands_on_the_finish_line(
    client, officer, django_capture_on_commit_callbacks
):
    course = build_course(title="Scene safety", lessons=2)
    first, last = lessons_of(course)
    client.force_login(officer)
    client.post(f"/learn/lessons/{first.pk}/complete/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/learn/lessons/{last.pk}/complete/")
    html = client.get(course.url).content.decode()
    assert "Course complete" in html and "Download your certificate (PDF)" in html


def test_a_failed_attempt_links_to_the_lessons_behind_the_missed_topics(client, officer):
    course = build_course(title="Leave-behind naloxone", lessons=2)
    recognition_lesson = lessons_of(course)[1]
    quiz = make_quiz(course=course, questions=sample_questions(3, category="Recognition"))
    QuestionCategory.objects.filter(name="Recognition").update(lesson=recognition_lesson)
    client.force_login(officer)
    attempt = take(client, quiz, right=1)
    assert not attempt.passed
    html = client.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "Read again before you retry" in html
    assert f'<a href="{recognition_lesson.url}">{recognition_lesson.title}</a>' in html
    assert "<strong>Recognition</strong>: 2 questions missed" in html
    assert "Course complete" not in html


def test_a_missed_topic_without_a_lesson_points_to_the_course(client, officer):
    course = build_course(title="Leave-behind naloxone", lessons=1)
    quiz = make_quiz(course=course, questions=sample_questions(2, category="Aftercare"))
    client.force_login(officer)
    attempt = take(client, quiz, right=0)
    html = client.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "<strong>Aftercare</strong>: 2 questions missed" in html
    assert "review the course&#x27;s lessons" in html or "review the course's lessons" in html


def test_the_quiz_page_warns_when_lessons_are_not_done(client, officer):
    course = build_course(title="Leave-behind naloxone", lessons=2)
    quiz = make_quiz(course=course)
    first, second = lessons_of(course)
    client.force_login(officer)
    html = client.get(quiz.url).content.decode()
    assert "2 of 2 lessons not done yet." in html and f'href="{first.url}"' in html
    mark_lesson_complete(user=officer, lesson=first)
    mark_lesson_complete(user=officer, lesson=second)
    assert "not done yet" not in client.get(quiz.url).content.decode()


def test_a_lesson_offers_complete_and_continue_and_next_never_skips_credit_silently(
    client, officer
):
    course = build_course(lessons=2)
    first, second = lessons_of(course)
    client.force_login(officer)
    html = client.get(first.url).content.decode()
    assert "Complete and continue" in html
    assert "Skip for now" in html and "without completing this lesson" in html
    response = client.post(f"/learn/lessons/{first.pk}/complete/")
    assert response.status_code == 302 and response["Location"] == second.url
    assert first.progress_records.get(user=officer).completed_at is not None
    html = client.get(first.url).content.decode()
    assert "Skip for now" not in html and ">Next<" in html
