"""A certificate's PDF: rendered once from its snapshot fields, stored, and opened for download.

If rendering or storage fails, the certificate row stands, the problem is recorded in
``render_error``, and the next download or an explicit retry renders it."""

from __future__ import annotations

import io
import logging
from typing import IO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from certificates.design_pdf import certificate_pdf_context, render_one_page
from certificates.models import Certificate, CertificateFile, CertificateTemplate
from certificates.pdf import PdfRenderError
from certificates.storage import new_certificate_file_name

logger = logging.getLogger(__name__)


class CertificateStorageError(Exception):
    """The PDF was rendered but could not be stored; nothing half-written was kept."""


def pdf_context_for(*, certificate: Certificate) -> dict:
    """Everything the certificate PDF prints, from the certificate's own snapshot fields."""
    return certificate_pdf_context(
        template=certificate.template or CertificateTemplate(),
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
    return render_one_page(pdf_context_for(certificate=certificate))


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
