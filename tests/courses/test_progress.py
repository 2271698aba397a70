from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import LessonProgress
from courses.progress import (
    check_course_completion,
    course_progress_for,
    mark_lesson_complete,
    mark_lesson_started,
)
from lms.models import Completion
from tests.factories import UserFactory, build_course, build_lesson, make_completion
from tests.helpers import lessons_of

pytestmark = pytest.mark.django_db


def test_marking_a_lesson_complete_twice_changes_nothing():
    course = build_course(lessons=2)
    officer = UserFactory()
    first = lessons_of(course)[0]
    row = mark_lesson_complete(user=officer, lesson=first)
    again = mark_lesson_complete(user=officer, lesson=first)
    assert LessonProgress.objects.count() == 1
    assert again.completed_at == row.completed_at
    assert again.course_id == course.pk


def test_starting_a_lesson_twice_keeps_the_first_start():
    course = build_course(lessons=1)
    officer = UserFactory()
    lesson = lessons_of(course)[0]
    first = mark_lesson_started(user=officer, lesson=lesson)
    second = mark_lesson_started(user=officer, lesson=lesson)
    assert first.started_at == second.started_at
    assert LessonProgress.objects.get().completed_at is None


def test_progress_shows_statuses_percent_and_resumes_at_the_first_unfinished_lesson():
    course = build_course(lessons=4)
    officer = UserFactory()
    one, two, three, four = lessons_of(course)
    mark_lesson_complete(user=officer, lesson=one)
    mark_lesson_complete(user=officer, lesson=three)
    mark_lesson_started(user=officer, lesson=four)
    progress = course_progress_for(user=officer, course=course)
    assert [item.status for item in progress.lessons] == [
        "completed",
        "not_started",
        "completed",
        "in_progress",
    ]
    assert progress.percent == 50
    assert progress.next_lesson.pk == two.pk
    assert progress.status == "in_progress"


def test_draft_lessons_do_not_count_towards_progress():
    course = build_course(lessons=1)
    build_lesson(course=course, title="Draft lesson", publish=False)
    officer = UserFactory()
    mark_lesson_complete(user=officer, lesson=lessons_of(course)[0])
    progress = course_progress_for(user=officer, course=course)
    assert progress.total == 1
    assert progress.is_complete


def test_completing_the_last_lesson_sends_course_completed_once_with_the_live_revision(
    completions_sent,
):
    course = build_course(lessons=2, recertification_months=12)
    officer = UserFactory()
    for lesson in lessons_of(course):
        mark_lesson_complete(user=officer, lesson=lesson)
    for lesson in lessons_of(course):
        mark_lesson_complete(user=officer, lesson=lesson)
    assert check_course_completion(user=officer, course=course) is False
    assert len(completions_sent) == 1
    course.refresh_from_db()
    assert completions_sent[0]["revision"].pk == course.live_revision_id
    completion = Completion.objects.get(user=officer, course=course)
    assert completion.course_revision_id == course.live_revision_id
    assert completion.method == Completion.Method.ONLINE
    assert completion.kind == Completion.Kind.CERTIFYING


def test_course_is_not_complete_while_a_lesson_is_unfinished(completions_sent):
    course = build_course(lessons=2)
    officer = UserFactory()
    mark_lesson_complete(user=officer, lesson=lessons_of(course)[0])
    assert check_course_completion(user=officer, course=course) is False
    assert completions_sent == []


def test_a_course_without_lessons_is_never_completed(completions_sent):
    course = build_course(lessons=0)
    assert check_course_completion(user=UserFactory(), course=course) is False


def test_recertification_starts_a_new_cycle_only_after_the_completion_expired(completions_sent):
    course = build_course(lessons=2, recertification_months=12)
    officer = UserFactory()
    one, two = lessons_of(course)
    # A year and more ago: lessons done and the course completed then; it has expired since.
    past = timezone.now() - timedelta(days=400)
    LessonProgress.objects.bulk_create(
        LessonProgress(
            user=officer, lesson=lesson, course=course, started_at=past, completed_at=past
        )
        for lesson in (one, two)
    )
    make_completion(user=officer, course=course, days_ago=400)
    progress = course_progress_for(user=officer, course=course)
    assert progress.is_expired and not progress.is_complete
    assert [item.status for item in progress.lessons] == ["not_started", "not_started"]
    assert check_course_completion(user=officer, course=course) is False

    mark_lesson_complete(user=officer, lesson=one)
    assert completions_sent == []
    mark_lesson_complete(user=officer, lesson=two)
    assert len(completions_sent) == 1
    assert list(Completion.objects.values_list("kind", flat=True)) == ["certifying"] * 2
    assert course_progress_for(user=officer, course=course).is_complete
    assert LessonProgress.objects.count() == 2

    # While the new completion is current, completing lessons again sends nothing.
    mark_lesson_complete(user=officer, lesson=two)
    assert check_course_completion(user=officer, course=course) is False
    assert len(completions_sent) == 1


def test_anonymous_visitors_see_every_lesson_not_started():
    course = build_course(lessons=2, is_public=True)
    from django.contrib.auth.models import AnonymousUser

    progress = course_progress_for(user=AnonymousUser(), course=course)
    assert progress.percent == 0
    assert progress.next_lesson.pk == lessons_of(course)[0].pk


def test_a_course_with_a_live_quiz_waits_for_a_pass_unless_its_rule_is_lessons_only(
    completions_sent, client
):
    from tests.courses.quiz.helpers import make_quiz

    strict = build_course(lessons=1)
    make_quiz(course=strict)
    lenient = build_course(lessons=1, completion_rule="lessons_only")
    make_quiz(course=lenient)
    officer = UserFactory()
    mark_lesson_complete(user=officer, lesson=lessons_of(strict)[0])
    mark_lesson_complete(user=officer, lesson=lessons_of(lenient)[0])
    assert [kwargs["course"].pk for kwargs in completions_sent] == [lenient.pk]

    progress = course_progress_for(user=officer, course=strict)
    assert progress.lessons_done and not progress.is_complete
    assert progress.quiz is not None
    client.force_login(officer)
    html = client.get(strict.url).content.decode()
    assert "Take the quiz" in html
    response = client.post(f"/learn/lessons/{lessons_of(strict)[0].pk}/complete/")
    assert response["Location"] == strict.get_children().live().last().url
