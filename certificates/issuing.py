"""Issuing, rendering, storing, regenerating and revoking certificates.

The PDF is rendered once and stored; downloads serve the stored file. With a background task
backend it renders in a task after the completion is committed; with django-tasks' immediate
backend (the default) it renders on the first download instead, so the officer's quiz
submission never waits for xhtml2pdf. If rendering or storage fails, the certificate row (and
the completion) stand, the problem is recorded in ``render_error``, and the next download or an
explicit retry renders it.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from typing import IO

import segno
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from pypdf import PdfReader

from certificates.certificate_page import add_border, certificate_page
from certificates.credentials.status_list import assign_status_list_index
from certificates.models import Certificate, CertificateFile, CertificateTemplate
from certificates.pdf import PdfRenderError, data_uri, fit_font_size, render_pdf
from certificates.storage import new_certificate_file_name
from lms.conf import absolute_url
from lms.conf import app_settings as lms_settings
from lms.models import Completion

logger = logging.getLogger(__name__)

CERTIFICATE_PDF_TEMPLATE = "certificates/pdf/certificate.html"
NAME_MAX_WIDTH_PT = 600  # of the 9.1 in (655 pt) text frame of a landscape Letter page
NAME_FONT_SIZES = (40, 36, 32, 28, 24, 21, 18, 16, 14)
DATE_FORMAT = "F j, Y"


class CertificateStorageError(Exception):
    """The PDF was rendered but could not be stored; nothing half-written was kept."""


# ---------------------------------------------------------------------------------------------
# Issuing


def issue_certificate(*, completion: Completion, render: bool = True) -> Certificate | None:
    """The certificate for a completion, created once (idempotent); None when the course grants
    none, the completion is a refresher (it starts no cycle, so the printed certificate of the
    cycle stays the one that counts) or training recorded from elsewhere (we did not train the
    person, so we certify nothing: lms.past_records). The PDF renders after commit, in a background task, so a rendering fault never undoes
    the issue; when tasks run inline (see renders_in_background) or with render=False (bulk
    back-fills) it renders on first download instead.
    """
    course = completion.course
    if course is None or not course.issues_certificate:
        return None
    if completion.kind == Completion.Kind.REFRESHER or completion.is_manual:
        return None
    existing = completion.certificates.filter(reissued_at__isnull=True).first()
    if existing is not None:
        return existing
    template = CertificateTemplate.objects.filter(is_default=True).first()
    completed_on = timezone.localdate(completion.completed_at)
    expires_on = timezone.localdate(completion.expires_at) if completion.expires_at else None
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                completion=completion,
                template=template,
                full_name=completion.user_name,
                agency_name=completion.agency_name,
                course_title=completion.course_title,
                completed_on=completed_on,
                expires_on=expires_on,
                signatory_name=template.signatory_name if template else "",
                signatory_title=template.signatory_title if template else "",
            )
            _supersede_earlier(certificate=certificate, completion=completion)
            assign_status_list_index(certificate=certificate)
    except IntegrityError:
        # Another worker issued it first (the unique constraint on completion decided).
        return completion.certificates.get(reissued_at__isnull=True)
    if render and renders_in_background():
        certificate_id = certificate.pk
        transaction.on_commit(lambda: _enqueue_render(certificate_id))
    return certificate


def issue_missing_certificates(*, render: bool = True) -> int:
    """Certificates for completions that should have one and have none; returns how many.

    Issuing runs after the completion commits and a failure there is only logged (the officer's
    result stands), so this is the repair: safe to run at any time, from cron or by hand, as
    issue_certificate is idempotent. A revoked certificate is a certificate: it is not reissued.
    """
    missing = (
        Completion.objects.filter(
            certificates__isnull=True,
            course__issues_certificate=True,
            kind=Completion.Kind.CERTIFYING,
        )
        .exclude(method=Completion.Method.MANUAL)
        .select_related("course")
    )
    return sum(1 for c in missing.iterator() if issue_certificate(completion=c, render=render))


def renders_in_background() -> bool:
    """Whether issuing hands the PDF to a task worker (TASKS_BACKEND set to a real queue).

    django-tasks' ImmediateBackend runs a task inside the request that enqueues it: the PDF
    (tens of ms) would be rendered inside the officer's quiz submission, 200 of them at once at
    roll call. With it the first download renders instead (ensure_certificate_pdf).
    """
    from django_tasks.backends.immediate import ImmediateBackend

    from certificates.tasks import render_certificate_task

    return not isinstance(render_certificate_task.get_backend(), ImmediateBackend)


def _supersede_earlier(*, certificate: Certificate, completion: Completion) -> None:
    """Link the renewal chain: the earlier certificate is renewed by this one (only certifying
    completions have certificates)."""
    if completion.user_id is None or completion.course_id is None:
        return
    Certificate.objects.filter(
        completion__user_id=completion.user_id,
        completion__course_id=completion.course_id,
        completion__completed_at__lt=completion.completed_at,
        superseded_by__isnull=True,
    ).exclude(pk=certificate.pk).update(superseded_by=certificate)
    # A completion recorded late (back-dated) is itself superseded by a later one.
    later = (
        Certificate.objects.filter(
            completion__user_id=completion.user_id,
            completion__course_id=completion.course_id,
            completion__completed_at__gt=completion.completed_at,
        )
        .order_by("completion__completed_at")
        .first()
    )
    if later is not None:
        Certificate.objects.filter(pk=certificate.pk).update(superseded_by=later)
        certificate.superseded_by = later


def _enqueue_render(certificate_id: int) -> None:
    from certificates.tasks import render_certificate_task

    render_certificate_task.enqueue(certificate_id)


# ---------------------------------------------------------------------------------------------
# Rendering and storing


# Design images (logo, signature) as data: URIs, per image file and rendition spec. They are
# the same for every certificate of a design, so a render neither queries the rendition nor
# reads and encodes the file again. A new file for the image changes its name and hash.
_IMAGE_DATA_URIS: dict[tuple, str] = {}
_IMAGE_DATA_URIS_MAX = 16


def _image_data_uri(image, spec: str) -> str | None:
    """A Wagtail image as a data: URI (any storage backend), or None when it cannot be read."""
    if image is None:
        return None
    key = (image.pk, image.file.name, image.file_hash, spec)
    cached = _IMAGE_DATA_URIS.get(key)
    if cached is None:
        cached = _read_image_data_uri(image, spec)
        if cached is None:
            return None  # not remembered: a file put back later is picked up
        if len(_IMAGE_DATA_URIS) >= _IMAGE_DATA_URIS_MAX:
            _IMAGE_DATA_URIS.clear()
        _IMAGE_DATA_URIS[key] = cached
    return cached


def _read_image_data_uri(image, spec: str) -> str | None:
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except Exception:  # a missing or unreadable file must not stop the certificate
        logger.warning("Certificate image %s could not be read; printing without it", image.pk)
        return None
    mime = "image/jpeg" if rendition.file.name.lower().endswith((".jpg", ".jpeg")) else "image/png"
    return data_uri(data, mime)


def qr_data_uri(url: str) -> str:
    """A QR code PNG (medium error correction, quiet zone of 2 modules) as a data: URI."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=8, border=2)


SEAL_BOX_PT = (160, 115)  # the seal's box at the foot of the certificate: 1.6 in tall


def seal_size(image) -> tuple[float, float]:
    """The seal or logo scaled into its box with its own proportions (width, height in pt)."""
    box_width, box_height = SEAL_BOX_PT
    if image is None or not image.width or not image.height:
        return (box_height, box_height)
    scale = min(box_width / image.width, box_height / image.height)
    return (round(image.width * scale, 1), round(image.height * scale, 1))


def _fill(text: str, values: dict[str, str]) -> str:
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        # A design saved before validation, or edited in the database: print it as written.
        return text


def certificate_pdf_context(
    *,
    template: CertificateTemplate | None,
    full_name: str,
    agency_name: str,
    course_title: str,
    completed_on: dt.date,
    expires_on: dt.date | None,
    code: str,
    verification_url: str,
    signatory_name: str,
    signatory_title: str,
) -> dict:
    completed = format_date(completed_on, DATE_FORMAT)
    expires = format_date(expires_on, DATE_FORMAT) if expires_on else ""
    values = {
        "name": full_name,
        "agency": agency_name,
        "course": course_title,
        "completed": completed,
        "expires": expires,
    }
    template = template or CertificateTemplate()
    page = certificate_page(template.paper_size)
    values["issuer"] = template.issuer
    return {
        "page": page,
        # The verify form's address (short enough to type), the code printed once beside it.
        "verify_address": lms_settings.site_url.split("://", 1)[-1]
        + reverse("certificates:verify_form"),
        "heading": _fill(template.heading, values),
        "body": _fill(template.body, values).strip(),
        "expiry_line": _fill(template.expiry_line, values) if expires_on else "",
        "footer": _fill(template.footer, values),
        "full_name": full_name,
        "name_font_size": fit_font_size(
            full_name,
            max_width_pt=min(NAME_MAX_WIDTH_PT, page.frame_width - 40),
            sizes=NAME_FONT_SIZES,
            serif=True,
        ),
        "agency_name": agency_name,
        "course_title": course_title,
        "completed": completed,
        "expires": expires,
        "code": code,
        "verification_url": verification_url,
        "qr_data_uri": qr_data_uri(verification_url),
        "signatory_name": signatory_name,
        "signatory_title": signatory_title,
        "signature_data_uri": _image_data_uri(template.signature_image, "max-600x200|format-png"),
        "logo_data_uri": _image_data_uri(template.logo, "max-480x480"),
        "seal_size": seal_size(template.logo),
    }


def pdf_context_for(*, certificate: Certificate) -> dict:
    """Everything the certificate PDF prints, from the certificate's own snapshot fields."""
    return certificate_pdf_context(
        template=certificate.template,
        full_name=certificate.full_name,
        agency_name=certificate.agency_name,
        course_title=certificate.course_title,
        completed_on=certificate.completed_on,
        expires_on=certificate.expires_on,
        code=certificate.code,
        verification_url=certificate.verification_url(),
        signatory_name=certificate.signatory_name,
        signatory_title=certificate.signatory_title,
    )


def render_certificate_pdf(*, certificate: Certificate) -> bytes:
    return _render_one_page(pdf_context_for(certificate=certificate))


_PAGE_TREE = re.compile(rb"<<[^<>]*/Type /Pages[^<>]*>>")
_PAGE_COUNT = re.compile(rb"/Count (\d+)")


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF written by ReportLab, read from its page tree without parsing the file.

    ReportLab writes the tree uncompressed, so the root's ``/Count`` (the largest of the tree's
    counts) is found by a scan; any other PDF is parsed with pypdf.
    """
    counts = [
        int(count.group(1))
        for tree in _PAGE_TREE.finditer(pdf)
        if (count := _PAGE_COUNT.search(tree.group()))
    ]
    if counts:
        return max(counts)
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _render_one_page(context: dict) -> bytes:
    """A certificate is one page: long wording set by ORS gets the compact layout. The border
    goes under the text last (see certificates.certificate_page)."""
    pdf = render_pdf(template_name=CERTIFICATE_PDF_TEMPLATE, context=context)
    if pdf_page_count(pdf) > 1:
        pdf = render_pdf(
            template_name=CERTIFICATE_PDF_TEMPLATE, context={**context, "compact": True}
        )
    return add_border(pdf, page=context["page"])


SAMPLE_NAME = "Zoë Ångström-Nguyễn O'Brien-Łukasz"


def render_template_preview(*, template: CertificateTemplate) -> bytes:
    """The design with sample data (a long Unicode name), for the admin preview."""
    today = timezone.localdate()
    code = "RC-7K4M-Q2XP"
    context = certificate_pdf_context(
        template=template,
        full_name=SAMPLE_NAME,
        agency_name="Capital City Police Department",
        course_title="Leave-Behind Naloxone for Law Enforcement",
        completed_on=today,
        expires_on=today.replace(year=today.year + 2),
        code=code,
        verification_url=absolute_url(f"/verify/{code}/"),
        signatory_name=template.signatory_name,
        signatory_title=template.signatory_title,
    )
    return _render_one_page(context)


def store_certificate_pdf(
    *, certificate: Certificate, pdf: bytes, reason: str, user=None
) -> CertificateFile:
    """Save the PDF and make it the certificate's current file; earlier files stay in history.

    On a storage fault nothing is kept: a partly written file is deleted and the row unchanged.
    """
    storage = certificate.pdf.storage
    stamp = timezone.now()
    name = storage.get_available_name(
        new_certificate_file_name(code=certificate.code, year=timezone.localdate(stamp).year)
    )
    try:
        saved_name = storage.save(name, ContentFile(pdf))
    except Exception as exc:
        _delete_quietly(storage, name)
        raise CertificateStorageError(str(exc)[:250]) from exc
    try:
        with transaction.atomic():
            record = CertificateFile.objects.create(
                certificate=certificate,
                file=saved_name,
                reason=reason,
                created_by=user,
                size=len(pdf),
            )
            Certificate.objects.filter(pk=certificate.pk).update(
                pdf=saved_name, rendered_at=stamp, render_error="", updated_at=stamp
            )
    except Exception:
        _delete_quietly(storage, saved_name)
        raise
    certificate.pdf.name = saved_name
    certificate.rendered_at = stamp
    certificate.render_error = ""
    return record


def _delete_quietly(storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except Exception:
        logger.exception("Could not remove the partial certificate file %s", name)


def ensure_certificate_pdf(*, certificate: Certificate) -> Certificate:
    """Render and store the PDF unless it already is stored (the stored file is reused).

    Raises PdfRenderError or CertificateStorageError after recording the problem on the row.
    """
    if certificate.pdf and certificate.pdf.storage.exists(certificate.pdf.name):
        return certificate
    _render_and_store(certificate)
    return certificate


def open_certificate_pdf(*, certificate: Certificate) -> IO[bytes]:
    """The certificate's PDF, open for serving: the stored file, or rendered and stored now.

    The stored file is opened straight away, without asking storage whether it exists first
    (a second round trip on S3); a file missing from storage is rendered again. A PDF rendered
    here is served from memory rather than read back from storage.
    Raises PdfRenderError or CertificateStorageError after recording the problem on the row.
    """
    if certificate.pdf:
        try:
            return certificate.pdf.storage.open(certificate.pdf.name, "rb")
        except FileNotFoundError:
            logger.warning(
                "Certificate %s lost its stored PDF; rendering it again", certificate.code
            )
    return io.BytesIO(_render_and_store(certificate))


def _render_and_store(certificate: Certificate) -> bytes:
    if certificate.template_id is not None:  # the design and its images in one query
        certificate.template = (
            CertificateTemplate.objects.select_related("signature_image", "logo")
            .filter(pk=certificate.template_id)
            .first()
        )
    try:
        pdf = render_certificate_pdf(certificate=certificate)
        store_certificate_pdf(certificate=certificate, pdf=pdf, reason="issued")
    except (PdfRenderError, CertificateStorageError) as exc:
        message = f"{type(exc).__name__}: {exc}"[:300]
        Certificate.objects.filter(pk=certificate.pk).update(render_error=message)
        certificate.render_error = message
        logger.warning("Certificate %s could not be rendered: %s", certificate.code, message)
        raise
    return pdf


# ---------------------------------------------------------------------------------------------
# ORS actions


def regenerate_certificate(
    *, certificate: Certificate, by, reason: str, corrected_name: str = ""
) -> CertificateFile:
    """Render a new PDF (after a name correction or a design change); the old file stays."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the certificate is regenerated."})
    if certificate.status == Certificate.Status.REVOKED:
        raise ValidationError("A revoked certificate cannot be regenerated.")
    template = CertificateTemplate.objects.filter(is_default=True).first() or certificate.template
    certificate.template = template
    if corrected_name.strip():
        certificate.full_name = corrected_name.strip()
    if template is not None:
        certificate.signatory_name = template.signatory_name
        certificate.signatory_title = template.signatory_title
    pdf = render_certificate_pdf(certificate=certificate)
    with transaction.atomic():
        certificate.save(
            update_fields=[
                "template",
                "full_name",
                "signatory_name",
                "signatory_title",
                "updated_at",
            ]
        )
        return store_certificate_pdf(certificate=certificate, pdf=pdf, reason=reason, user=by)


def revoke_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke with a reason. The certificate stays, and its verification page says revoked."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for revoking the certificate."})
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status == Certificate.Status.REVOKED:
            raise ValidationError("This certificate is already revoked.")
        locked.status = Certificate.Status.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.revoked_by = by
        locked.save(
            update_fields=["status", "revoked_at", "revoked_reason", "revoked_by", "updated_at"]
        )
    return locked
