"""Cross-cutting HTTP behaviour: the load balancer's probe, security headers and a clear page
when the database is busy."""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from lms.conf import app_settings
from lms.views.health import health

logger = logging.getLogger(__name__)

# The public site needs no inline script; video embeds come from the two providers we allow.
SITE_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-src https://www.youtube-nocookie.com https://www.youtube.com "
    "https://player.vimeo.com; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Wagtail's admin uses inline scripts and styles; it stays same-origin only.
ADMIN_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'; frame-src 'self' https:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


HEALTH_PATH = "/health/"


class HealthProbeMiddleware:
    """Answers the load balancer's probe (GET /health/, lms.views.health) before anything that
    would refuse it for reasons that say nothing about this node: production's redirect to
    HTTPS (a probe speaks plain HTTP to the app server, with no X-Forwarded-Proto) and the
    ALLOWED_HOSTS check (a probe names the node's own address). Either would answer the same
    301 or 400 whether Redis and the database were up or down, so a down node would stay in
    rotation. First in MIDDLEWARE; the answer holds no address and no link."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH and request.method == "GET":
            response = health(request)
            response["X-Content-Type-Options"] = "nosniff"
            return response
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """CSP on every page; no caching of anything a signed-in person sees."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            # Always the admin's policy here: Wagtail renders a preview by sending a fake request
            # for the public page through this middleware, which gives it the public site's
            # frame-ancestors 'none'; the preview panel frames that response from the admin.
            response["Content-Security-Policy"] = ADMIN_CSP
            response["X-Frame-Options"] = "SAMEORIGIN"
        elif "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = SITE_CSP
        if response.get("Cache-Control") != "no-store":
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def is_database_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


class DatabaseBusyMiddleware:
    """When SQLite stays locked past its timeout, say so plainly and offer a retry.

    The retry form re-posts what the person sent (not files), so quiz answers are kept; the
    views that write are idempotent, so a retry records one result.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_busy(exception):
            return None
        logger.warning("Database busy on %s %s: %s", request.method, request.path, exception)
        fields = []
        if request.method == "POST":
            fields = [
                (key, value)
                for key in request.POST
                for value in request.POST.getlist(key)
                if key != "csrfmiddlewaretoken"
            ]
        html = render_to_string(
            "busy.html",
            {
                "retry_fields": fields,
                "retry_method": request.method,
                "retry_path": request.get_full_path(),
            },
            request=request,
        )
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(app_settings.busy_retry_seconds)
        return response
