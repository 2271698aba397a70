"""Registers the whole-course review page and its button on a course's admin header."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from courses.models import CoursePage
from courses.review_views import course_review


@hooks.register("register_admin_urls")
def register_course_review_url():
    return [path("courses/<int:course_id>/review/", course_review, name="course_review")]


@hooks.register("register_page_header_buttons")
def course_review_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, CoursePage):
        yield Button(
            "Review the whole course",
            reverse("course_review", args=(page.pk,)),
            icon_name="doc-full-inverse",
            priority=50,
        )
