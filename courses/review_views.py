"""The reviewer's page for a whole course: every page as officers will see it, and what changed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from courses.models import CoursePage
from courses.models.review import course_would_have_lessons
from courses.review import course_review_bundle


def course_review(request, course_id: int):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not course.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    rows = []
    for item in course_review_bundle(course):
        page = item.page
        rows.append(
            {
                "page": page,
                "title": item.revision.as_object().title if item.revision else page.title,
                "kind": page.specific_class._meta.verbose_name,
                "state": "new" if item.is_new else ("changed" if item.revision else "unchanged"),
                "preview_url": reverse("wagtailadmin_pages:view_draft", args=(page.pk,)),
                "compare_url": reverse(
                    "wagtailadmin_pages:revisions_compare",
                    kwargs={
                        "pk": page.pk,
                        "revision_id_a": "live",
                        "revision_id_b": item.revision.pk,
                    },
                )
                if item.revision and not item.is_new
                else "",
                "edit_url": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            }
        )
    state = course.current_workflow_state
    return TemplateResponse(
        request,
        "courses/admin/course_review.html",
        {
            "course": course,
            "rows": rows,
            "workflow_state": state,
            "has_lessons": course_would_have_lessons(course),
            "course_preview_url": reverse("wagtailadmin_pages:view_draft", args=(course.pk,)),
            "course_compare_url": reverse(
                "wagtailadmin_pages:revisions_compare",
                kwargs={"pk": course.pk, "revision_id_a": "live", "revision_id_b": "latest"},
            )
            if course.live
            else "",
            "page_title": f"Review: {course.title}",
        },
    )
