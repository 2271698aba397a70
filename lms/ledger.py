"""Writing to the completion ledger. Completions are only ever added, never edited."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.access import current_membership, current_memberships
from lms.content_versions import content_versions_of
from lms.models import Agency, Completion, Membership
from lms.signals import completion_recorded
from lms.training_status import cycle_completion


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
) -> Completion:
    """Add a completion with snapshots of who, where and what was learned; announce it after
    commit.

    One quiz attempt completes a course once (a repeated signal returns the existing record).
    While the course is current and outside its renewal window (lms.training_status), the new
    record is a refresher: it keeps the cycle's valid-until date and issues no certificate. An
    online completion without a new quiz attempt in that case adds nothing: it is the same
    lessons completed again.
    """
    completed_at = completed_at or timezone.now()
    with transaction.atomic():
        if attempt_id is not None:
            same_attempt = Completion.objects.filter(
                user=user, course=course, quiz_attempt_id=attempt_id
            ).first()
            if same_attempt is not None:
                return same_attempt
        refreshed = cycle_completion(user=user, course=course, at=completed_at)
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
        revision = revision or course.live_revision
        versions, published_at = content_versions_of(course)
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
                    kind=kind,
                    score=score,
                    quiz_attempt_id=attempt_id,
                    recorded_by=recorded_by,
                    recorded_by_name=recorded_by.get_full_name() if recorded_by else "",
                    note=note,
                    training_minutes=course.estimated_minutes,
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


def record_manual_completion(
    *, officer, course, completed_on: date, note: str, recorded_by, agency: Agency
) -> Completion:
    """A supervisor's record of training done elsewhere: marked manual on every view.

    Refuses dates in the future or before the course existed, and officers who are not
    active members of the supervisor's agency (the view returns 404 before this for the
    latter; the check here keeps the rule true for every caller).
    """
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if completed_on > today:
        errors["completed_on"] = "The date cannot be in the future."
    available_from = course_available_from(course)
    if available_from is None:
        errors["course"] = "This course has not been published yet."
    elif completed_on < available_from:
        errors["completed_on"] = (
            f"The date cannot be before the course existed ({available_from:%B %-d, %Y})."
        )
    if not note.strip():
        errors["note"] = "Say where and how the training happened."
    if not Membership.objects.filter(
        user=officer, agency=agency, status=Membership.Status.ACTIVE
    ).exists():
        errors["officer"] = "This person is not an active member of your agency."
    if errors:
        raise ValidationError(errors)
    # Noon local time keeps the calendar date stable in every time zone view.
    completed_at = timezone.make_aware(datetime.combine(completed_on, time(12)))
    completed_at = min(completed_at, timezone.now())
    return record_completion(
        user=officer,
        course=course,
        method=Completion.Method.MANUAL,
        completed_at=completed_at,
        recorded_by=recorded_by,
        note=note.strip(),
        agency=agency,
    )
