"""The agency matrix: the screen, the print view and the exports share it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from django.utils import timezone

from lms.models import Agency, Membership
from lms.selectors.columns import active_members, agency_course_columns, agency_members_q
from lms.selectors.facts import (
    TrainingFacts,
    add_cell_details,
    agency_training_facts,
    plain_rows,
)
from lms.selectors.states import Cell, State

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
    return list(map(Member._make, plain_rows(rows)))


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


def load_agency_data(
    *, agency: Agency, now=None, expiring_within: timedelta | None = None
) -> AgencyData:
    """Columns, members and classified facts of one agency: a fixed number of queries.

    `expiring_within` also marks the pairs expiring that soon (`TrainingFacts.expiring_soon`).
    """
    now = now or timezone.now()
    members = agency_member_facts(agency=agency)
    # Every course at once (as cheap as a course filter); the columns follow from the rows.
    facts = agency_training_facts(agency=agency, now=now, expiring_within=expiring_within)
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
