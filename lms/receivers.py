"""Listeners that connect the courses app's events to the ledger."""

from __future__ import annotations

from django.dispatch import receiver

from courses.signals import course_completed
from lms.models import Completion
from lms.records.ledger import record_completion
from lms.rollcall.services import record_quiz_completion_for_attendee


@receiver(course_completed, dispatch_uid="lms.record_online_completion")
def record_online_completion(
    sender, *, user, course, revision=None, attempt=None, score=None, completed_at=None, **kwargs
):
    """Record the completion; as a roll-call completion when the officer checked in to one.

    An officer who checked in to a quiz-rule roll-call session and then passes the quiz gets a
    roll-call completion attested by the session's supervisor, joining attendance and score.
    """
    attempt_id = getattr(attempt, "pk", None)
    if score is None and attempt is not None:
        score = getattr(attempt, "score_percent", None)
    roll_call = record_quiz_completion_for_attendee(
        user=user,
        course=course,
        revision=revision,
        attempt_id=attempt_id,
        score=score,
        completed_at=completed_at,
    )
    if roll_call is not None:
        return
    record_completion(
        user=user,
        course=course,
        method=Completion.Method.ONLINE,
        revision=revision,
        attempt_id=attempt_id,
        score=score,
        completed_at=completed_at,
    )
