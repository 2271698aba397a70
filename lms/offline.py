"""Offline reading on officers' phones: who may keep copies, and what the service worker is told.

The service worker (static/js/sw.js) keeps a copy of a page only when the response says so, and
keeps it under the account the response names:

- every page (and every response a view names) carries ``X-Rollcall-Account``: an opaque key for an officer who may read
  offline, ``none`` for anyone else (anonymous visitors, supervisors, agency administrators,
  ORS staff and anyone who can reach the admin: nothing they see is kept). A key different from
  the one the worker holds wipes every saved copy first, so on a shared phone one person's pages
  never outlive the next person's first page;
- a view that offers its page for offline reading calls :func:`allow_offline_copy`; only then
  does the response carry ``X-Rollcall-Offline: save``;
- signing out answers with ``Clear-Site-Data: "storage"``: the browser drops the worker, its
  caches and queued actions. offline.js also wipes them before the sign-out form is sent, for
  browsers that ignore the header.

The HTTP cache is untouched: signed-in pages keep ``Cache-Control: no-store`` (lms.middleware).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from lms.roles import roles_for

ACCOUNT_HEADER = "X-Rollcall-Account"
SAVE_HEADER = "X-Rollcall-Offline"
NO_ACCOUNT = "none"
_SAVEABLE_ATTR = "_rollcall_offline_saveable"
_SIGNED_OUT_ATTR = "_rollcall_signed_out"
_NAMED_ATTR = "_rollcall_offline_named"


def offline_allowed(request: HttpRequest) -> bool:
    """Signed in, and not someone whose pages show other people's records.

    Supervisors, agency administrators, ORS staff and admin users are exactly the people who
    must use a second factor (lms.access.requires_mfa), whether or not MFA is enforced here.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return not roles_for(request).needs_mfa


def offline_account_key(request: HttpRequest) -> str:
    """The key the service worker files this person's copies under (``none``: keep nothing).

    An HMAC of the account id, so the header names nobody and cannot be guessed for another
    account.
    """
    if not offline_allowed(request):
        return NO_ACCOUNT
    return salted_hmac("lms.offline.account", str(request.user.pk)).hexdigest()[:24]


def allow_offline_copy(request: HttpRequest) -> None:
    """Say that this page may be kept on the officer's phone (the middleware checks who asks)."""
    setattr(request, _SAVEABLE_ATTR, True)
    name_offline_account(request)


def name_offline_account(request: HttpRequest) -> None:
    """Name the account on this non-HTML response too (pages always name it), for the worker."""
    setattr(request, _NAMED_ATTR, True)


@receiver(user_logged_out, dispatch_uid="lms.offline.forget_on_sign_out")
def _forget_on_sign_out(sender, request, **kwargs) -> None:
    if request is not None:
        setattr(request, _SIGNED_OUT_ATTR, True)


class OfflineHeadersMiddleware:
    """Adds the headers the service worker reads; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _SIGNED_OUT_ATTR, False):
            response["Clear-Site-Data"] = '"storage"'
        if request.method not in ("GET", "HEAD") or request.path.startswith(
            ("/admin/", settings.STATIC_URL)
        ):
            return response
        # Pages, and what a view names; not every JSON poll (roles cost queries to work out).
        is_page = response.get("Content-Type", "").startswith("text/html")
        if not (is_page or getattr(request, _NAMED_ATTR, False)):
            return response
        key = offline_account_key(request)
        response[ACCOUNT_HEADER] = key
        if (
            key != NO_ACCOUNT
            and response.status_code == 200
            and getattr(request, _SAVEABLE_ATTR, False)
        ):
            response[SAVE_HEADER] = "save"
        return response
