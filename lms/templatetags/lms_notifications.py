"""The header's unread count: one COUNT query, only for a signed-in person."""

from __future__ import annotations

from django import template

from lms.notifications.unread import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    return unread_count(context.get("request"))
