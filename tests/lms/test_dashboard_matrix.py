"""The agency matrix: states and counts from plain facts equal the per-cell rules, rows are built
only for the page read, and the cells look as they did when each was an include."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.models import Assignment
from lms.selectors.columns import agency_members_q
from lms.selectors.facts import training_cells
from lms.selectors.matrix import MatrixFilters, agency_matrix, build_matrix, load_agency_data
from lms.selectors.states import Cell, State
from lms.templatetags.lms_matrix import _CellWriter
from tests.factories import (
    UserFactory,
    build_course,
    make_agency,
    make_completion,
    make_member,
    start_first_lesson,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_agency():
    """Two courses and officers in every state, some in two states at once."""
    agency = make_agency(name="Mixed County Sheriff")
    supervisor = UserFactory(last_name="Zulu", first_name="Sergeant")  # listed last
    make_member(agency=agency, user=supervisor, role="supervisor", unit="Admin")
    first = build_course(title="First", recertification_months=24, lessons=1)
    second = build_course(title="Second", lessons=1)
    today = timezone.localdate()
    officers = []
    for n in range(12):
        user = UserFactory(last_name=f"Officer{n:02d}", first_name="Sam")
        make_member(agency=agency, user=user, unit="Days" if n % 2 else "Nights", rank="PO")
        officers.append(user)
    make_completion(user=officers[0], course=first, days_ago=10)  # complete
    make_completion(user=officers[1], course=first, days_ago=700)  # expiring
    make_completion(user=officers[2], course=first, days_ago=800)  # expired
    make_completion(user=officers[3], course=first, days_ago=800)  # expired but overdue
    Assignment.objects.create(
        user=officers[3], agency=agency, course=first, due_on=today - timedelta(days=5)
    )
    Assignment.objects.create(  # overdue on both courses
        user=officers[4], agency=agency, course=first, due_on=today - timedelta(days=2)
    )
    Assignment.objects.create(
        user=officers[4], agency=agency, course=second, due_on=today - timedelta(days=9)
    )
    Assignment.objects.create(  # not yet due
        user=officers[5], agency=agency, course=second, due_on=today + timedelta(days=9)
    )
    start_first_lesson(user=officers[6], course=second)  # in progress
    make_completion(user=officers[7], course=second, days_ago=3)  # never expires
    make_completion(user=officers[8], course=first, days_ago=30)  # complete, and assigned
    Assignment.objects.create(
        user=officers[8], agency=agency, course=first, due_on=today - timedelta(days=1)
    )
    stranger = make_member(agency=make_agency()).user  # another agency: never counted
    make_completion(user=stranger, course=first, days_ago=1)
    return agency, supervisor, [first, second], officers


def _cells_one_by_one(agency, courses):
    """The per-cell path (what the officer pages use) for everyone in the agency."""
    return training_cells(
        user_ids_q=agency_members_q(agency), course_ids=[c.pk for c in courses], agency=agency
    )


def test_matrix_states_and_counts_equal_the_per_cell_rules(mixed_agency):
    agency, _, courses, officers = mixed_agency
    matrix = agency_matrix(agency=agency)
    cells = _cells_one_by_one(agency, courses)
    rows = list(matrix.rows)
    assert len(rows) == 13
    for row in rows:
        for course, cell in row.items:
            expected = cells.get((row.membership.user_id, course.pk)) or Cell()
            assert (cell.state, cell.due_on) == (expected.state, expected.due_on)
            assert cell.last_completed_at == expected.last_completed_at
            assert cell.valid_until == expected.valid_until
    # Each course is measured against the people it is assigned to.
    for index, column in enumerate(matrix.columns):
        assigned = set(
            Assignment.objects.filter(course=column.course).values_list("user_id", flat=True)
        )
        states = [row.cells[index].state for row in rows if row.membership.user_id in assigned]
        assert column.basis == "assigned"
        assert column.officers == len(assigned) == (3 if index == 0 else 2)
        assert column.complete == sum(state in State.VALID for state in states)
    by_name = {row.user.last_name: row for row in rows}
    assert by_name["Officer03"].cells[0].state == State.OVERDUE
    assert by_name["Officer08"].cells[0].state == State.COMPLETE
    assert by_name["Officer05"].cells[1].state == State.NOT_STARTED
    assert by_name["Officer05"].cells[1].due_on == timezone.localdate() + timedelta(days=9)


def test_overdue_list_is_oldest_due_first_across_courses(mixed_agency):
    agency, _, courses, _ = mixed_agency
    overdue = agency_matrix(agency=agency).overdue
    assert [(row.user.last_name, column.course.title) for row, column, _ in overdue] == [
        ("Officer04", "Second"),
        ("Officer03", "First"),
        ("Officer04", "First"),
    ]
    assert [cell.due_on for _, _, cell in overdue] == sorted(cell.due_on for _, _, cell in overdue)


@pytest.mark.parametrize("status", State.ALL)
def test_status_filter_keeps_rows_with_that_state_in_a_shown_course(mixed_agency, status):
    agency, _, courses, _ = mixed_agency
    data = load_agency_data(agency=agency)
    everyone = list(build_matrix(data).rows)
    for course_id in (None, courses[1].pk):
        shown = [i for i, c in enumerate(data.all_courses) if course_id in (None, c.pk)]
        expected = [
            row.user.last_name
            for row in everyone
            if any(row.cells[i].state == status for i in shown)
        ]
        matrix = build_matrix(data, MatrixFilters(status=status, course_id=course_id))
        assert [row.user.last_name for row in matrix.rows] == expected


def test_unit_and_search_filters_narrow_rows_and_counts(mixed_agency):
    agency, _, _, _ = mixed_agency
    data = load_agency_data(agency=agency)
    nights = build_matrix(data, MatrixFilters(unit="Nights"))
    assert {row.membership.unit for row in nights.rows} == {"Nights"}
    # Of the people First is assigned to, Officer04 (overdue) and Officer08 (complete) work
    # nights.
    assert (nights.columns[0].officers, nights.columns[0].complete) == (2, 1)
    found = build_matrix(data, MatrixFilters(search="officer01"))
    assert [row.user.last_name for row in found.rows] == ["Officer01"]
    # Officer01 is not assigned First: the figure falls back to the members shown.
    assert (found.columns[0].basis, found.columns[0].complete) == ("members", 1)


def test_rows_are_built_only_for_the_page_read(mixed_agency):
    agency, _, _, _ = mixed_agency
    data = load_agency_data(agency=agency)
    matrix = build_matrix(data)
    with CaptureQueriesContext(connection) as queries:
        page = matrix.rows[2:5]
    assert [row.user.last_name for row in page] == ["Officer02", "Officer03", "Officer04"]
    assert len(queries) == 2  # memberships with users, details of those three
    assert page[0].cells[0].last_completed_at is not None  # details loaded


def test_the_page_runs_the_same_queries_for_5_and_60_officers(client, django_assert_num_queries):
    from lms.views.dashboard_agency import PAGE_SIZE

    agency = make_agency()
    supervisor = make_member(agency=agency, role="supervisor").user
    course = build_course(title="Roll call", recertification_months=12, lessons=1)

    def add(n):
        for i in range(n):
            user = make_member(agency=agency, unit=f"U{i % 3}").user
            if i % 3 == 0:
                make_completion(user=user, course=course, days_ago=i * 20)
            elif i % 3 == 1:
                Assignment.objects.create(
                    user=user,
                    agency=agency,
                    course=course,
                    due_on=timezone.localdate() - timedelta(days=1),
                )
            else:
                start_first_lesson(user=user, course=course)

    add(4)
    client.force_login(supervisor)
    url = f"/dashboard/agency/{agency.pk}/"
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add(56)
    assert agency.memberships.count() > PAGE_SIZE
    with django_assert_num_queries(len(small)):
        response = client.get(url, {"page": 2})
    assert len(response.context["page"].object_list) == 61 - PAGE_SIZE


def test_print_view_shows_dates_and_manual_marks_like_the_screen(client, mixed_agency):
    agency, supervisor, courses, officers = mixed_agency
    client.force_login(supervisor)
    response = client.post(
        f"/dashboard/agency/{agency.pk}/officers/{officers[9].pk}/record/",
        {
            "course": courses[1].pk,
            "completed_on": timezone.localdate().isoformat(),
            "outside_method": "other",
            "note": "x",
        },
    )
    assert response.status_code == 302
    printed = client.get(f"/dashboard/agency/{agency.pk}/print/").content.decode()
    assert printed.count('<span class="cell-manual"') == 1
    expiring = agency_matrix(agency=agency).rows[1].cells[0]  # Officer01
    assert expiring.state == State.EXPIRING
    assert f"<small>{_date(expiring.valid_until, 'M j, Y')}</small>" in printed


# --- The cell markup -----------------------------------------------------------------------

# The include every cell used to be; the tag must write the same thing.
_CELL_INCLUDE = (
    '<span class="badge badge--{{ cell.badge }} cell-state cell-state--{{ cell.state }}">'
    "{{ cell.label }}</span>{% if cell.last_is_manual %} "
    '<span class="cell-manual" title="Training done elsewhere, recorded by a supervisor or ORS">'
    "Recorded, not trained here</span>"
    '{% endif %}{% if cell.state == "overdue" and cell.due_on %}<br><small>due '
    '{{ cell.due_on|date:"M j" }}</small>{% elif cell.state == "expiring" or '
    'cell.state == "expired" %}<br><small>{{ cell.valid_until|date:"M j, Y" }}</small>'
    "{% endif %}"
)


def _date(value, format_string):
    return Template("{{ value|date:format }}").render(
        Context({"value": value, "format": format_string})
    )


def _cells():
    late_evening = datetime(2027, 3, 1, 3, 30, tzinfo=UTC)  # Feb 28 in New York
    for state in State.ALL:
        for manual in (False, True):
            for month in range(1, 13):
                yield Cell(
                    state=state,
                    last_is_manual=manual,
                    due_on=date(2026, month, month + 3),
                    valid_until=datetime(2026, month, 28 - month, 12, tzinfo=UTC),
                )
    yield Cell(state=State.EXPIRED, valid_until=late_evening)
    yield Cell(state=State.EXPIRING, valid_until=None)
    yield Cell(state=State.OVERDUE, due_on=None)


def test_matrix_cell_tag_writes_what_the_include_wrote():
    include = Template(_CELL_INCLUDE)
    tag = Template("{% load lms_matrix %}{% matrix_cell cell %}")
    for cell in _cells():
        assert tag.render(Context({"cell": cell})) == include.render(Context({"cell": cell}))


def test_row_cells_are_labelled_with_escaped_course_titles():
    class Course:
        pk = 1
        title = 'Naloxone & "you"'

    class Row:
        courses = [Course()]
        cells = [Cell(state=State.COMPLETE)]

    html = Template("{% load lms_matrix %}{% matrix_row_cells row %}").render(
        Context({"row": Row()})
    )
    assert html.startswith('<td data-label="Naloxone &amp; &quot;you&quot;"><span class="badge')
    plain = Template("{% load lms_matrix %}{% matrix_row_cells row labelled=False %}").render(
        Context({"row": Row()})
    )
    assert plain == f"<td>{_CellWriter().cell(Row.cells[0])}</td>"


def test_officer_heading_links_to_the_detail_page_with_escaped_facts(client, mixed_agency):
    agency, supervisor, _, officers = mixed_agency
    membership = officers[0].memberships.get(agency=agency)
    membership.badge_number, membership.unit = "<b>7", "Days & Nights"
    membership.save()
    client.force_login(supervisor)
    html = client.get(f"/dashboard/agency/{agency.pk}/").content.decode()
    assert (
        f'<th scope="row" class="matrix__officer"><a href="/dashboard/agency/{agency.pk}/officers/'
        f'{officers[0].pk}/">Officer00, Sam</a> <small>#&lt;b&gt;7 · PO · Days &amp; Nights</small>'
        "</th>"
    ) in html


def test_officer_links_are_the_detail_pages_addresses():
    writer = _CellWriter()
    for agency_id in (1, 10, 100):
        for user_id in (1, 7, 10, 100, 1000, 2049):
            assert writer.officer_url(agency_id, user_id) == reverse(
                "lms:officer_detail", args=[agency_id, user_id]
            )
