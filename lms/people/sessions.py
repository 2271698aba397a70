"""Sessions end after 30 idle minutes without being written on every request.

Django's SESSION_SAVE_EVERY_REQUEST writes the session (a database row, a serialized write on
SQLite) on every page. Instead the session is renewed at most once every
ROLLCALL_SESSION_REFRESH_SECONDS (60): an active person stays signed in, and an idle session
ends between 29 and 30 minutes after the last request.
"""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse

from lms.conf import app_settings

RENEWED_AT = "lms_renewed_at"


class SessionRenewalMiddleware:
    """Marks a session for saving (new expiry, new cookie) when its last renewal is a minute old.

    Sits just after SessionMiddleware, so the session it marks is saved on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or response.status_code >= 500:
            return response
        now = int(time.time())
        if (
            session.modified
            or now - session.get(RENEWED_AT, 0) >= app_settings.session_refresh_seconds
        ):
            session[RENEWED_AT] = now
        return response
