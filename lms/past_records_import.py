"""Importing past training: check every row, preview, then write all new rows or none.

The flow follows the roster import: upload -> preview listing each row's problem in words ->
confirm. The rows travel from the preview to the confirmation signed (bound to the agency and
the person importing, valid for an hour), and the confirmation checks them all again against
the database, in the one transaction that writes them: a member who left, a course taken down
or a record added meanwhile is reported, and nothing is written.

Rules (lms.records.past_records): the person is an active member of the agency, found by e-mail or
badge (a stranger's address reads exactly like an unknown one, so a file reveals nothing about
accounts elsewhere); a published course by title or slug; a date within the last ten years and
not in the future; a method from the fixed list; hours 0-40; a note of at most 500 characters.
A row for the same person, course and day as a record already in the ledger, or as an earlier
row of the file, is a duplicate: reported, and skipped on confirmation, so importing the same
file again writes nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import transaction

from lms.audit import audit_event
from lms.models import Agency, Completion, Membership
from lms.records.ledger import record_completion
from lms.records.past_records import (
    MAX_NOTE_CHARS,
    date_problem,
    hours_problem,
    ledger_days,
    minutes_from_hours,
    recorded_at,
)
from lms.records.past_records_file import PastRecordRow, PastRecordsReport
from lms.selectors.columns import live_courses

DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y")
METHOD_WORDS = {
    " ".join(str(label).lower().replace("-", " ").split()): value
    for value, label in Completion.OutsideMethod.choices
}
METHODS_IN_WORDS = ", ".join(
    f"“{str(label).lower()}”" for _, label in Completion.OutsideMethod.choices
)
ROWS_SALT = "lms.records.past_records.rows"
ROWS_MAX_AGE = 60 * 60


@dataclass(frozen=True)
class Resolved:
    """What a good row means: ready to write."""

    membership: Membership
    course: object
    day: date
    outside_method: str = ""
    hours: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class ImportOutcome:
    recorded: int
    skipped: int


class PastRecordsRefused(Exception):
    """A confirmation found problems: nothing was written. Carries the report to show."""

    def __init__(self, report: PastRecordsReport):
        super().__init__("The file has problems; nothing was recorded.")
        self.report = report


def parse_date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_method(text: str) -> str | None:
    words = " ".join(text.lower().replace("-", " ").replace("_", " ").split())
    return METHOD_WORDS.get(words)


def parse_hours(text: str) -> tuple[Decimal | None, str | None]:
    """(hours, problem): empty is no hours."""
    if not text:
        return None, None
    try:
        hours = Decimal(text)
    except InvalidOperation:
        return None, f"The hours “{text}” are not a number."
    if not hours.is_finite():
        return None, f"The hours “{text}” are not a number."
    return hours, hours_problem(hours)


class _Lookup:
    """The agency's active members and the published courses, read once per check."""

    def __init__(self, agency: Agency, *, lock: bool):
        members = Membership.objects.filter(agency=agency, status=Membership.Status.ACTIVE)
        if lock:  # serialises concurrent imports for the same people (PostgreSQL)
            members = members.select_for_update(of=("self",))
        self.agency = agency
        self.by_email: dict[str, Membership] = {}
        self.by_badge: dict[str, list[Membership]] = {}
        for membership in members.select_related("user").order_by("pk"):
            self.by_email[membership.user.email.lower()] = membership
            if membership.badge_number:
                self.by_badge.setdefault(membership.badge_number.lower(), []).append(membership)
        self.by_title: dict[str, list] = {}
        self.by_slug: dict[str, list] = {}  # slugs are unique among siblings only
        for course in live_courses():
            self.by_title.setdefault(course.title.lower(), []).append(course)
            self.by_slug.setdefault(course.slug.lower(), []).append(course)

    def person(self, row: PastRecordRow) -> Membership | str:
        """The member the row names, or why not (the same words whoever the address is)."""
        if not row.email and not row.badge:
            return "Give the person's e-mail or badge."
        by_email = by_badge = None
        if row.email:
            by_email = self.by_email.get(row.email.lower())
            if by_email is None:
                return f"No active member of {self.agency.name} has the e-mail “{row.email}”."
        if row.badge:
            matches = self.by_badge.get(row.badge.lower(), [])
            if not matches:
                return f"No active member of {self.agency.name} has the badge “{row.badge}”."
            if len(matches) > 1 and by_email is None:
                return f"More than one member has the badge “{row.badge}”: give the e-mail."
            by_badge = by_email if by_email in matches else matches[0]
        if by_email is not None and by_badge is not None and by_email != by_badge:
            return "The e-mail and the badge belong to different members."
        return by_email or by_badge

    def course(self, text: str):
        """The published course titled or slugged `text`, or why not."""
        if not text:
            return "The course is missing."
        titled = self.by_title.get(text.lower(), [])
        if len(titled) == 1:
            return titled[0]
        if len(titled) > 1:
            slugs = ", ".join(c.slug for c in titled)
            return f"Several published courses are called “{text}”: use one's short name ({slugs})."
        slugged = self.by_slug.get(text.lower(), [])
        if len(slugged) == 1:
            return slugged[0]
        if len(slugged) > 1:
            return f"Several published courses have the short name “{text}”: use the title."
        return f"No published course is called “{text}”. Use a title from the import page."


def check_rows(*, agency: Agency, report: PastRecordsReport, lock: bool = False) -> list[Resolved]:
    """Every row checked, its problems and duplicates written on it; the rows to write."""
    lookup = _Lookup(agency, lock=lock)
    candidates: list[tuple[PastRecordRow, Resolved]] = []
    for row in report.rows:
        resolved = _check_row(row, lookup=lookup)
        if resolved is not None:
            candidates.append((row, resolved))
    if not candidates:
        return []
    days = [resolved.day for _, resolved in candidates]
    in_ledger = ledger_days(
        user_ids={resolved.membership.user_id for _, resolved in candidates},
        course_ids={resolved.course.pk for _, resolved in candidates},
        first=min(days),
        last=max(days),
    )
    seen: dict[tuple, int] = {}
    to_write = []
    for row, resolved in candidates:
        key = (resolved.membership.user_id, resolved.course.pk, resolved.day)
        if key in in_ledger:
            row.duplicate = "Already recorded for this person, course and date: skipped."
        elif key in seen:
            row.duplicate = f"Same person, course and date as row {seen[key]}: skipped."
        else:
            seen[key] = row.line
            _check_details(row)
            if not row.problems:
                details = {
                    "outside_method": parse_method(row.method),
                    "hours": parse_hours(row.hours)[0],
                    "note": row.note,
                }
                to_write.append(replace(resolved, **details))
    return to_write


def _check_row(row: PastRecordRow, *, lookup: _Lookup) -> Resolved | None:
    """Who, which course and when: what the duplicate test needs. None when one is wrong."""
    person = lookup.person(row)
    if isinstance(person, str):
        row.problems.append(person)
    else:
        row.person_name = person.user.get_full_name() or person.user.email
    course = lookup.course(row.course)
    if isinstance(course, str):
        row.problems.append(course)
    else:
        row.course_title = course.title
    day = parse_date(row.date) if row.date else None
    if not row.date:
        row.problems.append("The date is missing.")
    elif day is None:
        row.problems.append(
            f"“{row.date}” is not a date: write it as year-month-day (2024-05-13) "
            "or month/day/year (5/13/2024)."
        )
    elif problem := date_problem(day):
        row.problems.append(problem)
    if row.problems or isinstance(person, str) or isinstance(course, str) or day is None:
        _check_details(row)
        return None
    return Resolved(membership=person, course=course, day=day)


def _check_details(row: PastRecordRow) -> None:
    """Method, hours and note: only for rows that are not duplicates."""
    if not row.method:
        row.problems.append(f"The method is missing: use {METHODS_IN_WORDS}.")
    elif parse_method(row.method) is None:
        row.problems.append(f"Unknown method “{row.method}”: use {METHODS_IN_WORDS}.")
    problem = parse_hours(row.hours)[1]
    if problem:
        row.problems.append(problem)
    if len(row.note) > MAX_NOTE_CHARS:
        row.problems.append(f"The note is longer than {MAX_NOTE_CHARS} characters.")


def preview_past_records(*, agency: Agency, report: PastRecordsReport) -> PastRecordsReport:
    """The upload's report with every row checked (reads only)."""
    if not report.file_problems:
        check_rows(agency=agency, report=report)
    return report


def import_past_records(
    *, agency: Agency, rows: list[PastRecordRow], file_name: str, imported_by
) -> ImportOutcome:
    """Check every row again and write the new ones, all in one transaction, or none.

    Raises PastRecordsRefused (with the report) when any non-duplicate row has a problem.
    Rows are written oldest first, so each record's kind (certifying or refresher) follows
    the ones before it.
    """
    report = PastRecordsReport(file_name=file_name, rows=rows)
    with transaction.atomic():
        to_write = check_rows(agency=agency, report=report, lock=True)
        if report.has_problems:
            raise PastRecordsRefused(report)
        for resolved in sorted(to_write, key=lambda r: r.day):
            record_completion(
                user=resolved.membership.user,
                course=resolved.course,
                method=Completion.Method.MANUAL,
                outside_method=resolved.outside_method,
                training_minutes=minutes_from_hours(resolved.hours),
                completed_at=recorded_at(resolved.day),
                recorded_by=imported_by,
                note=resolved.note,
                agency=agency,
            )
        outcome = ImportOutcome(recorded=len(to_write), skipped=len(report.duplicate_rows))
        audit_event(
            instance=agency,
            action="rollcall.past_training",
            user=imported_by,
            data={"file": file_name, "recorded": outcome.recorded, "skipped": outcome.skipped},
        )
    return outcome


def _salt(*, agency: Agency, user) -> str:
    return f"{ROWS_SALT}.{agency.pk}.{user.pk}"


def sign_rows(*, report: PastRecordsReport, agency: Agency, user) -> str:
    payload = {"file": report.file_name, "rows": [row.raw() for row in report.rows]}
    return signing.dumps(payload, salt=_salt(agency=agency, user=user), compress=True)


def unsign_rows(signed: str, *, agency: Agency, user) -> tuple[str, list[PastRecordRow]] | None:
    """(file name, rows) from a preview of this agency by this person, or None when stale,
    changed or someone else's."""
    try:
        payload = signing.loads(signed, salt=_salt(agency=agency, user=user), max_age=ROWS_MAX_AGE)
    except signing.BadSignature:
        return None
    return payload["file"], [PastRecordRow.from_raw(raw) for raw in payload["rows"]]
