"""Second factor for supervisors, agency administrators and ORS staff.

With ROLLCALL_ENFORCE_MFA on, such a person who has not set up an authenticator app (TOTP) is
sent to allauth's set-up page before anything else. Only allauth's own pages (log-in, log-out,
MFA, e-mail confirmation), static files and the health probe stay reachable.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from lms import conf
from lms.access import requires_mfa

SESSION_MFA_OK = "lms_mfa_ok_for"
ALWAYS_ALLOWED_PREFIXES = ("/accounts/", "/health/", "/favicon.ico")


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_set_up_mfa(user) -> bool:
    return conf.enforce_mfa() and requires_mfa(user) and not has_totp(user)


class RequireMfaMiddleware:
    """Redirects people whose role needs MFA to the TOTP set-up page until they have it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        redirect = self._redirect_for(request)
        return redirect or self.get_response(request)

    def _redirect_for(self, request: HttpRequest) -> HttpResponse | None:
        if not conf.enforce_mfa():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        path = request.path_info
        allowed = ALWAYS_ALLOWED_PREFIXES + tuple(
            p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p
        )
        if path.startswith(allowed):
            return None
        # Remembered per session once TOTP is set up (lms.onboarding_receivers forgets it when
        # the authenticator is removed), so most requests cost no query here.
        if request.session.get(SESSION_MFA_OK) == user.pk:
            return None
        if not must_set_up_mfa(user):
            if has_totp(user):
                request.session[SESSION_MFA_OK] = user.pk
            return None
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
