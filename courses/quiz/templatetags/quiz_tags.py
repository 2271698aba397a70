from __future__ import annotations

from django import template

from courses.quiz.selectors import can_mark

register = template.Library()


@register.simple_tag(takes_context=True)
def can_mark_quizzes(context) -> bool:
    """Whether the signed-in user may open the quiz marking page (for the navigation)."""
    request = context.get("request")
    return bool(request and can_mark(request.user))
