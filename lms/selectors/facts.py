"""Training facts of many people × courses in a fixed number of queries, and the Cells built
from them (the states themselves are lms.selectors.states').
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import compress
from operator import itemgetter

from django.db import connections, router
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Q,
    Sum,
    When,
)
from django.db.models.functions import TruncDay
from django.utils import timezone

from lms.models import Agency, Assignment, Completion
from lms.prepared_sql import STAND_IN_NOW, PreparedStatement, prepare, stand_in_id
from lms.records.agency_records import countable_for_agency_q
from lms.records.training_status import (
    activity_pairs,
    assignment_satisfied,
    certifying_completions,
    completion_code_case,
    renewal_windows,
)
from lms.selectors.columns import agency_members_q
from lms.selectors.states import COMPLETION_CODES, Cell, State, state_of


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
    # Pairs whose training runs out within the window asked for (`training_facts(
    # expiring_within=...)`): counted by the supervisor's dashboard.
    expiring_soon: set[tuple[int, int]] = field(default_factory=set)

    def classify_all(self, *, today: date) -> None:
        # Most pairs have a completion and nothing else: their state follows from the code.
        by_code = {code: state_of(code=code, today=today) for code in COMPLETION_CODES}
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


# A large agency has tens of thousands of (user, course) rows: keyed with C-level helpers.
_pair, _third, _fourth = itemgetter(0, 1), itemgetter(2), itemgetter(3)


def plain_rows(queryset) -> list[tuple]:
    """The rows of a values_list queryset of integer and text columns, as the database
    returns them (every backend gives these as int and str).

    The same SQL, without Django's per-row iteration and converters (Case(output_field=
    IntegerField()) gets one): a large agency has tens of thousands of rows.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _codes_queryset(*, user_ids_q, countable, course_ids, now, windows, expiring_within):
    """(user, course, code[, soon]) of every pair with a certifying completion that counts.

    The rule of what counts (`countable`) filters the rows, not the aggregates: see
    lms.records.agency_records.countable_for_agency_q."""
    in_courses = Q() if course_ids is None else Q(course_id__in=course_ids)
    completions = certifying_completions().filter(
        user_ids_q, countable, in_courses, completed_at__lte=now
    )
    grouped = completions.values("user_id", "course_id").alias(
        never=Count("pk", filter=Q(expires_at__isnull=True)), valid_until=Max("expires_at")
    )
    codes = grouped.annotate(code=completion_code_case(now=now, windows=windows)).order_by()
    if expiring_within is None:
        return codes.values_list("user_id", "course_id", "code")
    # The pair's training runs out in the window: its latest countable expiry falls in it and no
    # countable certificate is for life. A renewed certificate moves it out.
    soon = Case(
        When(never=0, valid_until__gt=now, valid_until__lte=now + expiring_within, then=1),
        default=0,
        output_field=IntegerField(),
    )
    return codes.annotate(soon=soon).values_list("user_id", "course_id", "code", "soon")


def _assignments_queryset(*, user_ids_q, course_ids, agency, now):
    """(user, course, due on, satisfied, for everyone) of the open assignments, by due date."""
    in_courses = Q() if course_ids is None else Q(course_id__in=course_ids)
    assignments = Assignment.objects.filter(
        user_ids_q, in_courses, exempted_at__isnull=True, replaced_at__isnull=True
    )
    if agency is not None:
        assignments = assignments.filter(agency=agency)
    return (
        assignments.annotate(assigned_day=TruncDay("created_at"))
        .annotate(
            satisfied=ExpressionWrapper(assignment_satisfied(now, agency=agency), BooleanField())
        )
        .values_list("user_id", "course_id", "due_on", "satisfied", "for_everyone")
        .order_by("due_on")
    )


def _facts_from_rows(code_rows, assignment_rows, activity, *, now) -> TrainingFacts:
    facts = TrainingFacts()
    pairs = list(map(_pair, code_rows))
    facts.codes = dict(zip(pairs, map(_third, code_rows), strict=True))
    if code_rows and len(code_rows[0]) > 3:
        facts.expiring_soon = set(compress(pairs, map(_fourth, code_rows)))
    for user_id, course_id, due_on, is_satisfied, for_everyone in assignment_rows:
        facts.assignments[(user_id, course_id)].append((due_on, bool(is_satisfied)))
        if for_everyone:
            facts.everyone_courses.add(course_id)
    facts.activity = set(activity)
    facts.classify_all(today=timezone.localdate(now))
    return facts


def training_facts(
    *,
    user_ids_q: Q,
    course_ids: list[int] | None,
    agency: Agency | None = None,
    now=None,
    expiring_within: timedelta | None = None,
) -> TrainingFacts:
    """Completion codes, open assignments and activity, classified. Four queries at most.

    `user_ids_q` filters each table through its `user` relation (e.g.
    Q(user__memberships__agency=...)), so the agency filter stays inside the join.
    `course_ids=None` reads every course (the agency matrix picks its columns afterwards).
    Rows are small integers and dates: no datetime is parsed for the whole agency.

    With `agency` (a supervisor's view) only that agency's assignments count, and only the
    completions it may count (lms.records.agency_records.countable_for_agency_q) decide states and
    satisfy assignments.

    With `expiring_within`, the same query also marks the pairs whose training runs out in
    (now, now + expiring_within]: the latest countable expiry falls there and no countable
    certificate is for life, so a person who renewed early is not counted
    (`TrainingFacts.expiring_soon`): the supervisor's "expiring within 30 days" count, without
    reading the agency's completions a second time.

    The agency matrix reads the same three statements through `agency_training_facts`.
    """
    now = now or timezone.now()
    if course_ids is not None and not course_ids:
        return TrainingFacts()
    countable = Q() if agency is None else countable_for_agency_q(agency)
    codes = _codes_queryset(
        user_ids_q=user_ids_q,
        countable=countable,
        course_ids=course_ids,
        now=now,
        windows=renewal_windows(course_ids=course_ids),
        expiring_within=expiring_within,
    )
    assignments = _assignments_queryset(
        user_ids_q=user_ids_q, course_ids=course_ids, agency=agency, now=now
    )
    return _facts_from_rows(
        plain_rows(codes),
        list(assignments),
        activity_pairs(people=user_ids_q, course_ids=course_ids),
        now=now,
    )


# --- The agency matrix's statements, compiled once per process (lms.prepared_sql) -------------

_AGENCY = stand_in_id()


@lru_cache(maxsize=32)
def _agency_statements(
    alias: str, windows: tuple[tuple[int, int], ...], expiring_within: timedelta | None
) -> tuple[PreparedStatement, PreparedStatement, PreparedStatement]:
    """The three statements of `training_facts` for an agency's active members and every
    course, built with a stand-in agency and moment. Kept per set of renewal windows (they are
    written into the CASE), so a course published or given another window compiles anew."""
    agency = Agency(pk=_AGENCY)
    members = agency_members_q(agency)
    ids = {"agency": _AGENCY}
    codes = _codes_queryset(
        user_ids_q=members,
        countable=countable_for_agency_q(agency),
        course_ids=None,
        now=STAND_IN_NOW,
        windows=dict(windows),
        expiring_within=expiring_within,
    )
    assignments = _assignments_queryset(
        user_ids_q=members, course_ids=None, agency=agency, now=STAND_IN_NOW
    )
    activity = activity_pairs(people=members, course_ids=None)
    return tuple(prepare(q, alias=alias, ids=ids) for q in (codes, assignments, activity))


def agency_training_facts(
    *, agency: Agency, now=None, expiring_within: timedelta | None = None
) -> TrainingFacts:
    """`training_facts` of the agency's active members, every course, as the agency may count
    them: the same statements, compiled once per process. Four queries."""
    now = now or timezone.now()
    alias = router.db_for_read(Completion)
    windows = tuple(sorted(renewal_windows(course_ids=None).items()))
    codes, assignments, activity = _agency_statements(alias, windows, expiring_within)
    return _facts_from_rows(
        codes.rows(alias, now=now, agency=agency.pk),
        [
            (user_id, course_id, _as_date(due_on), satisfied, for_everyone)
            for user_id, course_id, due_on, satisfied, for_everyone in assignments.rows(
                alias, now=now, agency=agency.pk
            )
        ],
        activity.rows(alias, now=now, agency=agency.pk),
        now=now,
    )


def _as_date(value) -> date:
    """A date column as the ORM gives it (SQLite returns ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


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
    builds Cells for the rows it shows. Four or five queries, whatever the sizes.
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

    With `agency` (a supervisor's view), the dates come only from what that agency may count
    (its own completions and verifiable certificates: lms.records.agency_records), and minutes and the
    manual marker only from what was recorded in it.

    Fills the Cells already in `cells` and skips the people and courses it does not hold.
    """
    now = now or timezone.now()
    people = Q(user_id__in=user_ids) if user_ids is not None else user_ids_q
    countable = Q() if agency is None else countable_for_agency_q(agency)
    details = Completion.objects.filter(
        people, countable, course_id__in=course_ids, completed_at__lte=now
    )
    certifying = Q(kind=Completion.Kind.CERTIFYING)
    own = Q(agency=agency) if agency is not None else Q()
    for user_id, course_id, last, valid_until, never, last_is_manual, minutes in (
        details.values("user_id", "course_id")
        .alias(last_manual=Max("completed_at", filter=Q(method=Completion.Method.MANUAL) & own))
        .annotate(
            last=Max("completed_at"),
            valid_until=Max("expires_at", filter=certifying),
            never=Count("pk", filter=Q(expires_at__isnull=True) & certifying),
            # Compared in the database: one date fewer to read per cell.
            last_is_manual=ExpressionWrapper(Q(last_manual=F("last")), BooleanField()),
            minutes=Sum("training_minutes", filter=own),
        )
        .values_list(
            "user_id", "course_id", "last", "valid_until", "never", "last_is_manual", "minutes"
        )
        .order_by()
    ):
        cell = cells.get((user_id, course_id))
        if cell is None:
            continue
        cell.last_completed_at = last
        cell.valid_until = valid_until
        cell.never_expires = never > 0
        cell.last_is_manual = bool(last_is_manual)  # None when nothing was recorded by hand
        cell.training_minutes = minutes or 0


# --- Courses shown on dashboards -------------------------------------------------------------


def user_cells(*, user, course_ids: list[int], now=None, agency: Agency | None = None):
    """Cells for one person across courses: their own dashboard, or with `agency` as that
    agency's supervisors see them (its assignments, its minutes and manual markers)."""
    return training_cells(user_ids_q=Q(user=user), course_ids=course_ids, agency=agency, now=now)
