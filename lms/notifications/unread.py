"""The header's unread count: one COUNT query, for a signed-in person.

A view that has already counted in this request (the kept lesson page's key,
courses.lesson_response_cache) hands its count over instead of the header counting again.
"""

from __future__ import annotations

from django.http import HttpRequest

from lms.models import Notification

_ATTR = "_lms_unread_notifications"


def remember_unread_count(request: HttpRequest, count: int) -> None:
    setattr(request, _ATTR, count)


def unread_count(request: HttpRequest | None) -> int:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    known = getattr(request, _ATTR, None)
    if known is not None:
        return known
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
