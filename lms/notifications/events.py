"""What the site calls when something happens: each function names the event, its people and
its key, and hands them to notify(). Keys are stable, so reporting an event twice tells nobody
twice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lms.access import ORS_STAFF_GROUP, SUPERVISORY_ROLES
from lms.models import Assignment, Membership, Notification
from lms.notifications import kinds
from lms.notifications.service import notify


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def supervisor_ids(agency_id: int) -> list[int]:
    """Active supervisors and agency administrators of one agency (never of another)."""
    return list(
        Membership.objects.filter(
            agency_id=agency_id, status=Membership.Status.ACTIVE, role__in=SUPERVISORY_ROLES
        ).values_list("user_id", flat=True)
    )


def ors_staff_ids() -> list[int]:
    return list(
        get_user_model()
        .objects.filter(Q(groups__name=ORS_STAFF_GROUP) | Q(is_superuser=True), is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )


def _admin_url(model, action: str = "list", *args) -> str:
    try:
        return reverse(model.snippet_viewset.get_url_name(action), args=args)
    except (AttributeError, NoReverseMatch):
        return "/admin/"


# --- supervisors ------------------------------------------------------------------------------


def _hour_bucket(now: datetime) -> tuple[str, datetime]:
    start = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return start.strftime("%Y%m%d%H"), start + timedelta(hours=1)


def join_requested(*, membership: Membership, now: datetime | None = None) -> int:
    """A request waiting for approval: the agency's supervisors hear of it at most once an hour.

    The key names the agency and the clock hour, so every request in that hour is one entry and
    one e-mail; the e-mail waits for the end of the hour (where the task backend can defer) and
    is dropped if nobody is waiting any more by then.
    """
    if membership.status != Membership.Status.PENDING:
        return 0
    bucket, hour_ends = _hour_bucket(now or timezone.now())
    return notify(
        kind=kinds.JOIN_REQUESTS,
        recipients=supervisor_ids(membership.agency_id),
        key=f"join_requests:{membership.agency_id}:{bucket}",
        title=f"Join requests waiting: {membership.agency.name}",
        body="Someone asked to join your agency. Approve or decline on the roster page.",
        url=reverse("lms:roster", kwargs={"agency_id": membership.agency_id}),
        agency_id=membership.agency_id,
        send_after=hour_ends,
    )


def no_join_requests_waiting(notification: Notification) -> bool:
    return not Membership.objects.filter(
        agency_id=notification.agency_id, status=Membership.Status.PENDING
    ).exists()


# --- officers ---------------------------------------------------------------------------------


def membership_decided(*, membership: Membership, approved: bool) -> int:
    agency = membership.agency
    if approved:
        kind, title = kinds.JOIN_APPROVED, f"You joined {agency.name}"
        body, url = (
            "Your request to join was approved. Your assigned courses are on your dashboard.",
            "/dashboard/",
        )
    else:
        kind, title = kinds.JOIN_DECLINED, f"Your request to join {agency.name} was declined"
        body, url = "Ask your supervisor if you think this is a mistake.", reverse("lms:join_start")
    return notify(
        kind=kind,
        recipients=[membership.user_id],
        key=f"membership:{membership.pk}",
        title=title,
        body=body,
        url=url,
        agency_id=agency.pk,
    )


ASSIGNMENT_WORDING = {
    # kind: (title prefix, body); the body ends with the due date.
    kinds.ASSIGNMENT_NEW: ("Assigned", "Complete this course by"),
    kinds.MAKEUP_ASSIGNED: (
        "Make-up",
        "You missed the roll-call session of this course; complete it online by",
    ),
    kinds.ASSIGNMENT_DUE_SOON: (
        "Due in 7 days",
        "You have not completed this course yet. It is due",
    ),
    kinds.ASSIGNMENT_OVERDUE: ("Overdue", "You have not completed this course yet. It was due"),
}


def notify_assignment_groups(*, assignments: list[Assignment], kind: str) -> int:
    """One event per course, agency and due date, for everyone in it: a fixed number of
    queries whatever the number of people."""
    groups: dict[tuple[int, int, date], list[int]] = defaultdict(list)
    for assignment in assignments:
        groups[(assignment.course_id, assignment.agency_id, assignment.due_on)].append(
            assignment.user_id
        )
    if not groups:
        return 0
    course_model = Assignment._meta.get_field("course").related_model
    courses = course_model.objects.in_bulk({course_id for course_id, _, _ in groups})
    prefix, sentence = ASSIGNMENT_WORDING[kind]
    key_prefix = "assignment" if kind in (kinds.ASSIGNMENT_NEW, kinds.MAKEUP_ASSIGNED) else kind
    told = 0
    for (course_id, agency_id, due_on), user_ids in groups.items():
        course = courses.get(course_id)
        told += notify(
            kind=kind,
            recipients=user_ids,
            key=f"{key_prefix}:{course_id}:{agency_id}:{due_on.isoformat()}",
            title=f"{prefix}: {course.title if course else 'a course'}, due {_day(due_on)}",
            body=f"{sentence} {_day(due_on)}.",
            url=(course.url if course is not None and course.url else "/dashboard/"),
            agency_id=agency_id,
        )
    return told


def assignments_given(*, assignments: list[Assignment], makeup: bool = False) -> int:
    kind = kinds.MAKEUP_ASSIGNED if makeup else kinds.ASSIGNMENT_NEW
    return notify_assignment_groups(assignments=assignments, kind=kind)


def sop_adopted(*, adoption) -> int:
    """Every active member of the agency is asked to acknowledge the SOP in force."""
    people = Membership.objects.filter(
        agency_id=adoption.agency_id, status=Membership.Status.ACTIVE
    ).values_list("user_id", flat=True)
    return notify(
        kind=kinds.SOP_TO_ACKNOWLEDGE,
        recipients=list(people),
        key=f"sop:{adoption.pk}",
        title=f"Please read and acknowledge: {adoption.title} (version {adoption.version})",
        body=(
            f"{adoption.agency_name} adopted this version of its SOP. Read and acknowledge it "
            f"within {adoption.agency.sop_acknowledge_days} days."
        ),
        url=reverse("cms:my_sop"),
        agency_id=adoption.agency_id,
    )


# --- ORS --------------------------------------------------------------------------------------


def program_registered(*, registration) -> int:
    return notify(
        kind=kinds.PROGRAM_REGISTRATION,
        recipients=ors_staff_ids(),
        key=f"registration:{registration.pk}",
        title=f"New program registration: {registration.agency_name}",
        body=f"{registration.contact_name} registered the agency's leave-behind program.",
        url=_admin_url(type(registration)),
    )


def assistance_requested(*, ta_request) -> int:
    return notify(
        kind=kinds.ASSISTANCE_REQUEST,
        recipients=ors_staff_ids(),
        key=f"assistance:{ta_request.pk}",
        title=f"Technical-assistance request: {ta_request.agency.name}",
        body=f"{ta_request.requester_name} asked for technical assistance.",
        url=_admin_url(type(ta_request)),
    )


def course_submitted_for_review(*, workflow_state) -> int:
    """The reviewers of the workflow's current task (its groups) hear of a submitted course."""
    task = (
        workflow_state.current_task_state.task.specific
        if workflow_state.current_task_state
        else None
    )
    groups = getattr(task, "groups", None)
    if groups is None:
        return 0
    reviewers = (
        get_user_model()
        .objects.filter(groups__in=groups.all(), is_active=True)
        .exclude(pk=workflow_state.requested_by_id)
        .values_list("pk", flat=True)
        .distinct()
    )
    page = workflow_state.content_object
    return notify(
        kind=kinds.COURSE_REVIEW,
        recipients=list(reviewers),
        key=f"review:{workflow_state.pk}",
        title=f"Submitted for review: {page.title}",
        body="An author submitted this course for review.",
        url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
    )
