"""SOP adoption and acknowledgement: the work behind the officer's and supervisor's SOP pages."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.models import SOPAcknowledgement, SOPAdoption, ToolkitPage
from lms.models import Agency, Membership
from lms.notifications import events as notification_events

SOP_MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def current_adoption(*, agency: Agency) -> SOPAdoption | None:
    """The SOP version in force for the agency: its latest adoption."""
    return agency.sop_adoptions.order_by("-adopted_on", "-pk").first()


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


def adopt_sop(
    *,
    agency: Agency,
    adopted_by,
    version_label: str,
    acknowledge_by: dt.date,
    upload: UploadedFile | None = None,
    title: str = "",
    adopted_on: dt.date | None = None,
) -> SOPAdoption:
    """Record that the agency adopted the model SOP (no upload) or its own PDF (upload).

    The new adoption becomes the one in force, so every officer is asked to acknowledge again
    (each is notified once the adoption is saved).
    """
    with transaction.atomic():
        adoption = _record_adoption(
            agency=agency,
            adopted_by=adopted_by,
            version_label=version_label,
            acknowledge_by=acknowledge_by,
            upload=upload,
            title=title,
            adopted_on=adopted_on,
        )
        notification_events.sop_adopted(adoption=adoption)
    return adoption


def _record_adoption(
    *,
    agency: Agency,
    adopted_by,
    version_label: str,
    acknowledge_by: dt.date,
    upload: UploadedFile | None,
    title: str,
    adopted_on: dt.date | None,
) -> SOPAdoption:
    adopted_on = adopted_on or timezone.localdate()
    if acknowledge_by < adopted_on:
        raise ValidationError("The acknowledgement due date cannot be before the adoption date.")
    with transaction.atomic():
        if upload is None:
            page = model_sop()
            if page is None:
                raise ValidationError("The model SOP is not published yet.")
            return SOPAdoption.objects.create(
                agency=agency,
                source=SOPAdoption.Source.MODEL,
                model_sop=page,
                model_sop_revision=page.live_revision,
                title=page.title,
                version_label=version_label or page.version_label or "1",
                adopted_on=adopted_on,
                acknowledge_by=acknowledge_by,
                adopted_by=adopted_by,
                agency_name=agency.name,
            )
        validate_sop_pdf(upload)
        document = get_document_model().objects.create(
            title=f"{agency.name} — {title or 'Leave-behind SOP'} v{version_label}",
            file=upload,
            uploaded_by_user=adopted_by,
        )
        return SOPAdoption.objects.create(
            agency=agency,
            source=SOPAdoption.Source.OWN,
            document=document,
            title=title or "Leave-behind naloxone SOP",
            version_label=version_label,
            adopted_on=adopted_on,
            acknowledge_by=acknowledge_by,
            adopted_by=adopted_by,
            agency_name=agency.name,
        )


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
                sop_version_label=adoption.version_label,
            )
    except IntegrityError:  # a double submit raced us
        return SOPAcknowledgement.objects.get(adoption=adoption, user=user)


@dataclass(frozen=True)
class AcknowledgementRow:
    membership: Membership
    acknowledgement: SOPAcknowledgement | None
    overdue: bool


def acknowledgement_status(*, adoption: SOPAdoption, today: dt.date | None = None):
    """Every active officer of the adoption's agency, with their acknowledgement (or None).

    Officers who have not acknowledged come first.
    """
    today = today or timezone.localdate()
    acks = {a.user_id: a for a in adoption.acknowledgements.all()}
    memberships = (
        Membership.objects.filter(agency=adoption.agency, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    rows = [
        AcknowledgementRow(
            membership=m,
            acknowledgement=acks.get(m.user_id),
            overdue=m.user_id not in acks and today > adoption.acknowledge_by,
        )
        for m in memberships
    ]
    return sorted(rows, key=lambda r: r.acknowledgement is not None)


def pending_adoptions_for(*, user) -> list[SOPAdoption]:
    """Current SOPs of the user's agencies that the user has not acknowledged yet."""
    pending = []
    for membership in Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE
    ).select_related("agency"):
        adoption = current_adoption(agency=membership.agency)
        if adoption and not adoption.acknowledgements.filter(user=user).exists():
            pending.append(adoption)
    return pending


ACK_CSV_HEADER = [
    "agency",
    "sop_title",
    "sop_version",
    "adopted_on",
    "acknowledge_by",
    "name",
    "email",
    "badge_number",
    "acknowledged_at",
    "status",
]


def acknowledgements_csv(*, adoption: SOPAdoption, today: dt.date | None = None) -> str:
    """Acknowledgement evidence for one adoption, with one row per current officer."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ACK_CSV_HEADER)
    for row in acknowledgement_status(adoption=adoption, today=today):
        ack = row.acknowledgement
        user = row.membership.user
        status = "acknowledged" if ack else ("overdue" if row.overdue else "pending")
        writer.writerow(
            [
                _safe(adoption.agency_name),
                _safe(adoption.title),
                _safe(adoption.version_label),
                adoption.adopted_on.isoformat(),
                adoption.acknowledge_by.isoformat(),
                _safe(ack.user_name if ack else user.get_full_name()),
                _safe(ack.user_email if ack else user.email),
                _safe(ack.badge_number if ack else row.membership.badge_number),
                timezone.localtime(ack.acknowledged_at).isoformat(timespec="minutes")
                if ack
                else "",
                status,
            ]
        )
    return out.getvalue()


def _safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in text cells."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value
