from __future__ import annotations

from django.http import HttpRequest

from lms.roles import roles_for
from lms.todo_count import LazyTodoCount


def navigation(request: HttpRequest) -> dict:
    """Role flags for the site navigation (lms.roles: worked out once per request)."""
    roles = roles_for(request)
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "nav_is_authenticated": signed_in,
        # A callable: templates that show the count call it; the others cost nothing.
        "nav_todo_count": LazyTodoCount(request) if signed_in else 0,
        "nav_can_use_admin": roles.can_use_admin,
        "nav_supervises_any": roles.supervises_any,
        "nav_is_ors": roles.is_ors_staff,
    }
