"""Certificates in notifications: the officer hears of a new certificate, with its PDF attached."""

from __future__ import annotations

from django.urls import reverse

from certificates.issuing import renders_in_background
from certificates.models import Certificate
from certificates.rendering import open_certificate_pdf
from lms.models import Notification
from lms.notifications import kinds
from lms.notifications.service import notify


def certificate_issued(*, certificate: Certificate) -> int:
    completion = certificate.completion
    if completion is None or completion.user_id is None:
        return 0
    return notify(
        kind=kinds.CERTIFICATE_ISSUED,
        recipients=[completion.user_id],
        key=f"certificate:{certificate.pk}",
        title=f"Your certificate: {certificate.course_title}",
        body=(
            f"Certificate {certificate.code}. Download the PDF from your certificates page; "
            "anyone can check it at the verification address printed on it."
        ),
        url=reverse("certificates:list"),
        agency_id=completion.agency_id,
        data={"certificate_id": certificate.pk},
    )


def certificate_pdf_attachments(notification: Notification) -> list[tuple[str, bytes, str]]:
    """The PDF; none once revoked.

    A task worker renders it now if its own render task has not run yet. Without one (tasks
    inline: `make run`, the benchmark) this runs inside the officer's quiz submission, so
    only a PDF already stored is attached: rendering stays on the first download there.
    """
    certificate = Certificate.objects.filter(pk=notification.data.get("certificate_id")).first()
    if certificate is None or certificate.revoked_at is not None:
        return []
    if not renders_in_background() and not certificate.pdf:
        return []
    with open_certificate_pdf(certificate=certificate) as pdf:
        return [(f"certificate-{certificate.code}.pdf", pdf.read(), "application/pdf")]
