"""One definition of each training state, shared by every dashboard, export and reminder.

For one person and one course the state is, in this order of precedence:

complete     a completion that never expires, or expires after the expiring window
expiring     a completion that is still valid but expires within `expiring_within_days()`
overdue      an open (not exempted) assignment is past its due date and no completion was
             recorded on or after the day it was assigned
expired      the latest valid-until date has passed
in_progress  a lesson started (courses.LessonProgress) or a quiz attempt still open
not_started  none of the above

"Valid" (complete or expiring) is `valid_completion_q(now)`: the database and Python agree.
Every function here runs a fixed number of queries, whatever the number of officers, courses
and records (tests assert it at two data sizes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDay
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.models import Agency, Assignment, Completion, Membership

DEFAULT_EXPIRING_WITHIN_DAYS = 60


def expiring_within_days() -> int:
    """Days before expiry when a completion counts as expiring (LMS_EXPIRING_WITHIN_DAYS)."""
    value = getattr(settings, "LMS_EXPIRING_WITHIN_DAYS", DEFAULT_EXPIRING_WITHIN_DAYS)
    return int(value)


class State:
    """The six cell states, with labels and the badge class each one is shown with."""

    COMPLETE = "complete"
    EXPIRING = "expiring"
    OVERDUE = "overdue"
    EXPIRED = "expired"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"

    LABELS = {
        COMPLETE: _("Complete"),
        EXPIRING: _("Expiring"),
        OVERDUE: _("Overdue"),
        EXPIRED: _("Expired"),
        IN_PROGRESS: _("In progress"),
        NOT_STARTED: _("Not started"),
    }
    BADGES = {
        COMPLETE: "ok",
        EXPIRING: "warn",
        OVERDUE: "danger",
        EXPIRED: "danger",
        IN_PROGRESS: "muted",
        NOT_STARTED: "muted",
    }
    ALL = tuple(LABELS)
    VALID = (COMPLETE, EXPIRING)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(key, str(label)) for key, label in cls.LABELS.items()]


def valid_completion_q(now: datetime, prefix: str = "") -> Q:
    """Completions that count as done at `now` (complete or expiring)."""
    return Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})


# Completion codes computed in SQL, so the whole agency's states need no datetime parsing.
_CODE_COMPLETE, _CODE_EXPIRING, _CODE_EXPIRED = 0, 1, 2


@dataclass(slots=True)
class Cell:
    """What one person has done about one course, and the state that follows.

    `completion_code`, `assignments` and `has_activity` decide the state; the other fields are
    details loaded only for the people shown (a page of the matrix, an export, one officer).
    """

    state: str = State.NOT_STARTED
    completion_code: int | None = None
    assignments: list[tuple[date, bool]] = field(default_factory=list)
    has_activity: bool = False
    last_completed_at: datetime | None = None
    valid_until: datetime | None = None
    never_expires: bool = False
    last_is_manual: bool = False
    training_minutes: int = 0
    due_on: date | None = None

    @property
    def label(self) -> str:
        return str(State.LABELS[self.state])

    @property
    def badge(self) -> str:
        return State.BADGES[self.state]

    @property
    def is_valid(self) -> bool:
        return self.state in State.VALID


def classify(cell: Cell, *, today: date) -> str:
    """The state of one cell; the only place the precedence of states is written down.

    `assignments` holds (due_on, satisfied) pairs: satisfied when a completion was recorded on
    or after the day of the assignment.
    """
    if cell.completion_code == _CODE_COMPLETE:
        return State.COMPLETE
    if cell.completion_code == _CODE_EXPIRING:
        return State.EXPIRING
    if any(due_on < today and not satisfied for due_on, satisfied in cell.assignments):
        return State.OVERDUE
    if cell.completion_code == _CODE_EXPIRED:
        return State.EXPIRED
    if cell.has_activity:
        return State.IN_PROGRESS
    return State.NOT_STARTED


def _optional_model(app_label: str, model_name: str):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _completion_code(now: datetime) -> Case:
    """complete / expiring / expired for a (user, course) group, in SQL."""
    cutoff = now + timedelta(days=expiring_within_days())
    return Case(
        When(never__gt=0, then=Value(_CODE_COMPLETE)),
        When(valid_until__gt=cutoff, then=Value(_CODE_COMPLETE)),
        When(valid_until__gt=now, then=Value(_CODE_EXPIRING)),
        default=Value(_CODE_EXPIRED),
        output_field=IntegerField(),
    )


def training_cells(
    *,
    user_ids_q: Q,
    course_ids: list[int],
    agency: Agency | None = None,
    now=None,
    with_details: bool = True,
) -> dict[tuple[int, int], Cell]:
    """Cells keyed (user_id, course_id) for the users matched by `user_ids_q`.

    `user_ids_q` filters each table through its `user` relation (e.g.
    Q(user__memberships__agency=...)), so the agency filter stays inside the join. States for
    everyone come from small integer rows; dates, minutes and the manual marker come from
    `add_cell_details` (here unless with_details=False: the matrix loads them for the people
    on screen only). Five or six queries, whatever the sizes.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    cells: dict[tuple[int, int], Cell] = defaultdict(Cell)
    if not course_ids:
        return cells
    completions = Completion.objects.filter(
        user_ids_q, course_id__in=course_ids, completed_at__lte=now
    )

    codes = (
        completions.values("user_id", "course_id")
        .alias(
            never=Count("pk", filter=Q(expires_at__isnull=True)),
            valid_until=Max("expires_at"),
        )
        .annotate(code=_completion_code(now))
        .values_list("user_id", "course_id", "code")
        .order_by()
    )
    for user_id, course_id, code in codes:
        cells[(user_id, course_id)].completion_code = code

    if with_details:
        add_cell_details(cells, user_ids_q=user_ids_q, course_ids=course_ids, now=now)

    # An assignment is satisfied by a completion on or after the day it was made.
    satisfied = Completion.objects.filter(
        user_id=OuterRef("user_id"),
        course_id=OuterRef("course_id"),
        completed_at__gte=OuterRef("assigned_day"),
        completed_at__lte=now,
    )
    assignments = Assignment.objects.filter(
        user_ids_q, course_id__in=course_ids, exempted_at__isnull=True
    )
    if agency is not None:
        assignments = assignments.filter(agency=agency)
    for user_id, course_id, due_on, is_satisfied in (
        assignments.annotate(assigned_day=TruncDay("created_at"))
        .annotate(satisfied=Exists(satisfied))
        .values_list("user_id", "course_id", "due_on", "satisfied")
        .order_by("due_on")
    ):
        cells[(user_id, course_id)].assignments.append((due_on, is_satisfied))

    for model_label in (("courses", "LessonProgress"), ("quiz", "QuizAttempt")):
        model = _optional_model(*model_label)
        if model is None:
            continue
        activity = model.objects.filter(user_ids_q, course_id__in=course_ids)
        if model_label[1] == "QuizAttempt":
            activity = activity.exclude(status="completed")
        for user_id, course_id in activity.values_list("user_id", "course_id").distinct():
            cells[(user_id, course_id)].has_activity = True

    for cell in cells.values():
        cell.due_on = next((due for due, done in cell.assignments if not done), None)
        cell.state = classify(cell, today=today)
    return cells


def add_cell_details(
    cells: dict[tuple[int, int], Cell],
    *,
    user_ids_q: Q,
    course_ids: list[int],
    now=None,
    user_ids: list[int] | None = None,
) -> None:
    """Dates, minutes and the manual marker for the given people (None: all). One query."""
    now = now or timezone.now()
    details = Completion.objects.filter(user_ids_q, course_id__in=course_ids, completed_at__lte=now)
    if user_ids is not None:
        details = details.filter(user_id__in=user_ids)
    for user_id, course_id, last, valid_until, never, last_manual, minutes in (
        details.values("user_id", "course_id")
        .annotate(
            last=Max("completed_at"),
            valid_until=Max("expires_at"),
            never=Count("pk", filter=Q(expires_at__isnull=True)),
            last_manual=Max("completed_at", filter=Q(method=Completion.Method.MANUAL)),
            minutes=Sum("training_minutes"),
        )
        .values_list(
            "user_id", "course_id", "last", "valid_until", "never", "last_manual", "minutes"
        )
        .order_by()
    ):
        cell = cells[(user_id, course_id)]
        cell.last_completed_at = last
        cell.valid_until = valid_until
        cell.never_expires = never > 0
        cell.last_is_manual = last_manual is not None and last_manual == last
        cell.training_minutes = minutes or 0


# --- Courses shown on dashboards -------------------------------------------------------------


def live_courses():
    """Published courses in tree order (the columns of every dashboard)."""
    from courses.models import CoursePage

    return CoursePage.objects.live().order_by("path")


def agency_course_columns(*, agency: Agency) -> list:
    """The agency's matrix columns: courses assigned in it or completed by its members.

    With none yet, every live course (a new agency sees what there is to do).
    One query.
    """
    courses = list(
        live_courses()
        .filter(
            Q(assignments__agency=agency)
            | Q(
                completions__user__memberships__agency=agency,
                completions__user__memberships__status=Membership.Status.ACTIVE,
            )
        )
        .distinct()
        .only("pk", "title", "path", "estimated_minutes", "recertification_months")
    )
    if not courses:
        courses = list(
            live_courses().only(
                "pk", "title", "path", "estimated_minutes", "recertification_months"
            )
        )
    return courses


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


def agency_cells(*, agency: Agency, course_ids: list[int], now=None, with_details=True):
    """Cells for every active member of the agency."""
    return training_cells(
        user_ids_q=agency_members_q(agency),
        course_ids=course_ids,
        agency=agency,
        now=now,
        with_details=with_details,
    )


def user_cells(*, user, course_ids: list[int], now=None):
    """Cells for one person across courses (their own dashboard)."""
    return training_cells(user_ids_q=Q(user=user), course_ids=course_ids, now=now)


# --- Statewide -------------------------------------------------------------------------------


@dataclass
class AgencyRow:
    agency: Agency
    officers: int
    complete_by_course: dict[int, int]
    last_activity: datetime | None = None

    def percent(self, course_id: int) -> int:
        if not self.officers:
            return 0
        return round(100 * self.complete_by_course.get(course_id, 0) / self.officers)

    def overall_percent(self, course_ids: list[int]) -> int:
        possible = self.officers * len(course_ids)
        if not possible:
            return 0
        done = sum(self.complete_by_course.get(pk, 0) for pk in course_ids)
        return round(100 * done / possible)


def statewide_rows(*, now=None) -> list[AgencyRow]:
    """Every agency with active members: members, valid completions per course, last activity.

    Three queries, whatever the number of agencies, officers and completions.
    """
    now = now or timezone.now()
    agencies = list(
        Agency.objects.annotate(
            officers=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
        )
        .filter(officers__gt=0)
        .order_by("name")
    )
    rows = {a.pk: AgencyRow(agency=a, officers=a.officers, complete_by_course={}) for a in agencies}
    counts = (
        Completion.objects.filter(
            valid_completion_q(now),
            completed_at__lte=now,
            user__memberships__status=Membership.Status.ACTIVE,
        )
        .values("user__memberships__agency_id", "course_id")
        .annotate(people=Count("user_id", distinct=True))
        .order_by()
    )
    for row in counts:
        agency_row = rows.get(row["user__memberships__agency_id"])
        if agency_row is not None and row["course_id"] is not None:
            agency_row.complete_by_course[row["course_id"]] = row["people"]
    activity = (
        Completion.objects.filter(
            completed_at__lte=now, user__memberships__status=Membership.Status.ACTIVE
        )
        .values("user__memberships__agency_id")
        .annotate(last=Max("completed_at"))
        .order_by()
    )
    for row in activity:
        agency_row = rows.get(row["user__memberships__agency_id"])
        if agency_row is not None:
            agency_row.last_activity = row["last"]
    return list(rows.values())


@dataclass
class CountyRow:
    county: str
    label: str
    agencies: int = 0
    officers: int = 0
    complete_by_course: dict[int, int] = field(default_factory=dict)
    last_activity: datetime | None = None

    percent = AgencyRow.percent
    overall_percent = AgencyRow.overall_percent


def county_rollup(rows: list[AgencyRow]) -> list[CountyRow]:
    """Statewide rows summed by county (no queries)."""
    by_county: dict[str, CountyRow] = {}
    for row in rows:
        agency = row.agency
        county = by_county.setdefault(
            agency.county, CountyRow(county=agency.county, label=agency.get_county_display())
        )
        county.agencies += 1
        county.officers += row.officers
        for course_id, people in row.complete_by_course.items():
            county.complete_by_course[course_id] = (
                county.complete_by_course.get(course_id, 0) + people
            )
        if row.last_activity and (
            county.last_activity is None or row.last_activity > county.last_activity
        ):
            county.last_activity = row.last_activity
    return sorted(by_county.values(), key=lambda c: c.label)


# --- The agency matrix (screen, print view and exports share it) ------------------------------


@dataclass
class MatrixFilters:
    """Validated filters; empty strings and None mean "any"."""

    unit: str = ""
    rank: str = ""
    status: str = ""
    course_id: int | None = None
    search: str = ""


@dataclass
class MatrixRow:
    membership: Membership
    cells: list[Cell]
    courses: list = field(default_factory=list)

    @property
    def items(self) -> list[tuple[object, Cell]]:
        """(course, cell) pairs, for templates that label each cell with its course."""
        return list(zip(self.courses, self.cells, strict=True))

    @property
    def user(self):
        return self.membership.user


@dataclass
class CourseColumn:
    course: object
    complete: int = 0
    officers: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.officers) if self.officers else 0


@dataclass
class AgencyMatrix:
    agency: Agency
    columns: list[CourseColumn]
    rows: list[MatrixRow]
    overdue: list[tuple[MatrixRow, CourseColumn, Cell]]
    units: list[str]
    ranks: list[str]
    all_courses: list
    data: AgencyData | None = None

    @property
    def courses(self) -> list:
        return [column.course for column in self.columns]


def _matches_search(membership: Membership, search: str) -> bool:
    needle = search.casefold()
    user = membership.user
    haystack = " ".join(
        [user.first_name, user.last_name, user.email, membership.badge_number]
    ).casefold()
    return all(part in haystack for part in needle.split())


@dataclass
class AgencyData:
    """The unfiltered facts a matrix is built from (loaded once per request)."""

    agency: Agency
    all_courses: list
    members: list[Membership]
    cells: dict[tuple[int, int], Cell]
    now: datetime | None = None

    def load_details(self, rows: list[MatrixRow]) -> None:
        """Dates, minutes and manual markers for the rows about to be shown (one query)."""
        user_ids = [row.membership.user_id for row in rows]
        add_cell_details(
            self.cells,
            user_ids_q=agency_members_q(self.agency),
            course_ids=[c.pk for c in self.all_courses],
            now=self.now,
            # Past a few hundred people, the whole agency is cheaper than a long IN list.
            user_ids=user_ids if len(user_ids) <= 500 else None,
        )

    @property
    def units(self) -> list[str]:
        return sorted({m.unit for m in self.members if m.unit}, key=str.casefold)

    @property
    def ranks(self) -> list[str]:
        return sorted({m.rank for m in self.members if m.rank}, key=str.casefold)


def load_agency_data(*, agency: Agency, now=None) -> AgencyData:
    """Columns, members and cells of one agency: a fixed number of queries."""
    all_courses = agency_course_columns(agency=agency)
    members = list(active_members(agency=agency))
    cells = agency_cells(
        agency=agency, course_ids=[c.pk for c in all_courses], now=now, with_details=False
    )
    return AgencyData(agency=agency, all_courses=all_courses, members=members, cells=cells, now=now)


def build_matrix(data: AgencyData, filters: MatrixFilters | None = None) -> AgencyMatrix:
    """Officers × courses, filtered (no queries).

    Filtering happens in Python over the agency's members: 2,000 officers × 20 courses is
    40,000 small cells, cheaper than one query per filter combination, and the same answer
    for the screen, the print view and both exports.
    """
    filters = filters or MatrixFilters()
    courses = [c for c in data.all_courses if filters.course_id in (None, c.pk)]
    columns = [CourseColumn(course=c) for c in courses]
    course_ids = [c.pk for c in courses]
    cells = data.cells
    rows: list[MatrixRow] = []
    for membership in data.members:
        if filters.unit and membership.unit != filters.unit:
            continue
        if filters.rank and membership.rank != filters.rank:
            continue
        if filters.search and not _matches_search(membership, filters.search):
            continue
        # Shared Cell objects (the dict creates missing ones) so load_details fills these.
        user_id = membership.user_id
        row_cells = [cells[(user_id, course_id)] for course_id in course_ids]
        if filters.status and all(cell.state != filters.status for cell in row_cells):
            continue
        rows.append(MatrixRow(membership=membership, cells=row_cells, courses=courses))
    overdue = []
    for index, column in enumerate(columns):
        states = [row.cells[index].state for row in rows]
        column.officers = len(states)
        column.complete = sum(1 for state in states if state in State.VALID)
        overdue.extend(
            (row, column, row.cells[index])
            for row in rows
            if row.cells[index].state == State.OVERDUE
        )
    overdue.sort(key=lambda item: (item[2].due_on or date.min, item[0].user.last_name))
    return AgencyMatrix(
        agency=data.agency,
        columns=columns,
        rows=rows,
        overdue=overdue,
        units=data.units,
        ranks=data.ranks,
        all_courses=data.all_courses,
        data=data,
    )


def agency_matrix(*, agency: Agency, filters: MatrixFilters | None = None, now=None):
    """The whole filtered matrix with every detail loaded (digests, tests)."""
    data = load_agency_data(agency=agency, now=now)
    matrix = build_matrix(data, filters)
    data.load_details(matrix.rows)
    return matrix


# --- One person's own training (the officer dashboard) -----------------------------------------


@dataclass
class CourseStatus:
    course: object
    cell: Cell


@dataclass
class OfficerOverview:
    assigned: list[CourseStatus]
    in_progress: list[CourseStatus]
    expiring: list[CourseStatus]
    available: list[CourseStatus]
    completions: list[Completion]
    cards: list


def officer_overview(*, user, now=None) -> OfficerOverview:
    """Everything the officer dashboard shows, in a fixed number of queries."""
    courses = list(
        live_courses().only("pk", "title", "path", "url_path", "estimated_minutes", "depth")
    )
    cells = user_cells(user=user, course_ids=[c.pk for c in courses], now=now)
    statuses = [CourseStatus(course=c, cell=cells.get((user.pk, c.pk)) or Cell()) for c in courses]
    completions = list(Completion.objects.filter(user=user).order_by("-completed_at"))
    # Explicit queries (not prefetch) so the count stays the same with zero records.
    certificates: dict[int, list] = defaultdict(list)
    Certificate = _optional_model("certificates", "Certificate")
    if Certificate is not None:
        for certificate in Certificate.objects.filter(completion__user=user).order_by("-pk"):
            certificates[certificate.completion_id].append(certificate)
    for completion in completions:
        completion.certificate_list = certificates.get(completion.pk, [])
    cards = []
    Card = _optional_model("certificates", "QuickReferenceCard")
    if Card is not None:
        latest: dict[str, object] = {}
        for card in (
            Card.objects.filter(course__completions__user=user)
            .distinct()
            .order_by("slug", "-version")
        ):
            latest.setdefault(card.slug, card)
        cards = list(latest.values())
    return OfficerOverview(
        assigned=sorted(
            (s for s in statuses if s.cell.due_on and not s.cell.is_valid),
            key=lambda s: s.cell.due_on,
        ),
        in_progress=[s for s in statuses if s.cell.state == State.IN_PROGRESS],
        expiring=[s for s in statuses if s.cell.state in (State.EXPIRING, State.EXPIRED)],
        available=[s for s in statuses if s.cell.state == State.NOT_STARTED and not s.cell.due_on],
        completions=completions,
        cards=cards,
    )
