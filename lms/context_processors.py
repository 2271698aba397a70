from __future__ import annotations

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """Role flags for the site navigation; computed once per request, lazily."""
    user = getattr(request, "user", None)
    is_authenticated = bool(user and user.is_authenticated)
    return {
        "nav_is_authenticated": is_authenticated,
        "nav_can_use_admin": is_authenticated and user.has_perm("wagtailadmin.access_admin"),
    }
