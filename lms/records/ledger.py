"""Writing to the completion ledger. Completions are only ever added, never edited."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.access import current_membership, current_memberships
from lms.models import Agency, Completion
from lms.records.content_versions import content_versions_of
from lms.records.training_status import cycle_completion
from lms.signals import completion_recorded


def add_months(moment: datetime, months: int) -> datetime:
    """The same day-of-month `months` later, clamped to the month's last day."""
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def current_agency_id(user) -> int | None:
    """The agency of current_membership(user), without loading the membership or agency."""
    return current_memberships(user).values_list("agency_id", flat=True).first()


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
    outside_method: str = "",
    training_minutes: int | None = None,
) -> Completion:
    """Add a completion with snapshots of who, where and what was learned; announce it after
    commit.

    One quiz attempt completes a course once (a repeated signal returns the existing record).
    While the course is current and outside its renewal window (lms.records.training_status), the new
    record is a refresher: it keeps the cycle's valid-until date and issues no certificate. An
    online completion without a new quiz attempt in that case adds nothing: it is the same
    lessons completed again.

    Training recorded from elsewhere (method "manual", lms.records.past_records) snapshots no course
    revision or content versions: the person learned none of our content. `training_minutes`
    defaults to the course's estimate.
    """
    completed_at = completed_at or timezone.now()
    with transaction.atomic():
        if attempt_id is not None:
            same_attempt = Completion.objects.filter(
                user=user, course=course, quiz_attempt_id=attempt_id
            ).first()
            if same_attempt is not None:
                return same_attempt
        refreshed = cycle_completion(
            user=user,
            course=course,
            at=completed_at,
            trained_here=method != Completion.Method.MANUAL,
        )
        if refreshed is not None and method == Completion.Method.ONLINE and attempt_id is None:
            return refreshed
        membership = current_membership(user)
        if agency is None and membership is not None:
            agency = membership.agency
        badge = ""
        if membership is not None and agency is not None and membership.agency_id == agency.pk:
            badge = membership.badge_number
        if refreshed is not None:
            kind, expires_at = Completion.Kind.REFRESHER, refreshed.expires_at
        else:
            kind = Completion.Kind.CERTIFYING
            expires_at = (
                add_months(completed_at, course.recertification_months)
                if course.recertification_months
                else None
            )
        if method == Completion.Method.MANUAL:
            revision, versions, published_at = None, {}, None
        else:
            revision = revision or course.live_revision
            versions, published_at = content_versions_of(course)
        if training_minutes is None:
            training_minutes = course.estimated_minutes
        try:
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
                    outside_method=outside_method,
                    kind=kind,
                    score=score,
                    quiz_attempt_id=attempt_id,
                    recorded_by=recorded_by,
                    recorded_by_name=recorded_by.get_full_name() if recorded_by else "",
                    note=note,
                    training_minutes=training_minutes,
                    user_name=user.get_full_name(),
                    user_email=user.email,
                    badge_number=badge,
                    agency_name=agency.name if agency else "",
                    course_title=course.title,
                    content_versions=versions,
                    content_published_at=published_at,
                )
        except IntegrityError:
            # A concurrent delivery of the same attempt won the race; keep its record.
            existing = Completion.objects.filter(
                user=user, course=course, quiz_attempt_id=attempt_id
            ).first()
            if existing is None:
                raise
            return existing
        # robust: the completion is committed by then; a receiver that fails (a certificate that
        # cannot be issued this moment) is logged, and must not turn the officer's recorded
        # result into an error page.
        transaction.on_commit(
            lambda: completion_recorded.send(sender=Completion, completion=completion),
            robust=True,
        )
    return completion


def course_available_from(course) -> date | None:
    """The first day the course existed for learners (its first publication), or None."""
    first = (
        type(course)
        .objects.filter(pk=course.pk)
        .values_list("first_published_at", flat=True)
        .first()
    )
    return timezone.localdate(first) if first else None
