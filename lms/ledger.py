"""Writing to the completion ledger. Completions are only ever added, never edited."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lms.models import Agency, Completion, Membership
from lms.signals import completion_recorded


def add_months(moment: datetime, months: int) -> datetime:
    """The same day-of-month `months` later, clamped to the month's last day."""
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _current_memberships(user):
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).order_by(
        "-started_on", "-pk"
    )


def current_membership(user) -> Membership | None:
    """The user's current active membership (the most recent if there are several)."""
    return _current_memberships(user).select_related("agency").first()


def current_agency_id(user) -> int | None:
    """The agency of current_membership(user), without loading the membership or agency."""
    return _current_memberships(user).values_list("agency_id", flat=True).first()


def current_cycle_completion(*, user, course, at: datetime | None = None) -> Completion | None:
    """The user's completion of the course that is still in its cycle at `at`.

    A completion stays "in cycle" until it enters the expiring window (see
    lms.selectors.expiring_within_days): after that, completing the course again is a
    recertification and makes a new record. Courses that never expire have one cycle.
    """
    from lms.selectors import expiring_within_days

    at = at or timezone.now()
    window_starts_after = at + timedelta(days=expiring_within_days())
    return (
        Completion.objects.filter(user=user, course=course)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=window_starts_after))
        .order_by("-completed_at")
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
    """Add a completion with snapshots of who, where and what; announce it after commit.

    Online completions are idempotent within a cycle: a repeated course_completed signal (or a
    retake while the last completion is still valid) returns the existing record and announces
    nothing. Roll-call and manual records are always added: each is its own evidence.
    """
    completed_at = completed_at or timezone.now()
    with transaction.atomic():
        if method == Completion.Method.ONLINE:
            existing = _existing_online_completion(
                user=user, course=course, attempt_id=attempt_id, at=completed_at
            )
            if existing is not None:
                return existing
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


def _existing_online_completion(*, user, course, attempt_id, at) -> Completion | None:
    if attempt_id is not None:
        same_attempt = Completion.objects.filter(
            user=user, course=course, quiz_attempt_id=attempt_id
        ).first()
        if same_attempt is not None:
            return same_attempt
    return current_cycle_completion(user=user, course=course, at=at)


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
