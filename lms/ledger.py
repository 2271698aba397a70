"""Writing to the completion ledger. Completions are only ever added, never edited."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lms.models import Agency, Completion, Membership
from lms.signals import completion_recorded


def add_months(moment: datetime, months: int) -> datetime:
    """The same day-of-month `months` later, clamped to the month's last day."""
    import calendar

    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def current_membership(user) -> Membership | None:
    """The user's current active membership (the most recent if there are several)."""
    return (
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .select_related("agency")
        .order_by("-started_on", "-pk")
        .first()
    )


def record_completion(
    *,
    user,
    course,
    method: str,
    completed_at: datetime | None = None,
    revision=None,
    attempt_id: int | None = None,
    score: Decimal | None = None,
    recorded_by=None,
    note: str = "",
    agency: Agency | None = None,
) -> Completion:
    """Add a completion with snapshots of who, where and what; announce it after commit."""
    completed_at = completed_at or timezone.now()
    membership = current_membership(user)
    if agency is None and membership is not None:
        agency = membership.agency
    badge = ""
    if membership is not None and agency is not None and membership.agency_id == agency.pk:
        badge = membership.badge_number
    expires_at = (
        add_months(completed_at, course.recertification_months)
        if course.recertification_months
        else None
    )
    revision = revision or course.live_revision
    with transaction.atomic():
        completion = Completion.objects.create(
            user=user,
            agency=agency,
            course=course,
            course_revision=revision,
            course_revision_number=revision.pk if revision else None,
            completed_at=completed_at,
            expires_at=expires_at,
            method=method,
            score=score,
            quiz_attempt_id=attempt_id,
            recorded_by=recorded_by,
            note=note,
            training_minutes=course.estimated_minutes,
            user_name=user.get_full_name(),
            user_email=user.email,
            badge_number=badge,
            agency_name=agency.name if agency else "",
            course_title=course.title,
        )
        transaction.on_commit(
            lambda: completion_recorded.send(sender=Completion, completion=completion)
        )
    return completion
