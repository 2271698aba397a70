"""Whole-page cache for a signed-in person's own view of a course or lesson page and of their
dashboard (/dashboard/: their training, assignments, certificates and cards).

At roll call a squad opens the same few lessons again and again. Rendering one costs Wagtail's
routing, the course's lessons, the person's progress and the layout (about 20 queries). The
rendered page depends only on the published content, on the person's own records and on the day,
so it is kept:
- under a key made of the session key (so it only ever goes back to the session it was made
  for, and a new login, which rotates the key, starts afresh), the CSRF cookie its forms were
  signed with, the path and today's date (states such as "expires in 3 days" move with it);
- with the content stamp and the person's stamp (lms.freshness) it was rendered under: a
  published change, or any change to the person's progress, roles or records, makes it stale.

Views opt in with `personal_cache(response)`; only 200 responses with no messages and no new
cookies are kept, for ROLLCALL_PERSONAL_PAGE_CACHE_SECONDS.

A hit costs the session and one read of the cache, and loads nobody from the database. That is
safe because the entry was rendered for this same session, signed in as the same person, and
anything that could sign them out or change what they may see changes their stamp first: logging
out deletes the session, and deactivation, a password change, a new role, group or authenticator
all save the person or their records. For the same reason the entry may skip the MFA check that
follows this middleware: it passed that check when it was rendered.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from lms import freshness

OPT_IN_ATTRIBUTE = "lms_personal_cache"
KEY_PREFIX = "lms:page:v1:"


def personal_cache(response: HttpResponse) -> HttpResponse:
    """Mark a response as safe to keep for the person who asked for it."""
    setattr(response, OPT_IN_ATTRIBUTE, True)
    return response


def _seconds() -> int:
    return int(getattr(settings, "ROLLCALL_PERSONAL_PAGE_CACHE_SECONDS", 300))


def _prefixes() -> tuple[str, ...]:
    return tuple(
        getattr(settings, "ROLLCALL_PERSONAL_PAGE_CACHE_PREFIXES", ("/courses/", "/dashboard/"))
    )


def _has_pending_messages(request: HttpRequest) -> bool:
    return SessionStorage.session_key in request.session or bool(
        request.COOKIES.get(CookieStorage.cookie_name)
    )


def cache_key(request: HttpRequest) -> str | None:
    """The key of this request's page, or None when it must not come from the cache.

    The stamps are not part of the key but stored with the entry and compared when it is read,
    so one round trip to the cache fetches the entry and the current stamps together.
    """
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if _seconds() <= 0 or not freshness.stamps_are_shared():
        return None
    if not request.path_info.startswith(_prefixes()):
        return None
    # The person's id comes from the session, not request.user, so that a hit loads nobody.
    if not _session_user_id(request):
        return None
    session_key = request.session.session_key
    if not session_key or _has_pending_messages(request):
        return None
    parts = (
        session_key,
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.path_info,
        timezone.localdate().isoformat(),
    )
    return KEY_PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _session_user_id(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        getattr(response, OPT_IN_ATTRIBUTE, False)
        and request.user.is_authenticated
        and str(request.user.pk) == _session_user_id(request)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and _csrf_cookie_unchanged(request)
        and len(messages.get_messages(request)) == 0
    )


def _csrf_cookie_unchanged(request: HttpRequest) -> bool:
    """False when the page's forms carry a CSRF secret the browser does not hold yet."""
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    return request.META.get("CSRF_COOKIE") == request.COOKIES.get(settings.CSRF_COOKIE_NAME)


class PersonalPageCacheMiddleware:
    """Serves a person's cached course, lesson and dashboard pages; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = cache_key(request)
        if key is None:
            return self.get_response(request)
        user_id = _session_user_id(request)
        stamps, found = freshness.stamps_for_request(request, int(user_id), also=(key,))
        kept = found.get(key)
        if kept is not None and kept[0] == (user_id, stamps):
            return _rebuild(kept)
        response = self.get_response(request)
        if request.method == "GET" and _storable(request, response):
            kept = ((user_id, stamps), response.content, list(response.items()))
            cache.set(key, kept, _seconds())
        return response


def _rebuild(kept) -> HttpResponse:
    _, content, headers = kept
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    # Said here because the person is not loaded: lms.middleware would otherwise ask.
    response["Cache-Control"] = "no-store"
    return response
