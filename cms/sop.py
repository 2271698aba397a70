"""SOP adoption and acknowledgement: the work behind the officer's and supervisor's SOP pages.

Who is outstanding or overdue is decided in cms.sop_status, once for every page and export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.models import SOPAcknowledgement, SOPAdoption, ToolkitPage
from cms.sop_status import SOPState, SOPStatus, agency_sop_statuses
from cms.sop_text import SOP_TEXT_MAX_CHARS, normalise_sop_text, placeholders_in
from lms.access import supervised_agencies
from lms.models import Agency, Membership
from lms.notifications import events as notification_events
from lms.spreadsheet_exports import csv_cell

SOP_MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def model_sop() -> ToolkitPage | None:
    return ToolkitPage.objects.live().filter(kind=ToolkitPage.Kind.MODEL_SOP).first()


def validate_sop_pdf(upload: UploadedFile) -> None:
    """Own SOPs are PDFs only, within the size limit; checked by content, not just the name."""
    if not upload.name.lower().endswith(".pdf"):
        raise ValidationError("Upload the SOP as a PDF file (.pdf).")
    if upload.size > SOP_MAX_UPLOAD_BYTES:
        raise ValidationError("The PDF is larger than 5 MB. Please upload a smaller file.")
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError("This file is not a PDF. Please upload the SOP as a PDF.")


def refuse_placeholders(*, field: str, text: str) -> None:
    """Adopted text is what officers acknowledge: a "[...]" left from the model is refused."""
    found = placeholders_in(text)
    if found:
        listed = ", ".join(f"“{p}”" for p in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise ValidationError(
            {
                field: f"Replace the placeholder text {listed}{more} with your agency's own "
                "words before adopting (square brackets mark text still to fill in)."
            }
        )


def adopt_sop(
    *,
    agency: Agency,
    adopted_by,
    title: str,
    text: str = "",
    upload: UploadedFile | None = None,
    version_label: str = "",
    adopted_on: dt.date | None = None,
) -> SOPAdoption:
    """Record the agency's next SOP version: its own text, or its own PDF (upload).

    The new version is the one in force, so everyone in the agency is asked to acknowledge
    again. Text (and the title) with a "[...]" placeholder is refused and nothing is written.
    """
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Enter the SOP's title."})
    refuse_placeholders(field="title", text=title)
    if upload is None:
        text = normalise_sop_text(text)
        if not text:
            raise ValidationError({"text": "Write or paste your agency's SOP."})
        if len(text) > SOP_TEXT_MAX_CHARS:
            raise ValidationError({"text": "The SOP is longer than 100,000 characters."})
        refuse_placeholders(field="text", text=text)
    else:
        validate_sop_pdf(upload)
    adopted_on = adopted_on or timezone.localdate()
    with transaction.atomic():
        # One version number at a time per agency (PostgreSQL; SQLite writes one at a time).
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        latest = agency.sop_adoptions.aggregate(latest=Max("version"))["latest"] or 0
        adoption = SOPAdoption(
            agency=agency,
            version=latest + 1,
            title=title,
            version_label=version_label.strip(),
            adopted_on=adopted_on,
            adopted_by=adopted_by,
            agency_name=agency.name,
        )
        if upload is None:
            adoption.source, adoption.text = SOPAdoption.Source.TEXT, text
        else:
            adoption.source = SOPAdoption.Source.OWN
            adoption.document = get_document_model().objects.create(
                title=f"{agency.name} — {title} version {adoption.version}",
                file=upload,
                uploaded_by_user=adopted_by,
            )
        adoption.save()
        notification_events.sop_adopted(adoption=adoption)  # sent after the commit
        return adoption


def may_read_agency_sop(user, *, agency_id: int) -> bool:
    """An agency's own SOP is for its active members and its supervisors (ORS staff included)."""
    if not user.is_authenticated:
        return False
    return (
        Membership.objects.filter(
            user=user, agency_id=agency_id, status=Membership.Status.ACTIVE
        ).exists()
        or supervised_agencies(user).filter(pk=agency_id).exists()
    )


def set_acknowledge_days(*, agency: Agency, days: int) -> None:
    """How many days each person has to acknowledge a version (from adoption or joining)."""
    if not 1 <= days <= 365:
        raise ValidationError({"days": "Enter a number of days from 1 to 365."})
    agency.sop_acknowledge_days = days
    agency.save(update_fields=["sop_acknowledge_days", "updated_at"])


def acknowledge_sop(*, user, adoption: SOPAdoption, at: dt.datetime | None = None):
    """Record the user's acknowledgement once; a second call returns the existing record."""
    existing = SOPAcknowledgement.objects.filter(adoption=adoption, user=user).first()
    if existing:
        return existing
    membership = (
        Membership.objects.filter(user=user, agency=adoption.agency)
        .exclude(status=Membership.Status.ENDED)
        .first()
    )
    try:
        with transaction.atomic():
            return SOPAcknowledgement.objects.create(
                adoption=adoption,
                user=user,
                acknowledged_at=at or timezone.now(),
                user_name=user.get_full_name() or user.email,
                user_email=user.email,
                badge_number=membership.badge_number if membership else "",
                agency_name=adoption.agency.name,
                sop_title=adoption.title,
                sop_version=adoption.version,
                sop_version_label=adoption.version_label,
            )
    except IntegrityError:  # a double submit raced us
        return SOPAcknowledgement.objects.get(adoption=adoption, user=user)


def acknowledgement_rows(
    *, agency: Agency, today: dt.date | None = None
) -> list[tuple[Membership, SOPStatus]]:
    """Every active member with their status: overdue first, then due, then acknowledged."""
    order = {SOPState.OVERDUE: 0, SOPState.DUE: 1}
    rows = list(agency_sop_statuses(agency=agency, today=today).values())
    return sorted(rows, key=lambda row: order.get(row[1].state, 2))


ACK_CSV_HEADER = [
    "agency",
    "sop_title",
    "sop_version",
    "adopted_on",
    "name",
    "email",
    "badge_number",
    "due_on",
    "acknowledged_at",
    "status",
]


def acknowledgements_csv(*, agency: Agency, today: dt.date | None = None) -> str:
    """Acknowledgement evidence for the version in force, one row per current member."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ACK_CSV_HEADER)
    for membership, status in acknowledgement_rows(agency=agency, today=today):
        adoption, user = status.adoption, membership.user
        writer.writerow(
            [
                csv_cell(adoption.agency_name),
                csv_cell(adoption.title),
                adoption.version,
                adoption.adopted_on.isoformat(),
                csv_cell(user.get_full_name()),
                csv_cell(user.email),
                csv_cell(membership.badge_number),
                status.due_on.isoformat() if status.due_on else "",
                timezone.localtime(status.acknowledged_at).isoformat(timespec="minutes")
                if status.acknowledged_at
                else "",
                status.state,
            ]
        )
    return out.getvalue()
