"""Which certificates a person may see, built on lms.access (one definition of who sees what)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from certificates.models import Certificate
from lms.access import completions_visible_to


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """An officer's own; a supervisor's agency's; everything for ORS staff."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(completion__in=completions_visible_to(user))


def certificate_visible_to_or_404(user, code: str) -> Certificate:
    certificate = certificates_visible_to(user).filter(code=code).first()
    if certificate is None:
        raise Http404("No such certificate.")
    return certificate
