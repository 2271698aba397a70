"""A course's outline (live lessons, live quiz, rule) for the completion check, and what that
means for officers: publishing is seen at once, and a quiz pass costs a bounded number of
queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage
from courses.outline import outline_of
from courses.progress import mark_lesson_complete
from lms.models import Completion
from tests.courses.quiz.helpers import answer, finish, make_quiz, start
from tests.factories import UserFactory, build_course, build_lesson

pytestmark = pytest.mark.django_db


def queries_of(call) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured.captured_queries)


def test_the_outline_follows_the_published_lessons_at_once():
    course = build_course(lessons=2)
    quiz = make_quiz(course=course)
    first, queries = queries_of(lambda: outline_of(course.pk))
    assert queries == 2  # the course's rule and place in the tree, then its live children
    assert first.quiz_id == quiz.pk and len(first.lesson_ids) == 2 and first.requires_quiz
    added = build_lesson(course=course, title="Lesson 3")
    assert outline_of(course.pk).lesson_ids == (*first.lesson_ids, added.pk)


def test_an_outline_of_a_course_that_is_gone_is_none():
    assert outline_of(987654) is None


def test_a_lesson_published_after_the_outline_was_kept_must_be_done_before_the_course_is(client):
    course = build_course(lessons=1)
    quiz = make_quiz(course=course, pass_mark=60)
    officer = UserFactory()
    mark_lesson_complete(user=officer, lesson=LessonPage.objects.child_of(course).get())
    assert len(outline_of(course.pk).lesson_ids) == 1
    new_lesson = build_lesson(course=course, title="New lesson")
    client.force_login(officer)
    attempt = start(client, quiz)
    for position in range(1, attempt.max_points + 1):
        answer(client, attempt, position)
    finish(client, attempt)
    attempt.refresh_from_db()
    assert attempt.passed and not Completion.objects.filter(user=officer).exists()
    mark_lesson_complete(user=officer, lesson=new_lesson)
    assert Completion.objects.filter(user=officer, course=course).count() == 1


def test_a_quiz_taken_down_after_the_outline_was_kept_is_no_longer_required():
    course = build_course(lessons=1)
    quiz = make_quiz(course=course)
    assert outline_of(course.pk).quiz_id == quiz.pk
    quiz.unpublish()
    officer = UserFactory()
    mark_lesson_complete(user=officer, lesson=LessonPage.objects.child_of(course).get())
    assert Completion.objects.filter(user=officer, course=course).count() == 1


def test_a_pass_with_lessons_still_open_runs_a_bounded_number_of_queries(client):
    """At roll call most passes come before the last lesson."""
    course = build_course(lessons=2)
    quiz = make_quiz(course=course)
    officer = UserFactory()
    client.force_login(officer)
    attempt = start(client, quiz)
    for position in range(1, attempt.max_points + 1):
        answer(client, attempt, position)
    with CaptureQueriesContext(connection) as captured:
        response = finish(client, attempt)
    assert response.status_code == 302 and "/result/" in response["Location"]
    attempt.refresh_from_db()
    assert attempt.passed and not Completion.objects.filter(user=officer).exists()
    assert len(captured.captured_queries) <= 12, [q["sql"] for q in captured.captured_queries]
