"""Background work: certificate PDFs render after the completion is committed."""

from __future__ import annotations

from django_tasks import task

from certificates.models import Certificate
from certificates.pdf import PdfRenderError
from certificates.rendering import CertificateStorageError, ensure_certificate_pdf


@task()
def render_certificate_task(certificate_id: int) -> bool:
    """True when the PDF is stored. A failure is recorded on the certificate for a later retry."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return False
    try:
        ensure_certificate_pdf(certificate=certificate)
    except (PdfRenderError, CertificateStorageError):
        return False
    return True
