"""Courses and members every dashboard shows: the columns and rows of the agency matrix."""

from __future__ import annotations

from django.db.models import (
    Q,
)

from courses.models import CoursePage, has_live_lesson, offered_courses
from lms.models import Agency, Assignment, Membership


def live_courses():
    """Published courses in tree order (the columns of every dashboard: records of a course
    stay visible while its lessons are withdrawn)."""
    return CoursePage.objects.live().order_by("path")


def courses_offered():
    """The courses officers are offered (live, with a live lesson), in tree order: what the
    to-do list, assignments and roll-call sessions choose from."""
    return offered_courses().order_by("path")


def agency_course_columns(*, agency: Agency, completed_course_ids: set[int]) -> list:
    """The agency's matrix columns: courses assigned in it or completed by its members.

    `completed_course_ids` are the courses its active members completed (the matrix has them
    from `training_facts`). With none yet, every course officers are offered (a new agency
    sees what there is to do). Two small queries.
    """
    courses = live_courses().only(
        "pk", "title", "path", "estimated_minutes", "recertification_months"
    )
    assigned = Assignment.objects.filter(agency=agency).values_list("course_id", flat=True)
    in_use = set(assigned.distinct().order_by()) | completed_course_ids
    # Whether a course is offered (a correlated subquery over the lessons) is asked only of an
    # agency with nothing assigned or completed yet.
    return [c for c in courses if c.pk in in_use] or list(courses.filter(has_live_lesson()))


def active_members(*, agency: Agency):
    """The agency's active members with their users (one query)."""
    return (
        Membership.objects.filter(agency=agency, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def agency_members_q(agency: Agency) -> Q:
    """Rows of the agency's active members: the agency filter inside the join."""
    return Q(user__memberships__agency=agency, user__memberships__status=Membership.Status.ACTIVE)
