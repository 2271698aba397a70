"""Roster import: a supervisor uploads a CSV or XLSX of officers, previews it, then confirms.

The file is parsed in memory and never stored. The parsed rows wait in the session between the
preview and the confirmation. Nothing is written when any row has a problem, and the import runs
in one transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from lms.conf import absolute_url, app_settings
from lms.models import Agency, Membership
from lms.people.invitations import invite_to_agency, send_invitation_notices
from lms.people.onboarding import approve_membership
from lms.spreadsheets import (
    ImportReport,
    SpreadsheetRefused,
    TableLimits,
    normalise_header,
    read_limited_table,
)
from lms.spreadsheets import too_large_message as spreadsheet_too_large

SESSION_PREFIX = "lms_roster_import_"
COLUMNS = ("first_name", "last_name", "email", "badge_number", "rank", "unit")
REQUIRED_COLUMNS = ("first_name", "last_name", "email")
COLUMN_LABELS = {
    "first_name": "first name",
    "last_name": "last name",
    "email": "e-mail",
    "badge_number": "badge",
    "rank": "rank",
    "unit": "unit",
}
# Header spellings people use, reduced to lower-case letters and digits.
HEADER_ALIASES = {
    "firstname": "first_name",
    "first": "first_name",
    "givenname": "first_name",
    "lastname": "last_name",
    "last": "last_name",
    "surname": "last_name",
    "familyname": "last_name",
    "email": "email",
    "emailaddress": "email",
    "mail": "email",
    "badge": "badge_number",
    "badgenumber": "badge_number",
    "badgeno": "badge_number",
    "shield": "badge_number",
    "rank": "rank",
    "title": "rank",
    "unit": "unit",
    "shift": "unit",
    "unitorshift": "unit",
    "squad": "unit",
}
MAX_LENGTHS = {
    "first_name": 150,
    "last_name": 150,
    "email": 254,
    "badge_number": 32,
    "rank": 64,
    "unit": 64,
}


@dataclass
class RosterRow:
    line: int
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    badge_number: str = ""
    rank: str = ""
    unit: str = ""
    problems: list[str] = field(default_factory=list)


@dataclass
class RosterPreview(ImportReport):
    """The roster's rows (RosterRow), as the preview shows them."""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # badge numbers typed as numbers in Excel
    return str(value).strip()


def roster_limits() -> TableLimits:
    """How much of an upload the roster import reads (see lms.spreadsheets)."""
    return TableLimits(max_rows=app_settings.roster_max_rows, sniff_delimiter=True)


def too_large_message(size: int) -> str:
    return spreadsheet_too_large(size, limit=app_settings.roster_max_bytes)


def parse_roster(*, file_name: str, data: bytes) -> RosterPreview:
    """Read the upload and report every problem; no database writes."""
    preview = RosterPreview(file_name=file_name)
    try:
        table = read_limited_table(
            file_name=file_name,
            data=data,
            max_bytes=app_settings.roster_max_bytes,
            limits=roster_limits(),
        )
    except SpreadsheetRefused as exc:
        preview.file_problems.append(str(exc))
        return preview
    header, body = table[0], table[1:]
    columns: list[str | None] = []
    for raw in header:
        label = _cell(raw)
        key = HEADER_ALIASES.get(normalise_header(label))
        if label and key is None:
            preview.file_problems.append(
                f"Unknown column “{label}”. Use the columns: "
                + ", ".join(COLUMN_LABELS[c] for c in COLUMNS)
                + "."
            )
        elif key in columns:
            preview.file_problems.append(f"The column “{label}” appears twice.")
        columns.append(key)
    for required in REQUIRED_COLUMNS:
        if required not in columns:
            preview.file_problems.append(f"The column “{COLUMN_LABELS[required]}” is missing.")
    if preview.file_problems:
        return preview
    if not body:
        preview.file_problems.append("The file has a header row but no officers.")
        return preview
    if len(body) > app_settings.roster_max_rows:
        preview.file_problems.append(
            f"The file has {len(body)} rows; at most {app_settings.roster_max_rows} can be imported."
        )
        return preview

    seen: dict[str, int] = {}
    for index, raw_row in enumerate(body, start=2):
        row = RosterRow(line=index)
        for key, value in zip(columns, raw_row, strict=False):
            if key:
                setattr(row, key, _cell(value))
        if len(raw_row) > len(columns) and any(_cell(v) for v in raw_row[len(columns) :]):
            row.problems.append("This row has more cells than the header.")
        for required in REQUIRED_COLUMNS:
            if not getattr(row, required):
                row.problems.append(f"The {COLUMN_LABELS[required]} is missing.")
        for key, limit in MAX_LENGTHS.items():
            if len(getattr(row, key)) > limit:
                row.problems.append(f"The {COLUMN_LABELS[key]} is longer than {limit} characters.")
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                row.problems.append(f"“{row.email}” is not a valid e-mail address.")
            else:
                key = row.email.lower()
                if key in seen:
                    row.problems.append(f"The e-mail is also on row {seen[key]} of the file.")
                else:
                    seen[key] = index
        preview.rows.append(row)
    return preview


def stash_preview(*, session, agency: Agency, preview: RosterPreview) -> str:
    """Keep the parsed rows in the session until confirmation; returns a one-time token."""
    token = secrets.token_urlsafe(16)
    session[f"{SESSION_PREFIX}{agency.pk}"] = {
        "token": token,
        "file_name": preview.file_name,
        "rows": [asdict(row) for row in preview.rows],
    }
    return token


def take_stashed_rows(*, session, agency: Agency, token: str) -> list[RosterRow] | None:
    stash = session.get(f"{SESSION_PREFIX}{agency.pk}")
    if not stash or not token or not secrets.compare_digest(stash["token"], token):
        return None
    del session[f"{SESSION_PREFIX}{agency.pk}"]
    return [RosterRow(**row) for row in stash["rows"]]


@dataclass(frozen=True)
class ImportOutcome:
    """What the supervisor is told. `invited` counts new addresses and existing accounts
    alike: the agency must not learn which addresses already have an account."""

    invited: int
    updated: int


class RosterRefused(Exception):
    """The import cannot go ahead; nothing was written."""


def import_roster(*, agency: Agency, rows: list[RosterRow], imported_by) -> ImportOutcome:
    """Write the roster: all rows or none.

    People already on the roster (active, or waiting for approval after using the join code)
    get the file's badge, rank and unit; a waiting request is approved. Everyone else is
    invited (lms.people.invitations) and joins only by accepting: an existing account is never made a
    member by someone else's file, and an address without an account gets one with no
    password, plus an e-mail to choose it.
    """
    if not rows or any(row.problems for row in rows):
        raise RosterRefused("The roster has problems; nothing was imported.")
    User = get_user_model()
    new_accounts: list[int] = []
    notices: list[int] = []
    invited = updated = 0
    with transaction.atomic():
        emails = [row.email.lower() for row in rows]
        existing = {u.email.lower(): u for u in User.objects.filter(email__in=_ci(emails))}
        for row in rows:
            user = existing.get(row.email.lower())
            membership = None
            if user is not None:
                membership = (
                    Membership.objects.filter(user=user, agency=agency)
                    .exclude(status=Membership.Status.ENDED)
                    .first()
                )
            if membership is not None:
                _update_member(membership=membership, row=row, imported_by=imported_by)
                updated += 1
                continue
            is_new = user is None
            if is_new:
                user = User(email=row.email, first_name=row.first_name, last_name=row.last_name)
                user.set_unusable_password()
                user.save()
                EmailAddress.objects.create(
                    user=user, email=row.email, primary=True, verified=False
                )
            invitation, _created = invite_to_agency(
                agency=agency,
                user=user,
                invited_by=imported_by,
                first_name=row.first_name,
                last_name=row.last_name,
                email=row.email,
                badge_number=row.badge_number,
                rank=row.rank,
                unit=row.unit,
            )
            if is_new or not user.has_usable_password():
                new_accounts.append(user.pk)  # an account nobody has set up yet: its password
            else:
                notices.append(invitation.pk)
            invited += 1

        def send_emails() -> None:
            send_invitations(user_ids=new_accounts, agency_id=agency.pk, must_accept=True)
            send_invitation_notices(invitation_ids=notices)

        transaction.on_commit(send_emails)
    return ImportOutcome(invited=invited, updated=updated)


def _update_member(*, membership: Membership, row: RosterRow, imported_by) -> None:
    """A person already on the roster: the file's details; a waiting join request approved."""
    membership.badge_number = row.badge_number
    membership.rank = row.rank
    membership.unit = row.unit
    membership.save(update_fields=["badge_number", "rank", "unit", "updated_at"])
    if membership.status == Membership.Status.PENDING:
        # The person asked to join with the code; the supervisor's file is the approval.
        approve_membership(membership=membership, decided_by=imported_by)


def _ci(emails: list[str]):
    """E-mails to match case-insensitively (the lower-case form is unique in the database)."""
    User = get_user_model()
    from django.db.models.functions import Lower

    return (
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values("email")
    )


def invitation_url(user) -> str:
    """A link to allauth's password set (reset-from-key) page for this person."""
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return absolute_url(path)


def send_invitations(*, user_ids: list[int], agency_id: int, must_accept: bool = False) -> int:
    """E-mail each new person a link to set their password (after the write committed).

    `must_accept` when the agency only invited them (a roster import): the e-mail says to
    accept the invitation on the dashboard after choosing a password."""
    User = get_user_model()
    agency = Agency.objects.get(pk=agency_id)
    sent = 0
    for user in User.objects.filter(pk__in=user_ids):
        context = {
            "user": user,
            "agency": agency,
            "url": invitation_url(user),
            "must_accept": must_accept,
        }
        subject = render_to_string("lms/email/invitation_subject.txt", context).strip()
        body = render_to_string("lms/email/invitation_message.txt", context)
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
