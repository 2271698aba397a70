"""One definition of each training state, shared by every dashboard, export and reminder.

The training status of a person on a course is lms.training_status's (current, renewal window,
expired, in progress, not started); the dashboards add one state, overdue, from assignments.
In this order of precedence:

complete     current (lms.training_status: never expires, or the renewal window is not open)
expiring     in the course's renewal window (still valid)
overdue      an open (not exempted) assignment is past its due date and no completion was
             recorded on or after the day it was assigned
expired      the latest valid-until date has passed
in_progress  a lesson started (courses.LessonProgress) or a quiz attempt still open
not_started  none of the above

Only certifying completions decide (refreshers do not). "Valid" (complete or expiring) is
`valid_completion_q(now)`: the database and Python agree.
Every function here runs a fixed number of queries, whatever the number of officers, courses
and records (tests assert it at two data sizes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from django.apps import apps
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    Max,
    Q,
    Sum,
)
from django.db.models.functions import TruncDay
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.models import Agency, Assignment, Completion, Membership
from lms.training_status import (
    CODE_CURRENT,
    CODE_EXPIRED,
    CODE_RENEWAL_WINDOW,
    assignment_satisfied,
    certifying_completions,
    completion_code_case,
    renewal_windows,
)


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
    """Certifying completions that count as done at `now` (complete or expiring)."""
    return Q(**{f"{prefix}kind": Completion.Kind.CERTIFYING}) & (
        Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})
    )


# Completion codes computed in SQL, so the whole agency's states need no datetime parsing.
_CODE_COMPLETE, _CODE_EXPIRING, _CODE_EXPIRED = CODE_CURRENT, CODE_RENEWAL_WINDOW, CODE_EXPIRED
_COMPLETION_CODES = (_CODE_COMPLETE, _CODE_EXPIRING, _CODE_EXPIRED)


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
    """The state of one cell (see `state_of`)."""
    return state_of(
        code=cell.completion_code,
        assignments=cell.assignments,
        has_activity=cell.has_activity,
        today=today,
    )


def state_of(
    *,
    code: int | None,
    assignments: list[tuple[date, bool]] | tuple = (),
    has_activity: bool = False,
    today: date,
) -> str:
    """The state of one person and course; the only place the precedence of states is written.

    `code` is the completion code (`_completion_code`, None without a completion);
    `assignments` holds (due_on, satisfied) pairs: satisfied when a completion was recorded on
    or after the day of the assignment.
    """
    if code == _CODE_COMPLETE:
        return State.COMPLETE
    if code == _CODE_EXPIRING:
        return State.EXPIRING
    if any(due_on < today and not satisfied for due_on, satisfied in assignments):
        return State.OVERDUE
    if code == _CODE_EXPIRED:
        return State.EXPIRED
    if has_activity:
        return State.IN_PROGRESS
    return State.NOT_STARTED


def _optional_model(app_label: str, model_name: str):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _completion_code(now: datetime, course_ids: list[int] | None) -> Case:
    """complete / expiring / expired for a (user, course) group, in SQL: the training status
    (lms.training_status) with each course's renewal window. One query for the windows."""
    return completion_code_case(now=now, windows=renewal_windows(course_ids=course_ids))


@dataclass
class TrainingFacts:
    """What decides the states of many people × courses, as plain dicts keyed (user, course).

    Only pairs with a record appear; every other pair is not started. `classify_all` fills
    `states` (and `overdue`) in one pass, without a Cell per pair: the agency matrix builds
    Cells only for the rows it shows.
    """

    codes: dict[tuple[int, int], int] = field(default_factory=dict)
    assignments: dict[tuple[int, int], list[tuple[date, bool]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    activity: set[tuple[int, int]] = field(default_factory=set)
    # Courses assigned agency-wide: their percentages count every active member.
    everyone_courses: set[int] = field(default_factory=set)
    states: dict[tuple[int, int], str] = field(default_factory=dict)
    overdue: list[tuple[int, int]] = field(default_factory=list)

    def classify_all(self, *, today: date) -> None:
        # Most pairs have a completion and nothing else: their state follows from the code.
        by_code = {code: state_of(code=code, today=today) for code in _COMPLETION_CODES}
        states = dict(zip(self.codes, map(by_code.__getitem__, self.codes.values()), strict=True))
        codes, assignments, activity = self.codes, self.assignments, self.activity
        for key in assignments.keys() | activity:
            states[key] = state_of(
                code=codes.get(key),
                assignments=assignments.get(key, ()),
                has_activity=key in activity,
                today=today,
            )
        self.states = states
        # Only an assignment makes a pair overdue.
        self.overdue = [key for key in assignments if states[key] == State.OVERDUE]

    def due_on(self, key: tuple[int, int]) -> date | None:
        """The due date of the earliest open assignment."""
        return next((due for due, done in self.assignments.get(key, ()) if not done), None)

    def cell(self, key: tuple[int, int]) -> Cell:
        """A new Cell for one pair (details not loaded)."""
        state = self.states.get(key)
        if state is None:
            return Cell()
        if key not in self.assignments:
            return Cell(
                state=state, completion_code=self.codes.get(key), has_activity=key in self.activity
            )
        return Cell(
            state=state,
            completion_code=self.codes.get(key),
            assignments=list(self.assignments[key]),
            has_activity=key in self.activity,
            due_on=self.due_on(key),
        )


def _plain_rows(queryset) -> list[tuple]:
    """The rows of a values_list queryset of integer and text columns, as the database
    returns them (every backend gives these as int and str).

    The same SQL, without Django's per-row iteration and converters (Case(output_field=
    IntegerField()) gets one): a large agency has tens of thousands of rows.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def training_facts(
    *,
    user_ids_q: Q,
    course_ids: list[int] | None,
    agency: Agency | None = None,
    now=None,
) -> TrainingFacts:
    """Completion codes, open assignments and activity, classified. Four queries at most.

    `user_ids_q` filters each table through its `user` relation (e.g.
    Q(user__memberships__agency=...)), so the agency filter stays inside the join.
    `course_ids=None` reads every course (the agency matrix picks its columns afterwards).
    Rows are small integers and dates: no datetime is parsed for the whole agency.
    """
    now = now or timezone.now()
    facts = TrainingFacts()
    if course_ids is not None and not course_ids:
        return facts
    in_courses = Q() if course_ids is None else Q(course_id__in=course_ids)
    completions = certifying_completions().filter(user_ids_q, in_courses, completed_at__lte=now)
    codes = (
        completions.values("user_id", "course_id")
        .alias(
            never=Count("pk", filter=Q(expires_at__isnull=True)),
            valid_until=Max("expires_at"),
        )
        .annotate(code=_completion_code(now, course_ids))
        .values_list("user_id", "course_id", "code")
        .order_by()
    )
    facts.codes = {(user_id, course_id): code for user_id, course_id, code in _plain_rows(codes)}

    assignments = Assignment.objects.filter(
        user_ids_q, in_courses, exempted_at__isnull=True, replaced_at__isnull=True
    )
    if agency is not None:
        assignments = assignments.filter(agency=agency)
    for user_id, course_id, due_on, is_satisfied, for_everyone in (
        assignments.annotate(assigned_day=TruncDay("created_at"))
        .annotate(satisfied=ExpressionWrapper(assignment_satisfied(now), BooleanField()))
        .values_list("user_id", "course_id", "due_on", "satisfied", "for_everyone")
        .order_by("due_on")
    ):
        facts.assignments[(user_id, course_id)].append((due_on, is_satisfied))
        if for_everyone:
            facts.everyone_courses.add(course_id)

    for model_label in (("courses", "LessonProgress"), ("quiz", "QuizAttempt")):
        model = _optional_model(*model_label)
        if model is None:
            continue
        activity = model.objects.filter(user_ids_q, in_courses)
        if model_label[1] == "QuizAttempt":
            activity = activity.exclude(status="completed")
        facts.activity.update(activity.values_list("user_id", "course_id").distinct().order_by())

    facts.classify_all(today=timezone.localdate(now))
    return facts


def training_cells(
    *,
    user_ids_q: Q,
    course_ids: list[int],
    agency: Agency | None = None,
    now=None,
    with_details: bool = True,
) -> dict[tuple[int, int], Cell]:
    """Cells keyed (user_id, course_id) for the users matched by `user_ids_q`.

    For a few people (one officer's own pages); the agency matrix uses `training_facts` and
    builds Cells for the rows it shows. Five or six queries, whatever the sizes.
    """
    now = now or timezone.now()
    facts = training_facts(user_ids_q=user_ids_q, course_ids=course_ids, agency=agency, now=now)
    cells: dict[tuple[int, int], Cell] = defaultdict(Cell)
    if not course_ids:
        return cells
    for key in facts.codes.keys() | facts.assignments.keys() | facts.activity:
        cells[key] = facts.cell(key)
    if with_details:
        add_cell_details(
            cells, user_ids_q=user_ids_q, course_ids=course_ids, now=now, agency=agency
        )
    return cells


def add_cell_details(
    cells: dict[tuple[int, int], Cell],
    *,
    user_ids_q: Q,
    course_ids: list[int],
    now=None,
    user_ids: list[int] | None = None,
    agency: Agency | None = None,
) -> None:
    """Dates, minutes and the manual marker for the people matched by `user_ids_q`, or only
    for `user_ids` when given (people already known to match it: the index on user is used
    directly). One query.

    With `agency` (a supervisor's view), minutes and the manual marker count only what was
    recorded in that agency (lms.agency_records); the dates are the certificates' public ones.

    Fills the Cells already in `cells` and skips the people and courses it does not hold.
    """
    now = now or timezone.now()
    people = Q(user_id__in=user_ids) if user_ids is not None else user_ids_q
    details = Completion.objects.filter(people, course_id__in=course_ids, completed_at__lte=now)
    own = Q(agency=agency) if agency is not None else Q()
    for user_id, course_id, last, valid_until, never, last_manual, minutes in (
        details.values("user_id", "course_id")
        .annotate(
            last=Max("completed_at"),
            valid_until=Max("expires_at", filter=Q(kind=Completion.Kind.CERTIFYING)),
            never=Count("pk", filter=Q(expires_at__isnull=True, kind=Completion.Kind.CERTIFYING)),
            last_manual=Max("completed_at", filter=Q(method=Completion.Method.MANUAL) & own),
            minutes=Sum("training_minutes", filter=own),
        )
        .values_list(
            "user_id", "course_id", "last", "valid_until", "never", "last_manual", "minutes"
        )
        .order_by()
    ):
        cell = cells.get((user_id, course_id))
        if cell is None:
            continue
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


def agency_course_columns(*, agency: Agency, completed_course_ids: set[int]) -> list:
    """The agency's matrix columns: courses assigned in it or completed by its members.

    `completed_course_ids` are the courses its active members completed (the matrix has them
    from `training_facts`). With none yet, every live course (a new agency sees what there is
    to do). Two small queries.
    """
    courses = list(
        live_courses().only("pk", "title", "path", "estimated_minutes", "recertification_months")
    )
    assigned = Assignment.objects.filter(agency=agency).values_list("course_id", flat=True)
    in_use = set(assigned.distinct().order_by()) | completed_course_ids
    return [c for c in courses if c.pk in in_use] or courses


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


def user_cells(*, user, course_ids: list[int], now=None, agency: Agency | None = None):
    """Cells for one person across courses: their own dashboard, or with `agency` as that
    agency's supervisors see them (its assignments, its minutes and manual markers)."""
    return training_cells(user_ids_q=Q(user=user), course_ids=course_ids, agency=agency, now=now)


# --- The agency matrix (screen, print view and exports share it) ------------------------------


@dataclass
class MatrixFilters:
    """Validated filters; empty strings and None mean "any"."""

    unit: str = ""
    rank: str = ""
    status: str = ""
    course_id: int | None = None
    search: str = ""


class Member(NamedTuple):
    """What filters, search and sort need of one active member: no model instances for the
    whole agency, only for the rows shown."""

    membership_id: int
    user_id: int
    first_name: str
    last_name: str
    email: str
    badge_number: str
    rank: str
    unit: str


def agency_member_facts(*, agency: Agency) -> list[Member]:
    """The agency's active members in dashboard order, as plain tuples (one query)."""
    rows = active_members(agency=agency).values_list(
        "pk",
        "user_id",
        "user__first_name",
        "user__last_name",
        "user__email",
        "badge_number",
        "rank",
        "unit",
    )
    return list(map(Member._make, _plain_rows(rows)))


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
    basis: str = "members"  # "assigned": the people it is assigned to

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.officers) if self.officers else 0


def _matches_search(member: Member, search: str) -> bool:
    needle = search.casefold()
    haystack = " ".join(
        [member.first_name, member.last_name, member.email, member.badge_number]
    ).casefold()
    return all(part in haystack for part in needle.split())


# Past a few hundred people, the whole agency is cheaper than a long IN list.
_IN_LIST_LIMIT = 500


@dataclass
class AgencyData:
    """The unfiltered facts a matrix is built from (loaded once per request)."""

    agency: Agency
    all_courses: list
    members: list[Member]
    facts: TrainingFacts
    now: datetime | None = None

    def rows_for(
        self, members: Sequence[Member], courses: list, *, details: bool = True
    ) -> list[MatrixRow]:
        """Full rows (membership and user, cells, and unless details=False the dates, minutes
        and manual markers) for these members only. Two queries, one without details."""
        if not members:
            return []
        memberships = Membership.objects.select_related("user").order_by()
        if len(members) <= _IN_LIST_LIMIT:
            memberships = memberships.filter(pk__in=[m.membership_id for m in members])
        else:
            memberships = memberships.filter(agency=self.agency, status=Membership.Status.ACTIVE)
        by_pk = {membership.pk: membership for membership in memberships}
        course_ids = [c.pk for c in courses]
        cell_for = self.facts.cell
        cells: dict[tuple[int, int], Cell] = {}
        rows = []
        for member in members:
            user_id = member.user_id
            row_cells = []
            for course_id in course_ids:
                cell = cells[(user_id, course_id)] = cell_for((user_id, course_id))
                row_cells.append(cell)
            rows.append(
                MatrixRow(membership=by_pk[member.membership_id], cells=row_cells, courses=courses)
            )
        if details and course_ids:
            user_ids = [m.user_id for m in members]
            add_cell_details(
                cells,
                user_ids_q=agency_members_q(self.agency),
                course_ids=course_ids,
                now=self.now,
                user_ids=user_ids if len(user_ids) <= _IN_LIST_LIMIT else None,
                agency=self.agency,
            )
        return rows

    @cached_property
    def units(self) -> list[str]:
        return sorted({m.unit for m in self.members if m.unit}, key=str.casefold)

    @cached_property
    def ranks(self) -> list[str]:
        return sorted({m.rank for m in self.members if m.rank}, key=str.casefold)


class MatrixRows(Sequence):
    """The filtered rows of a matrix, built only when read.

    The screen reads one page (`Paginator` slices this), the print view and the exports read
    them all; each read builds its rows with a fixed number of queries (`AgencyData.rows_for`).
    """

    def __init__(self, data: AgencyData, members: list[Member], courses: list):
        self.data, self.members, self.courses = data, members, courses

    def __len__(self) -> int:
        return len(self.members)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.data.rows_for(self.members[index], self.courses)
        return self.data.rows_for([self.members[index]], self.courses)[0]

    def __iter__(self) -> Iterator[MatrixRow]:
        return iter(self.data.rows_for(self.members, self.courses))


@dataclass
class AgencyMatrix:
    agency: Agency
    columns: list[CourseColumn]
    rows: MatrixRows
    units: list[str]
    ranks: list[str]
    all_courses: list
    data: AgencyData | None = None
    # (user_id, column index, due_on) of the overdue cells, in the order they are listed.
    overdue_keys: list[tuple[int, int, date | None]] = field(default_factory=list)

    @property
    def courses(self) -> list:
        return [column.course for column in self.columns]

    @cached_property
    def overdue(self) -> list[tuple[MatrixRow, CourseColumn, Cell]]:
        """(row, column, cell) of every overdue cell of the filtered rows, oldest due first.

        Built when first read (the screen shows it; print and exports do not): one query.
        """
        if not self.overdue_keys:
            return []
        wanted = {user_id for user_id, _, _ in self.overdue_keys}
        members = [m for m in self.rows.members if m.user_id in wanted]
        rows = {
            row.membership.user_id: row
            for row in self.data.rows_for(members, self.rows.courses, details=False)
        }
        return [
            (rows[user_id], self.columns[index], rows[user_id].cells[index])
            for user_id, index, _ in self.overdue_keys
        ]


def load_agency_data(*, agency: Agency, now=None) -> AgencyData:
    """Columns, members and classified facts of one agency: a fixed number of queries."""
    members = agency_member_facts(agency=agency)
    # Every course at once (as cheap as a course filter); the columns follow from the rows.
    facts = training_facts(
        user_ids_q=agency_members_q(agency), course_ids=None, agency=agency, now=now
    )
    all_courses = agency_course_columns(
        agency=agency, completed_course_ids=set(map(itemgetter(1), facts.codes))
    )
    return AgencyData(agency=agency, all_courses=all_courses, members=members, facts=facts, now=now)


_VALID_STATES = frozenset(State.VALID)


def _members_with_status(
    members: list[Member], states: dict[tuple[int, int], str], course_ids: set[int], status: str
) -> list[Member]:
    """Members with at least one shown course in `status`."""
    if status == State.NOT_STARTED:
        # Not started is every pair without a state of its own.
        started = Counter(
            user_id
            for (user_id, course_id), state in states.items()
            if state != State.NOT_STARTED and course_id in course_ids
        )
        return [m for m in members if started[m.user_id] < len(course_ids)]
    matching = {
        user_id
        for (user_id, course_id), state in states.items()
        if state == status and course_id in course_ids
    }
    return [m for m in members if m.user_id in matching]


def build_matrix(data: AgencyData, filters: MatrixFilters | None = None) -> AgencyMatrix:
    """Officers × courses, filtered, with the column percentages (no queries).

    Filters and counts work in one pass over the agency's classified pairs (plain dicts and
    tuples, about 40,000 for 2,000 officers × 20 courses); Cells, memberships and details are
    built only for the rows read (`MatrixRows`). The screen, the print view and both exports
    get the same answer.
    """
    filters = filters or MatrixFilters()
    courses = [c for c in data.all_courses if filters.course_id in (None, c.pk)]
    columns = [CourseColumn(course=c) for c in courses]
    column_index = {c.pk: index for index, c in enumerate(courses)}
    members = [
        m
        for m in data.members
        if (not filters.unit or m.unit == filters.unit)
        and (not filters.rank or m.rank == filters.rank)
        and (not filters.search or _matches_search(m, filters.search))
    ]
    facts = data.facts
    if filters.status:
        members = _members_with_status(members, facts.states, column_index.keys(), filters.status)
    position = {m.user_id: index for index, m in enumerate(members)}
    states = facts.states
    valid_pairs = compress(states, map(_VALID_STATES.__contains__, states.values()))
    if len(members) < len(data.members):
        valid_pairs = (pair for pair in valid_pairs if pair[0] in position)
    valid_pairs = list(valid_pairs)
    complete = Counter(map(itemgetter(1), valid_pairs))
    # A course assigned to some people is measured against them; one assigned agency-wide
    # (or not assigned) against every member shown.
    assigned = defaultdict(set)
    for user_id, course_id in facts.assignments:
        if user_id in position and course_id not in facts.everyone_courses:
            assigned[course_id].add(user_id)
    for column in columns:
        people = assigned.get(column.course.pk)
        column.basis = "assigned" if people else "members"
        column.officers = len(people) if people else len(members)
        column.complete = (
            sum(1 for u, c in valid_pairs if c == column.course.pk and u in people)
            if people
            else complete[column.course.pk]
        )
    last_names = {m.user_id: m.last_name for m in members}
    overdue_keys = [
        (user_id, column_index[course_id], facts.due_on((user_id, course_id)))
        for user_id, course_id in facts.overdue
        if user_id in position and course_id in column_index
    ]
    overdue_keys.sort(
        key=lambda key: (key[2] or date.min, last_names[key[0]], key[1], position[key[0]])
    )
    return AgencyMatrix(
        agency=data.agency,
        columns=columns,
        rows=MatrixRows(data, members, courses),
        units=data.units,
        ranks=data.ranks,
        all_courses=data.all_courses,
        data=data,
        overdue_keys=overdue_keys,
    )


def agency_matrix(*, agency: Agency, filters: MatrixFilters | None = None, now=None):
    """The whole filtered matrix (digests, tests); its rows load every detail when read."""
    return build_matrix(load_agency_data(agency=agency, now=now), filters)


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
