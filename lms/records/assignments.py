"""Assigning courses with a due date, and what an officer still has to do.

One definition of "open" and "overdue" for assignments lives here; dashboards show
`open_assignments_for` and reminders use the same function.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDay
from django.utils import timezone

from lms.models import Agency, Assignment, Membership
from lms.notifications import events as notification_events
from lms.records.training_status import assignment_satisfied


class AssignmentRefused(Exception):
    """The assignment cannot be made; the message is shown as it is."""


@dataclass(frozen=True)
class AssignmentOutcome:
    created: int
    already_assigned: int
    replaced: int = 0


def give_assignments(new: list[Assignment]) -> int:
    """Create the assignments, each replacing the person's open assignment of the same course
    (kept as history): one open assignment per person and course (a database constraint).
    Returns how many earlier assignments were replaced. Three queries, any number of people.

    Callers leave out people who already hold the same assignment (same agency and due date).
    """
    open_now = [a for a in new if a.exempted_at is None]
    if not open_now:
        Assignment.objects.bulk_create(new, batch_size=500)
        return 0
    now = timezone.now()
    keys = Q()
    for course_id in {a.course_id for a in open_now}:
        keys |= Q(
            course_id=course_id,
            user_id__in=[a.user_id for a in open_now if a.course_id == course_id],
        )
    earlier = list(
        Assignment.objects.filter(
            keys, exempted_at__isnull=True, replaced_at__isnull=True
        ).values_list("pk", "user_id", "course_id")
    )
    if earlier:
        Assignment.objects.filter(pk__in=[pk for pk, _, _ in earlier]).update(replaced_at=now)
    Assignment.objects.bulk_create(new, batch_size=500)
    if earlier:
        successor = Assignment.objects.filter(
            user_id=OuterRef("user_id"),
            course_id=OuterRef("course_id"),
            exempted_at__isnull=True,
            replaced_at__isnull=True,
        ).values("pk")[:1]
        Assignment.objects.filter(pk__in=[pk for pk, _, _ in earlier]).update(
            replaced_by_id=Subquery(successor)
        )
    return len(earlier)


def assignable_memberships(
    *, agencies: Iterable[Agency], units: Iterable[str] = (), user_ids: Iterable[int] = ()
) -> QuerySet[Membership]:
    """Active members of the agencies; narrowed to units and/or people when given."""
    memberships = Membership.objects.filter(
        agency__in=list(agencies), status=Membership.Status.ACTIVE
    )
    units, user_ids = [u for u in units if u], list(user_ids)
    if units or user_ids:
        memberships = memberships.filter(Q(unit__in=units) | Q(user_id__in=user_ids))
    return memberships


@transaction.atomic
def assign_course(
    *,
    course,
    due_on: datetime.date,
    agencies: Iterable[Agency],
    assigned_by,
    units: Iterable[str] = (),
    user_ids: Iterable[int] = (),
    reason: str = "",
    today: datetime.date | None = None,
) -> AssignmentOutcome:
    """Assign a course to everyone (or chosen units or people) in one or more agencies.

    Idempotent: a person who already has this course due on this date in that agency keeps it.
    """
    today = today or timezone.localdate()
    if due_on < today:
        raise AssignmentRefused("The due date is in the past.")
    agencies, units, user_ids = list(agencies), [u for u in units if u], list(user_ids)
    if not agencies:
        raise AssignmentRefused("Choose at least one agency.")
    pairs = set(
        assignable_memberships(agencies=agencies, units=units, user_ids=user_ids).values_list(
            "user_id", "agency_id"
        )
    )
    if not pairs:
        raise AssignmentRefused("Nobody matches: no active member in the chosen agencies or units.")
    # Without units or people it is an agency-wide assignment: newcomers get it too.
    for_everyone = not units and not user_ids
    existing = set(
        Assignment.objects.filter(
            course=course,
            due_on=due_on,
            agency__in=agencies,
            exempted_at__isnull=True,
            replaced_at__isnull=True,
        ).values_list("user_id", "agency_id")
    )
    new = [
        Assignment(
            user_id=user_id,
            agency_id=agency_id,
            course=course,
            due_on=due_on,
            assigned_by=assigned_by,
            reason=reason,
            for_everyone=for_everyone,
        )
        for user_id, agency_id in sorted(pairs - existing)
    ]
    replaced = give_assignments(new)
    notification_events.assignments_given(assignments=new)
    return AssignmentOutcome(
        created=len(new), already_assigned=len(pairs & existing), replaced=replaced
    )


def assign_standing_courses(*, membership: Membership, today: datetime.date | None = None) -> int:
    """Give someone who just became an active member the agency's courses assigned to everyone
    that are not yet due, so an officer who joins at roll call lands on the assigned course."""
    today = today or timezone.localdate()
    standing = (
        Assignment.objects.filter(
            agency_id=membership.agency_id, for_everyone=True, due_on__gte=today
        )
        .values("course_id", "due_on", "assigned_by_id", "reason")
        .distinct()
    )
    have = set(
        Assignment.objects.filter(
            user_id=membership.user_id, agency_id=membership.agency_id
        ).values_list("course_id", "due_on")
    )
    # One open assignment per course: a course they already hold stays as it is; of several
    # standing ones, the soonest due.
    seen = set(
        Assignment.objects.filter(
            user_id=membership.user_id, exempted_at__isnull=True, replaced_at__isnull=True
        ).values_list("course_id", flat=True)
    )
    new = [
        Assignment(
            user_id=membership.user_id,
            agency_id=membership.agency_id,
            for_everyone=True,
            **row,
        )
        for row in standing
        if (row["course_id"], row["due_on"]) not in have
    ]
    unique = {}
    for assignment in sorted(new, key=lambda a: a.due_on):
        if assignment.course_id not in seen:
            seen.add(assignment.course_id)
            unique[(assignment.course_id, assignment.due_on)] = assignment
    given = list(unique.values())
    give_assignments(given)
    notification_events.assignments_given(assignments=given)
    return len(unique)


def open_assignments_for(*, user, today: datetime.date | None = None) -> list[Assignment]:
    """The person's assignments still to do, soonest due first.

    Open: not exempted, in an agency where the person is an active member, and not satisfied
    (lms.records.training_status.assignment_satisfied). Each carries `is_overdue` (due date before today).
    """
    today = today or timezone.localdate()
    assignments = (
        Assignment.objects.filter(
            user=user,
            exempted_at__isnull=True,
            agency__memberships__user=user,
            agency__memberships__status=Membership.Status.ACTIVE,
        )
        .annotate(assigned_day=TruncDay("created_at"))
        .exclude(assignment_satisfied(timezone.now()))
        .select_related("course", "agency")
        .order_by("due_on", "pk")
        .distinct()
    )
    result = list(assignments)
    for assignment in result:
        assignment.is_overdue = assignment.due_on < today
    return result


def assignment_status_label(assignment: Assignment, *, today: datetime.date | None = None) -> str:
    """ "Assigned, due 1 March 2027", or "Overdue since ..." (the officer's wording)."""
    today = today or timezone.localdate()
    due = f"{assignment.due_on:%-d %B %Y}"
    if assignment.due_on < today:
        return f"Overdue: was due {due}"
    return f"Assigned, due {due}"


def first_assigned_course_url(*, user) -> str | None:
    """Where an officer lands after joining: their most urgent assigned course, if any."""
    for assignment in open_assignments_for(user=user):
        if assignment.course is not None and assignment.course.live:
            return assignment.course.url
    return None
