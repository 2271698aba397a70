"""The officer's to-do list: one list, most urgent first, each item with one primary action.

Built from the one training status (lms.selectors' cells over lms.records.training_status), the
person's open assignments (roll-call make-ups among them, lms.rollcall.Absence) and the SOPs
they have not acknowledged (cms.sop_status). The order, most urgent first:

overdue      an assignment (or an SOP acknowledgement) past its due date
sop          an SOP to acknowledge, not yet due
makeup       a make-up for a missed roll-call session
due          any other open assignment (within DUE_SOON_DAYS it says "due soon")
renew        the course's renewal window is open, or the training expired
in_progress  started, not assigned

Within one group, the earliest due date first. A fixed number of queries, whatever the number
of courses (the dashboard's query-count test covers it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate, QuickReferenceCard
from cms.sop_status import user_sop_statuses
from courses.models import LessonPage, LessonProgress
from lms.models import Assignment, Completion, Membership
from lms.rollcall.models import Absence
from lms.selectors.columns import courses_offered
from lms.selectors.facts import user_cells
from lms.selectors.states import State

DUE_SOON_DAYS = 14
DECLINED_SHOWN_DAYS = 60


class Urgency:
    OVERDUE, SOP, MAKEUP, DUE, RENEW, IN_PROGRESS = range(6)


@dataclass(frozen=True)
class TodoItem:
    """One thing to do, with the one button that does it."""

    urgency: int
    title: str
    action: str  # the button's words: Continue / Start / Acknowledge / Renew
    url: str
    due_on: date | None = None
    note: str = ""
    badge: str = "muted"
    badge_label: str = ""
    lessons_done: int | None = None
    lessons_total: int | None = None
    course_id: int | None = None  # for the courses the officer's phone keeps offline

    @property
    def percent(self) -> int:
        if not self.lessons_total:
            return 0
        return round(100 * (self.lessons_done or 0) / self.lessons_total)

    @property
    def is_renewal(self) -> bool:
        return self.urgency == Urgency.RENEW

    @property
    def sort_key(self) -> tuple:
        return (self.urgency, self.due_on or date.max, self.title)


@dataclass(frozen=True)
class DoneItem:
    """A current certificate, with everything the officer does with it."""

    certificate: Certificate
    download_url: str
    wallet_card_url: str
    verify_url: str
    page_url: str


@dataclass
class JoinRequest:
    agency_name: str
    declined: bool
    on: date | None


@dataclass
class OfficerTodo:
    items: list[TodoItem] = field(default_factory=list)
    done: list[DoneItem] = field(default_factory=list)
    join_requests: list[JoinRequest] = field(default_factory=list)
    has_agency: bool = False
    history: list[Completion] = field(default_factory=list)  # every completion, newest first

    @property
    def count(self) -> int:
        return len(self.items)


# --- progress --------------------------------------------------------------------------------


@dataclass
class _CourseLessons:
    lessons: list = field(default_factory=list)  # live lessons in tree order


def _live_lessons_by_course(courses) -> dict[int, _CourseLessons]:
    """Each course's live lessons (one query over all of them)."""
    by_path = {course.path: course.pk for course in courses}
    found: dict[int, _CourseLessons] = defaultdict(_CourseLessons)
    steplen = LessonPage.steplen
    lessons = (
        LessonPage.objects.live()
        .filter(depth__in={course.depth + 1 for course in courses})
        .order_by("path")
        .only("id", "title", "slug", "path", "depth", "url_path")
    )
    for lesson in lessons:
        course_id = by_path.get(lesson.path[:-steplen])
        if course_id is not None:
            found[course_id].lessons.append(lesson)
    return found


def _completed_lessons(*, user, cycle_starts: dict[int, datetime | None]) -> dict[int, set[int]]:
    """Lessons completed in the current cycle of each course (one query)."""
    done: dict[int, set[int]] = defaultdict(set)
    rows = LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
        "course_id", "lesson_id", "completed_at"
    )
    for course_id, lesson_id, completed_at in rows:
        start = cycle_starts.get(course_id)
        if start is None or completed_at > start:
            done[course_id].add(lesson_id)
    return done


# --- the list --------------------------------------------------------------------------------


def _makeup_assignment_ids(*, user) -> set[int]:
    return set(
        Absence.objects.filter(
            user=user, outcome=Absence.Outcome.MAKEUP, assignment__isnull=False
        ).values_list("assignment_id", flat=True)
    )


def _course_item(
    *, course, cell, assignment_ids: set[int], lessons, done_ids, makeups, today
) -> TodoItem | None:
    state = cell.state
    open_assignment = cell.due_on is not None and state not in State.VALID
    total = len(lessons)
    done = sum(1 for lesson in lessons if lesson.pk in done_ids)
    next_lesson = next((lesson for lesson in lessons if lesson.pk not in done_ids), None)
    started = done > 0 or state == State.IN_PROGRESS
    may_renew = state in (State.EXPIRING, State.EXPIRED) or (
        state == State.OVERDUE and cell.completion_code is not None
    )
    if may_renew and not started:
        action, url = _("Renew"), course.url
    elif started and next_lesson is not None:
        action, url = _("Continue"), next_lesson.url
    elif started:
        action, url = _("Continue"), course.url  # lessons done: the course page offers the quiz
    else:
        action, url = _("Start"), (lessons[0].url if lessons else course.url)
    common = {
        "course_id": course.pk,
        "title": course.title,
        "action": str(action),
        "url": url,
        "lessons_done": done,
        "lessons_total": total,
    }
    if open_assignment:
        if state == State.OVERDUE:
            return TodoItem(
                urgency=Urgency.OVERDUE,
                due_on=cell.due_on,
                badge="danger",
                badge_label=str(_("Overdue")),
                **common,
            )
        is_makeup = bool(makeups & assignment_ids)
        soon = cell.due_on <= today + timedelta(days=DUE_SOON_DAYS)
        return TodoItem(
            urgency=Urgency.MAKEUP if is_makeup else Urgency.DUE,
            due_on=cell.due_on,
            badge="warn" if soon else "muted",
            badge_label=str(
                _("Make-up") if is_makeup else (_("Due soon") if soon else _("Assigned"))
            ),
            note=str(_("Make-up for a roll-call session you missed.")) if is_makeup else "",
            **common,
        )
    if state in (State.EXPIRING, State.EXPIRED):
        expired = state == State.EXPIRED
        until = timezone.localdate(cell.valid_until) if cell.valid_until else None
        return TodoItem(
            urgency=Urgency.RENEW,
            due_on=until,
            badge="danger" if expired else "warn",
            badge_label=str(_("Expired") if expired else _("Renewal open")),
            **common,
        )
    if state == State.IN_PROGRESS and total:
        return TodoItem(urgency=Urgency.IN_PROGRESS, badge_label=str(_("In progress")), **common)
    return None


def _sop_items(*, user, today: date) -> list[TodoItem]:
    """The agency SOPs the person has yet to acknowledge, each with their own due date
    (cms.sop_status: the adoption or their joining, whichever is later, plus the agency's days)."""
    items = []
    for membership, status in user_sop_statuses(user=user, today=today):
        if not status.outstanding:
            continue
        adoption = status.adoption
        items.append(
            TodoItem(
                urgency=Urgency.OVERDUE if status.overdue else Urgency.SOP,
                title=str(_("Read and acknowledge: %(title)s")) % {"title": adoption.title},
                action=str(_("Acknowledge")),
                url=reverse("cms:read_sop", kwargs={"adoption_id": adoption.pk}),
                due_on=status.due_on,
                note=membership.agency.name,
                badge="danger" if status.overdue else "warn",
                badge_label=str(_("Overdue") if status.overdue else _("SOP")),
            )
        )
    return items


def _done_items(*, user, today: date) -> list[DoneItem]:
    """Current certificates: valid, not replaced by a later one, not expired."""
    certificates = (
        Certificate.objects.filter(
            completion__user=user,
            status=Certificate.Status.VALID,
            superseded_by__isnull=True,
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=today))
        .select_related("completion")
        .order_by("course_title", "-pk")
    )
    has_card = QuickReferenceCard.objects.exists()
    return [
        DoneItem(
            certificate=certificate,
            download_url=certificate.get_download_url(),
            wallet_card_url=(
                reverse("certificates:personal_wallet_card", kwargs={"code": certificate.code})
                if has_card
                else ""
            ),
            verify_url=certificate.get_verification_path(),
            page_url=reverse("certificates:detail", kwargs={"code": certificate.code}),
        )
        for certificate in certificates
    ]


def _join_requests(*, user, memberships: list[Membership], today: date) -> list[JoinRequest]:
    """Requests waiting for approval, and requests declined lately (a declined request is an
    ended membership that never started, lms.people.onboarding.decline_membership)."""
    current = {m.agency_id for m in memberships if m.status != Membership.Status.ENDED}
    requests = []
    for membership in memberships:
        if membership.status == Membership.Status.PENDING:
            requests.append(JoinRequest(membership.agency.name, declined=False, on=None))
        elif (
            membership.status == Membership.Status.ENDED
            and membership.started_on is None
            and membership.ended_on is not None
            and membership.ended_on >= today - timedelta(days=DECLINED_SHOWN_DAYS)
            and membership.agency_id not in current
        ):
            requests.append(
                JoinRequest(membership.agency.name, declined=True, on=membership.ended_on)
            )
    return requests


def officer_todo(*, user, now: datetime | None = None) -> OfficerTodo:
    """The signed-in person's to-do list, their current certificates and join requests."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    courses = list(
        courses_offered().only("pk", "title", "path", "url_path", "depth", "renewal_window_days")
    )
    cells = user_cells(user=user, course_ids=[c.pk for c in courses], now=now)
    open_assignments: dict[int, set[int]] = defaultdict(set)
    for assignment_id, course_id in Assignment.objects.filter(
        user=user, exempted_at__isnull=True, replaced_at__isnull=True
    ).values_list("pk", "course_id"):
        open_assignments[course_id].add(assignment_id)
    makeups = _makeup_assignment_ids(user=user)
    lessons = _live_lessons_by_course(courses) if courses else {}
    cycle_starts = {}
    for course in courses:
        cell = cells.get((user.pk, course.pk))
        renewing = cell is not None and cell.state in (State.EXPIRING, State.EXPIRED)
        cycle_starts[course.pk] = cell.last_completed_at if renewing else None
    completed = _completed_lessons(user=user, cycle_starts=cycle_starts)

    items = _sop_items(user=user, today=today)
    for course in courses:
        cell = cells.get((user.pk, course.pk))
        if cell is None:
            continue
        item = _course_item(
            course=course,
            cell=cell,
            assignment_ids=open_assignments.get(course.pk, set()),
            lessons=lessons.get(course.pk, _CourseLessons()).lessons,
            done_ids=completed.get(course.pk, set()),
            makeups=makeups,
            today=today,
        )
        if item is not None:
            items.append(item)
    memberships = list(
        Membership.objects.filter(user=user).select_related("agency").order_by("-updated_at")
    )
    return OfficerTodo(
        items=sorted(items, key=lambda item: item.sort_key),
        done=_done_items(user=user, today=today),
        join_requests=_join_requests(user=user, memberships=memberships, today=today),
        has_agency=any(m.status == Membership.Status.ACTIVE for m in memberships),
        history=list(Completion.objects.filter(user=user).order_by("-completed_at", "-pk")),
    )
