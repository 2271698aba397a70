"""Listeners that connect the quiz app's events to course progress."""

from __future__ import annotations

from django.dispatch import receiver

from courses.progress import check_course_completion
from courses.quiz.signals import quiz_passed


@receiver(quiz_passed, dispatch_uid="courses.check_completion_on_quiz_pass")
def check_completion_on_quiz_pass(sender, *, attempt, **kwargs) -> None:
    """Let course progress decide whether the course is now complete (it sends the signal)."""
    # The id, not attempt.course: the course page is only loaded if the course is now complete.
    check_course_completion(user=attempt.user, course=attempt.course_id, attempt=attempt)
