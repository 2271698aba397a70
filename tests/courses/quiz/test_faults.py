"""A crash between grading and commit leaves nothing half-written; the retry grades once."""

from __future__ import annotations

import pytest

from courses.models import LessonPage
from courses.progress import mark_lesson_complete
from courses.quiz.models import QuizAttempt
from courses.signals import course_completed
from lms.models import Completion
from tests.factories import build_course

from .helpers import answer, finish, make_quiz, start

pytestmark = pytest.mark.django_db


class CrashAfterGrading(RuntimeError):
    """Stands for the process dying after the attempt is graded, before the commit."""


@pytest.fixture
def crash_once():
    """A listener on course_completed (sent inside the grading transaction) that fails once,
    after the ledger's own listener has already written the completion."""
    calls = {"count": 0}

    def crash(sender, **kwargs):
        calls["count"] += 1
        if calls["count"] == 1:
            raise CrashAfterGrading

    course_completed.connect(crash, weak=False, dispatch_uid="crash-after-grading")
    yield calls
    course_completed.disconnect(dispatch_uid="crash-after-grading")


def test_a_crash_after_grading_rolls_back_the_grade_and_the_completion(client, user, crash_once):
    course = build_course(lessons=1)
    quiz = make_quiz(course=course, pass_mark=60)
    for lesson in LessonPage.objects.child_of(course):
        mark_lesson_complete(user=user, lesson=lesson)
    client.force_login(user)
    attempt = start(client, quiz)
    for position in range(1, attempt.max_points + 1):
        answer(client, attempt, position, correct=True)

    client.raise_request_exception = False
    response = finish(client, attempt)
    assert response.status_code == 500
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.IN_PROGRESS  # all or nothing: not graded
    assert attempt.passed is not True
    assert not Completion.objects.exists()
    assert attempt.questions.filter(answered_at__isnull=False).count() == attempt.max_points

    # The officer presses the button again: one graded attempt, one completion.
    client.raise_request_exception = True
    finish(client, attempt)
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.COMPLETED and attempt.passed
    assert QuizAttempt.objects.filter(user=user, quiz=quiz).count() == 1
    assert Completion.objects.filter(user=user).count() == 1
