"""Sharing a certificate: LinkedIn's add-to-profile link and "E-mail me my certificate"."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from certificates.conf import app_settings
from certificates.credentials.badge import credential_download_path
from certificates.credentials.issuer import issuer_name
from certificates.models import Certificate
from certificates.rendering import open_certificate_pdf
from lms.conf import absolute_url
from lms.ratelimit import Limit, allow_attempt

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def linkedin_add_url(*, certificate: Certificate) -> str:
    """LinkedIn's documented "Add to profile" link, filled in for a certification."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title,
        "organizationName": issuer_name(),
        "issueYear": certificate.completed_on.year,
        "issueMonth": certificate.completed_on.month,
        "certUrl": certificate.verification_url(),
        "certId": certificate.code,
    }
    organization_id = app_settings.credential_linkedin_organization_id
    if organization_id:
        params["organizationId"] = organization_id
    if certificate.expires_on:
        params["expirationYear"] = certificate.expires_on.year
        params["expirationMonth"] = certificate.expires_on.month
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params)}"


def email_limit() -> Limit:
    attempts, seconds = app_settings.email_rate_limit
    return Limit(scope="certificate-email", attempts=int(attempts), seconds=int(seconds))


def email_allowed(*, user) -> bool:
    """Count one e-mail for the person; False once they are over the limit."""
    return allow_attempt(email_limit(), key=str(user.pk))


def email_certificate(*, certificate: Certificate, to: str) -> None:
    """The PDF attached, with links to the credential and the public verification page.

    Raises PdfRenderError or CertificateStorageError when the PDF cannot be had; nothing is sent.
    """
    with open_certificate_pdf(certificate=certificate) as handle:
        pdf = handle.read()
    context = {
        "certificate": certificate,
        "verification_url": certificate.verification_url(),
        "credential_url": absolute_url(credential_download_path(certificate, "jwt")),
        "certificate_page_url": absolute_url(
            reverse("certificates:detail", kwargs={"code": certificate.code})
        ),
    }
    subject = render_to_string("certificates/email/certificate_copy_subject.txt", context)
    body = render_to_string("certificates/email/certificate_copy_message.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])
    message.attach(certificate.download_filename(), pdf, "application/pdf")
    message.send()
