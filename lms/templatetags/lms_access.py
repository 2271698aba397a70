"""Template helpers for role-dependent links (the decision itself stays in lms.access)."""

from __future__ import annotations

from django import template

from lms.access import is_ors_staff, supervised_agencies

register = template.Library()


@register.simple_tag(takes_context=True)
def supervises_any(context) -> bool:
    """Whether the signed-in person supervises an agency (one query, cached per request)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(request, "_lms_supervises_any"):
        request._lms_supervises_any = is_ors_staff(user) or supervised_agencies(user).exists()
    return request._lms_supervises_any
