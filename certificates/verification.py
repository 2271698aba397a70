"""Public verification: what a stranger holding a certificate may learn, and how often."""

from __future__ import annotations

from django.http import HttpRequest

from certificates.conf import app_settings
from certificates.models import Certificate
from lms.client_ip import client_network
from lms.ratelimit import Limit, allow_attempt


def verification_allowed(request: HttpRequest) -> bool:
    """Count one lookup for the client address; False once it is over the limit."""
    attempts, seconds = app_settings.verify_rate_limit
    limit = Limit(scope="certificate-verify", attempts=attempts, seconds=seconds)
    return allow_attempt(limit, key=client_network(request))


def verification_record(certificate: Certificate) -> dict:
    """Every field the PDF prints, plus its state; no e-mail, no badge number."""
    state = certificate.verification_state()
    current = certificate.superseded_by
    while (
        current is not None and current.superseded_by_id and current.superseded_by_id != current.pk
    ):
        current = current.superseded_by
    return {
        "code": certificate.code,
        "state": state,
        "state_label": str(Certificate.State(state).label),
        "name": certificate.full_name,
        "agency": certificate.agency_name,
        "course": certificate.course_title,
        "completed_on": certificate.completed_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
        "signatory_name": certificate.signatory_name,
        "signatory_title": certificate.signatory_title,
        "revoked_on": (
            certificate.revoked_at.date().isoformat() if certificate.revoked_at else None
        ),
        "revoked_reason": certificate.revoked_reason or None,
        # A renewal inside the renewal window, not a fault: the paper copy stays genuine and
        # valid until its own date. (Refreshers issue no certificate, so never supersede.)
        "renewed_by": (
            certificate.superseded_by.code
            if certificate.superseded_by and certificate.reissued_at is None
            else None
        ),
        # A corrected name: the same training, printed again under a new code.
        "reissued_as": (
            certificate.superseded_by.code
            if certificate.superseded_by and certificate.reissued_at is not None
            else None
        ),
        "superseded_by": current.code if current else None,
        "superseded_by_url": current.verification_url() if current else None,
        "verification_url": certificate.verification_url(),
    }
