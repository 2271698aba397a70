"""Training done elsewhere ("recorded, not trained here"): the rules, and recording one by hand.

A supervisor (for their own agency) or ORS (for any agency) records training an officer did
before or outside Roll Call LMS: an academy class, another agency's online course. The record
counts toward the person's status like any completion, expiring from its own date with the
course's validity, so training from three years ago shows as expired. We did not train the
person, so it issues no certificate (certificates.issuing) and snapshots none of our content.

The same rules serve the form for one record and the bulk import (lms.past_records_import):
a date within the last PAST_YEARS years and not in the future, a published course, a method
from Completion.OutsideMethod, hours from 0 to MAX_HOURS, a note of at most MAX_NOTE_CHARS,
and a person who is an active member of the agency. A record for the same person, course and
day as one already in the ledger is a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lms.models import Agency, Completion, Membership
from lms.records.ledger import record_completion

PAST_YEARS = 10
MAX_HOURS = Decimal(40)
MAX_NOTE_CHARS = 500


def earliest_past_date(today: date) -> date:
    """The oldest date a record may carry: the same day PAST_YEARS years ago (Feb 29 -> 28)."""
    try:
        return today.replace(year=today.year - PAST_YEARS)
    except ValueError:
        return today.replace(year=today.year - PAST_YEARS, day=28)


def date_problem(day: date, *, today: date | None = None) -> str | None:
    """Why a record cannot carry this date, or None."""
    today = today or timezone.localdate()
    if day > today:
        return "The date cannot be in the future."
    earliest = earliest_past_date(today)
    if day < earliest:
        return (
            f"The date cannot be more than {PAST_YEARS} years ago "
            f"(the earliest is {earliest:%B} {earliest.day}, {earliest.year})."
        )
    return None


def hours_problem(hours: Decimal | None) -> str | None:
    if hours is not None and not (0 <= hours <= MAX_HOURS):
        return f"Hours must be between 0 and {MAX_HOURS}."
    return None


def minutes_from_hours(hours: Decimal | None) -> int:
    """Hours as whole minutes; no hours given counts no minutes (we do not know them)."""
    return 0 if hours is None else int((hours * 60).to_integral_value())


def recorded_at(day: date) -> datetime:
    """Noon local time keeps the calendar date stable in every time zone view (and today's
    record is never later than now)."""
    return min(timezone.make_aware(datetime.combine(day, time(12))), timezone.now())


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of `first` to the end of `last`, local time, as aware datetimes."""
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    return start, end


def ledger_days(*, user_ids: Iterable[int], course_ids: Iterable[int], first: date, last: date):
    """{(user_id, course_id, local day)} of every completion already in the ledger for these
    people and courses between the two dates (one query): the duplicates test."""
    start, end = day_bounds(first, last)
    rows = Completion.objects.filter(
        user_id__in=list(user_ids),
        course_id__in=list(course_ids),
        completed_at__gte=start,
        completed_at__lt=end,
    ).values_list("user_id", "course_id", "completed_at")
    return {(user, course, timezone.localdate(at)) for user, course, at in rows}


def record_past_training(
    *,
    officer,
    course,
    completed_on: date,
    outside_method: str,
    hours: Decimal | None,
    note: str,
    recorded_by,
    agency: Agency,
) -> Completion:
    """One record of training done elsewhere, marked "recorded, not trained here".

    Checks every rule (the view returns 404 for someone off the roster before this; the check
    here keeps the rule true for every caller), including the duplicate test, and raises
    ValidationError keyed by field with nothing written.
    """
    with transaction.atomic():
        # Locking the membership serialises two submissions of the same form (PostgreSQL),
        # so the duplicate test below sees the first one's record.
        membership = (
            Membership.objects.select_for_update()
            .filter(user=officer, agency=agency, status=Membership.Status.ACTIVE)
            .first()
        )
        errors = _problems(
            course=course,
            completed_on=completed_on,
            outside_method=outside_method,
            hours=hours,
            note=note,
        )
        if membership is None:
            errors["officer"] = "This person is not an active member of your agency."
        if not errors and ledger_days(
            user_ids=[officer.pk], course_ids=[course.pk], first=completed_on, last=completed_on
        ):
            errors["completed_on"] = (
                "This person already has a record of this course on this date; nothing was added."
            )
        if errors:
            raise ValidationError(errors)
        return record_completion(
            user=officer,
            course=course,
            method=Completion.Method.MANUAL,
            outside_method=outside_method,
            training_minutes=minutes_from_hours(hours),
            completed_at=recorded_at(completed_on),
            recorded_by=recorded_by,
            note=note.strip(),
            agency=agency,
        )


def _problems(
    *, course, completed_on: date, outside_method: str, hours: Decimal | None, note: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if problem := date_problem(completed_on):
        errors["completed_on"] = problem
    if not type(course).objects.live().filter(pk=course.pk).exists():
        errors["course"] = "This course is not published."
    if outside_method not in Completion.OutsideMethod.values:
        errors["outside_method"] = "Choose how the training was delivered."
    if problem := hours_problem(hours):
        errors["hours"] = problem
    if len(note.strip()) > MAX_NOTE_CHARS:
        errors["note"] = f"The note is longer than {MAX_NOTE_CHARS} characters."
    return errors
