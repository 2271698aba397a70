from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from lms.models import Assignment
from lms.selectors.states import State
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
def agency_world():
    """One officer per matrix state, for one course that expires after 24 months."""
    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor", badge_number="S1").user
    course = build_course(title="Naloxone basics", recertification_months=24, lessons=1)
    today = timezone.localdate()
    people = {}
    for state, last in [
        (State.COMPLETE, "Complete"),
        (State.EXPIRING, "Expiring"),
        (State.EXPIRED, "Expired"),
        (State.IN_PROGRESS, "Progress"),
        (State.NOT_STARTED, "Notstarted"),
        (State.OVERDUE, "Overdue"),
    ]:
        user = UserFactory(last_name=last, first_name="Pat")
        make_member(agency=agency, user=user, badge_number=f"B-{last}", unit="Days", rank="PO")
        people[state] = user
    make_completion(user=people[State.COMPLETE], course=course, days_ago=10)
    make_completion(user=people[State.EXPIRING], course=course, days_ago=700)
    make_completion(user=people[State.EXPIRED], course=course, days_ago=800)
    start_first_lesson(user=people[State.IN_PROGRESS], course=course)
    Assignment.objects.create(
        user=people[State.OVERDUE], agency=agency, course=course, due_on=today - timedelta(days=3)
    )
    return agency, supervisor, course, people


def test_matrix_shows_each_of_the_six_states(client, agency_world):
    agency, supervisor, course, people = agency_world
    client.force_login(supervisor)
    response = client.get(f"/dashboard/agency/{agency.pk}/")
    assert response.status_code == 200
    rows = {row.user.last_name: row.cells[0].state for row in response.context["page"]}
    assert rows["Complete"] == State.COMPLETE
    assert rows["Expiring"] == State.EXPIRING
    assert rows["Expired"] == State.EXPIRED
    assert rows["Progress"] == State.IN_PROGRESS
    assert rows["Notstarted"] == State.NOT_STARTED
    assert rows["Overdue"] == State.OVERDUE
    html = response.content.decode()
    for label in ["Complete", "Expiring", "Expired", "In progress", "Not started", "Overdue"]:
        assert f">{label}</span>" in html
    # The course is assigned to one person (the overdue one): the figure is against them.
    column = response.context["matrix"].columns[0]
    assert (column.complete, column.officers, column.percent) == (0, 1, 0)
    assert "(0 of 1 assigned)" in html
    assert [row.user.last_name for row, _, _ in response.context["matrix"].overdue] == ["Overdue"]


def test_status_filter_and_search_narrow_the_matrix(client, agency_world):
    agency, supervisor, course, people = agency_world
    client.force_login(supervisor)
    response = client.get(f"/dashboard/agency/{agency.pk}/", {"status": "expired"})
    assert [r.user.last_name for r in response.context["page"]] == ["Expired"]
    response = client.get(f"/dashboard/agency/{agency.pk}/", {"q": "b-overdue"})
    assert [r.user.last_name for r in response.context["page"]] == ["Overdue"]


def test_junk_filters_give_a_message_not_an_error(client, agency_world):
    agency, supervisor, _, _ = agency_world
    client.force_login(supervisor)
    response = client.get(
        f"/dashboard/agency/{agency.pk}/",
        {"status": "bogus", "course": "abc", "unit": "<script>", "page": "zzz"},
    )
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main")[1].split("</form>")[0]


def test_another_agencys_dashboard_is_not_found(client, agency_world):
    _, supervisor, _, _ = agency_world
    other = make_agency()
    client.force_login(supervisor)
    assert client.get(f"/dashboard/agency/{other.pk}/").status_code == 404
    assert client.get(f"/dashboard/agency/{other.pk}/export.csv").status_code == 404


def test_officer_cannot_open_the_agency_dashboard(client, agency_world):
    agency, _, _, people = agency_world
    client.force_login(people[State.COMPLETE])
    assert client.get(f"/dashboard/agency/{agency.pk}/").status_code == 404
    assert client.get("/dashboard/statewide/").status_code == 404


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_csv_export_streams_and_matches_the_screen(client, agency_world):
    agency, supervisor, course, people = agency_world
    client.force_login(supervisor)
    screen = client.get(f"/dashboard/agency/{agency.pk}/").context["matrix"]
    response = client.get(f"/dashboard/agency/{agency.pk}/export.csv")
    assert response.status_code == 200
    assert response.streaming
    rows = _csv_rows(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Agency", "Last name", "First name"]
    assert "Training minutes" in header
    status = header.index("Status")
    exported = {(r[1], r[7]): r[status] for r in body}
    on_screen = {
        (row.user.last_name, column.course.title): cell.label
        for row in screen.rows
        for column, cell in zip(screen.columns, row.cells, strict=True)
    }
    assert exported == on_screen
    minutes = {r[1]: r[header.index("Training minutes")] for r in body}
    assert minutes["Complete"] == str(course.estimated_minutes)
    assert minutes["Notstarted"] == "0"


def test_export_applies_the_same_filters_as_the_screen(client, agency_world):
    agency, supervisor, _, _ = agency_world
    client.force_login(supervisor)
    rows = _csv_rows(client.get(f"/dashboard/agency/{agency.pk}/export.csv?status=overdue"))
    assert [r[1] for r in rows[1:]] == ["Overdue"]


def test_xlsx_export_has_the_same_rows_as_the_csv(client, agency_world):
    agency, supervisor, _, _ = agency_world
    client.force_login(supervisor)
    csv_rows = _csv_rows(client.get(f"/dashboard/agency/{agency.pk}/export.csv"))
    response = client.get(f"/dashboard/agency/{agency.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    xlsx_rows = [
        ["" if v is None else v.date().isoformat() if hasattr(v, "hour") else str(v) for v in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]
    assert xlsx_rows == csv_rows


def test_manual_records_are_marked_on_screen_and_in_exports(client, agency_world):
    agency, supervisor, course, people = agency_world
    client.force_login(supervisor)
    officer = people[State.NOT_STARTED]
    response = client.post(
        f"/dashboard/agency/{agency.pk}/officers/{officer.pk}/record/",
        {
            "course": course.pk,
            "completed_on": timezone.localdate().isoformat(),
            "outside_method": "classroom",
            "note": "Academy",
        },
    )
    assert response.status_code == 302
    html = client.get(f"/dashboard/agency/{agency.pk}/").content.decode()
    assert "Recorded, not trained here" in html
    rows = _csv_rows(client.get(f"/dashboard/agency/{agency.pk}/export.csv"))
    manual = rows[0].index("Recorded, not trained here")
    assert {r[1]: r[manual] for r in rows[1:]}["Notstarted"] == "yes"


def test_manual_record_with_a_future_date_shows_a_message_and_writes_nothing(client, agency_world):
    agency, supervisor, course, people = agency_world
    client.force_login(supervisor)
    officer = people[State.NOT_STARTED]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/dashboard/agency/{agency.pk}/officers/{officer.pk}/record/",
        {
            "course": course.pk,
            "completed_on": tomorrow,
            "outside_method": "classroom",
            "note": "Academy",
        },
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not officer.completions.exists()


def test_supervisor_cannot_record_for_another_agencys_officer(client, agency_world):
    agency, supervisor, course, _ = agency_world
    stranger = make_member(agency=make_agency()).user
    client.force_login(supervisor)
    response = client.post(
        f"/dashboard/agency/{agency.pk}/officers/{stranger.pk}/record/",
        {"course": course.pk, "completed_on": timezone.localdate().isoformat(), "note": "x"},
    )
    assert response.status_code == 404
    assert not stranger.completions.exists()


def test_officer_detail_and_print_view_render(client, agency_world):
    agency, supervisor, _, people = agency_world
    client.force_login(supervisor)
    officer = people[State.COMPLETE]
    detail = client.get(f"/dashboard/agency/{agency.pk}/officers/{officer.pk}/")
    assert detail.status_code == 200
    assert "Naloxone basics" in detail.content.decode()
    printed = client.get(f"/dashboard/agency/{agency.pk}/print/")
    assert printed.status_code == 200
    assert printed.content.decode().count('<th scope="row">') == 7


def test_officer_dashboard_lists_overdue_in_progress_and_renewal_as_to_do(client, agency_world):
    agency, _, course, people = agency_world
    client.force_login(people[State.EXPIRING])
    html = client.get("/dashboard/").content.decode()
    assert "Renewal open" in html and "Naloxone basics" in html
    client.force_login(people[State.OVERDUE])
    response = client.get("/dashboard/")
    assert [item.title for item in response.context["todo"].items] == [course.title]
    assert response.context["todo"].items[0].badge_label == "Overdue"
    client.force_login(people[State.IN_PROGRESS])
    response = client.get("/dashboard/")
    assert [item.action for item in response.context["todo"].items] == ["Continue"]


def test_a_supervisor_who_is_also_ors_reaches_every_view_from_the_dashboard(client, agency_world):
    agency, supervisor, _, _ = agency_world
    client.force_login(supervisor)
    html = client.get("/dashboard/").content.decode()
    assert f"/dashboard/agency/{agency.pk}/" in html
    assert "/dashboard/statewide/" not in html
    group, _ = Group.objects.get_or_create(name="ORS staff")
    supervisor.groups.add(group)
    html = client.get("/dashboard/").content.decode()
    assert "/dashboard/statewide/" in html
    assert "To do" in html


def test_statewide_view_lists_agencies_counties_chart_and_export(client, agency_world):
    agency, _, course, _ = agency_world
    other = make_agency(name="River County Sheriff's Office", county="Dutchess")
    make_member(agency=other)
    make_agency(name="Empty Agency")  # no officers: not listed
    ors = UserFactory(is_superuser=True)
    client.force_login(ors)
    response = client.get("/dashboard/statewide/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Capital City Police Department" in html and "River County" in html
    assert "Empty Agency" not in html
    assert "<svg" in html and "<title" in html and "Chart data" in html
    assert f"/dashboard/agency/{agency.pk}/" in html
    row = next(r for r, _ in response.context["rows"] if r.agency == agency)
    assert row.percent(course.pk) == 29
    rows = _csv_rows(client.get("/dashboard/statewide/export.csv"))
    assert rows[0][-1] == "Naloxone basics % complete"
    assert rows[1][:2] == ["agency", "Capital City Police Department"]
    assert any(r[0] == "county" and r[1] == "Dutchess" for r in rows)
    by_agency = client.get("/dashboard/statewide/", {"by": "agency", "course": "junk"})
    assert by_agency.status_code == 200


def _grow(agency, course, n):
    for i in range(n):
        member = make_member(agency=agency, unit=f"U{i % 3}", rank="PO")
        if i % 2:
            make_completion(user=member.user, course=course, days_ago=i)
        else:
            Assignment.objects.create(
                user=member.user,
                agency=agency,
                course=course,
                due_on=timezone.localdate() - timedelta(days=1),
            )
            start_first_lesson(user=member.user, course=course)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name", ["agency", "print", "export", "statewide", "mine", "statewide_export"]
)
def test_dashboards_run_a_fixed_number_of_queries(
    client, agency_world, url_name, django_assert_num_queries
):
    agency, supervisor, course, _ = agency_world
    supervisor.is_superuser = True
    supervisor.save()
    second = build_course(title="Second course", lessons=1)
    Assignment.objects.create(
        user=supervisor, agency=agency, course=second, due_on=timezone.localdate()
    )
    url = {
        "agency": f"/dashboard/agency/{agency.pk}/",
        "print": f"/dashboard/agency/{agency.pk}/print/",
        "export": f"/dashboard/agency/{agency.pk}/export.xlsx",
        "statewide": "/dashboard/statewide/",
        "statewide_export": "/dashboard/statewide/export.csv",
        "mine": "/dashboard/",
    }[url_name]
    client.force_login(supervisor)
    client.get(url)  # warm per-process caches (site root paths, content types)
    small = _count(client, url)
    _grow(agency, course, 30)
    _grow(make_agency(county="Dutchess"), second, 10)
    make_completion(user=supervisor, course=course, days_ago=1)
    # The supervisor's own records changed, so lms.roles works the roles out again once.
    client.get(url)
    with django_assert_num_queries(small):
        client.get(url)


def test_every_export_is_written_to_the_audit_log(client, agency_world):
    from wagtail.models import ModelLogEntry

    agency, supervisor, _, _ = agency_world
    client.force_login(supervisor)
    b"".join(client.get(f"/dashboard/agency/{agency.pk}/export.csv?unit=Day").streaming_content)
    client.get(f"/dashboard/agency/{agency.pk}/export.xlsx")
    entries = ModelLogEntry.objects.filter(action="rollcall.export", object_id=str(agency.pk))
    assert sorted(e.data["what"] for e in entries) == [
        "agency training CSV",
        "agency training XLSX",
    ]
    assert {e.user_id for e in entries} == {supervisor.pk}
    assert any(e.data["query"] == "unit=Day" for e in entries)
