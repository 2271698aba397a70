"""Listeners that connect the courses app's events to the ledger."""

from __future__ import annotations

from django.dispatch import receiver

from courses.signals import course_completed
from lms.ledger import record_completion
from lms.models import Completion


@receiver(course_completed, dispatch_uid="lms.record_online_completion")
def record_online_completion(
    sender, *, user, course, revision=None, attempt=None, score=None, completed_at=None, **kwargs
):
    record_completion(
        user=user,
        course=course,
        method=Completion.Method.ONLINE,
        revision=revision,
        attempt_id=getattr(attempt, "pk", None),
        score=score,
        completed_at=completed_at,
    )
