from __future__ import annotations

from django.http import HttpRequest

from lms.roles import roles_for


def navigation(request: HttpRequest) -> dict:
    """Role flags for the site navigation (lms.roles: worked out once per request)."""
    roles = roles_for(request)
    user = getattr(request, "user", None)
    return {
        "nav_is_authenticated": bool(user and user.is_authenticated),
        "nav_can_use_admin": roles.can_use_admin,
        "nav_supervises_any": roles.supervises_any,
    }
