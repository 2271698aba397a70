"""The reviewer's page for a whole course: every page as officers will see it, and what changed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from courses.models import CoursePage
from courses.models.review import course_would_have_lessons, publish_problems
from courses.review import ReviewedPage, course_review_bundle, review_in_progress


def _state_of(item: ReviewedPage) -> str:
    if not item.will_be_live:
        return "left_out"
    if item.is_new:
        return "new"
    return "changed" if item.revision else "unchanged"


def _compare_url(item: ReviewedPage) -> str:
    if item.revision is None or item.is_new or not item.page.live:
        return ""
    return reverse(
        "wagtailadmin_pages:revisions_compare",
        kwargs={"pk": item.page.pk, "revision_id_a": "live", "revision_id_b": item.revision.pk},
    )


def course_review(request, course_id: int):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not course.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    in_review = review_in_progress(course)
    rows = [
        {
            "page": item.page,
            "title": item.shown.title,
            "kind": item.page.specific_class._meta.verbose_name,
            "state": _state_of(item),
            "later_edit": item.later_edit and in_review is not None,
            "preview_url": item.preview_url,
            "compare_url": _compare_url(item),
            "edit_url": reverse("wagtailadmin_pages:edit", args=(item.page.pk,)),
        }
        for item in course_review_bundle(course)
    ]
    state = course.current_workflow_state
    course_revision = in_review.current_task_state.revision if in_review else None
    return TemplateResponse(
        request,
        "courses/admin/course_review.html",
        {
            "course": course,
            "rows": rows,
            "workflow_state": state,
            "in_review": in_review is not None,
            "publish_problems": publish_problems(in_review.current_task_state) if in_review else [],
            "has_lessons": course_would_have_lessons(course),
            "course_preview_url": reverse("wagtailadmin_pages:view_draft", args=(course.pk,)),
            "course_compare_url": reverse(
                "wagtailadmin_pages:revisions_compare",
                kwargs={
                    "pk": course.pk,
                    "revision_id_a": "live",
                    "revision_id_b": course_revision.pk if course_revision else "latest",
                },
            )
            if course.live
            else "",
            "page_title": f"Review: {course.title}",
        },
    )
