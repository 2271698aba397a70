"""Second factor for supervisors, agency administrators and ORS staff.

With ROLLCALL_ENFORCE_MFA on, such a person who has not set up an authenticator app (TOTP) is
sent to allauth's set-up page before anything else. Only allauth's own pages (log-in, log-out,
MFA, e-mail confirmation), static files and the health probe stay reachable.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from lms.access import has_totp, requires_mfa
from lms.conf import app_settings
from lms.roles import roles_for

ALWAYS_ALLOWED_PREFIXES = ("/accounts/", "/health/", "/favicon.ico")


def must_set_up_mfa(user) -> bool:
    return app_settings.enforce_mfa and requires_mfa(user) and not has_totp(user)


def must_set_up_mfa_now(request: HttpRequest) -> bool:
    """must_set_up_mfa for the signed-in person, from the roles remembered for this request."""
    roles = roles_for(request)
    return app_settings.enforce_mfa and roles.needs_mfa and not roles.has_totp


class RequireMfaMiddleware:
    """Redirects people whose role needs MFA to the TOTP set-up page until they have it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        redirect = self._redirect_for(request)
        return redirect or self.get_response(request)

    def _redirect_for(self, request: HttpRequest) -> HttpResponse | None:
        if not app_settings.enforce_mfa:
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
        # lms.roles works the answer out once per request, shared with the navigation.
        if not must_set_up_mfa_now(request):
            return None
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
