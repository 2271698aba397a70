from __future__ import annotations

from django.http import HttpRequest

from lms.roles import roles_for
from lms.todo_count import known_todo_count


def navigation(request: HttpRequest) -> dict:
    """Role flags for the site navigation (lms.roles: worked out once per request)."""
    roles = roles_for(request)
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "nav_is_authenticated": signed_in,
        "nav_todo_count": known_todo_count(request) if signed_in else None,
        "nav_can_use_admin": roles.can_use_admin,
        "nav_supervises_any": roles.supervises_any,
        "nav_is_ors": roles.is_ors_staff,
    }
