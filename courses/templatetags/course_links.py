"""Links between the pages of a course: the public address, or in a reviewer's preview the
admin's preview of the page as it will be published (courses.review.course_as_approved sets
`preview_url`). The public pages refuse to be framed, and a draft lesson has no public page yet,
so a preview must never link out to them."""

from __future__ import annotations

from django import template
from wagtail.templatetags.wagtailcore_tags import pageurl

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_url(context, page) -> str:
    preview_url = getattr(page, "preview_url", None)
    if preview_url:
        return preview_url
    return pageurl(context, page)
