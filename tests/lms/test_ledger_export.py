"""The ledger-wide CSV export: every completion, for ORS staff only, streamed from a cursor."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.access import ORS_STAFF_GROUP
from lms.models import Completion
from lms.records.ledger import record_completion
from lms.records.ledger_export import LEDGER_HEADER
from tests.factories import UserFactory, build_course, make_agency, make_completion, make_member

URL = "/dashboard/statewide/ledger.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_not_enforced(settings):
    settings.ROLLCALL_ENFORCE_MFA = False  # MFA has its own tests


@pytest.fixture
def ors():
    user = UserFactory(email="ors.staff@example.org")
    user.groups.add(Group.objects.get_or_create(name=ORS_STAFF_GROUP)[0])
    return user


@pytest.fixture
def course():
    return build_course(title="Leave-Behind Naloxone", recertification_months=24)


def _rows(client) -> list[list[str]]:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def _as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *data = rows
    return [dict(zip(header, row, strict=True)) for row in data]


def test_the_url_is_the_ledger_export():
    assert reverse("lms:ledger_export_csv") == URL


def test_every_completion_is_a_row_with_its_snapshots_in_utc(client, ors, course):
    agency = make_agency(name="Capital City Police Department")
    officer = make_member(
        agency=agency, badge_number="4471", user=UserFactory(first_name="Zoë", last_name="Nguyễn")
    ).user
    other = make_member(agency=make_agency(name="River County SO")).user
    completed_at = timezone.make_aware(dt.datetime(2026, 3, 14, 10, 30, 5), dt.UTC)
    first = record_completion(
        user=officer,
        course=course,
        method="online",
        completed_at=completed_at,
        score=Decimal("92.5"),
    )
    second = make_completion(user=other, course=course, method="manual")
    client.force_login(ors)

    rows = _rows(client)

    assert rows[0] == LEDGER_HEADER
    by_id = {row["Completion ID"]: row for row in _as_dicts(rows)}
    assert list(by_id) == [str(first.pk), str(second.pk)]  # in ledger order
    row = by_id[str(first.pk)]
    assert row["Name"] == "Zoë Nguyễn"
    assert row["E-mail"] == officer.email
    assert row["Badge"] == "4471"
    assert row["Agency"] == "Capital City Police Department"
    assert row["Course"] == "Leave-Behind Naloxone"
    assert row["Completed at (UTC)"] == "2026-03-14T10:30:05Z"
    assert row["Expires at (UTC)"] == "2028-03-14T10:30:05Z"
    assert row["Method"] == "online"
    assert row["Score (%)"] == "92.50"
    assert by_id[str(second.pk)]["Score (%)"] == ""
    assert by_id[str(second.pk)]["Method"] == "manual"
    # Who trained on which version, and whether a record was a refresher.
    assert row["Kind"] == "certifying"
    published = timezone.localtime(first.content_published_at, dt.UTC)
    assert row["Content version published (UTC)"] == f"{published:%Y-%m-%dT%H:%M:%SZ}"


def test_rows_survive_deleting_the_person_agency_and_course(client, ors, course):
    agency = make_agency(name="Old Town PD")
    officer = make_member(agency=agency, user=UserFactory(first_name="Ann", last_name="Lee")).user
    completion = make_completion(user=officer, course=course)
    officer.delete()
    agency.delete()
    client.force_login(ors)

    [row] = _as_dicts(_rows(client))

    assert Completion.objects.get(pk=completion.pk).user_id is None
    assert (row["Name"], row["Agency"], row["Course"]) == ("Ann Lee", "Old Town PD", course.title)


def test_formula_like_text_is_neutralised_and_other_text_is_left_alone(client, ors, course):
    agency = make_agency(name="@SUM(A1:A9)")
    officer = make_member(
        agency=agency,
        badge_number="-42",
        user=UserFactory(first_name='=HYPERLINK("http://x.example")', last_name="Lee"),
    ).user
    make_completion(user=officer, course=course)
    plain = make_member(
        agency=make_agency(name="Town of A=B"), user=UserFactory(first_name="Ann", last_name="+1")
    ).user
    make_completion(user=plain, course=course)
    client.force_login(ors)

    risky, safe = _as_dicts(_rows(client))

    assert risky["Name"] == '\'=HYPERLINK("http://x.example") Lee'
    assert risky["Agency"] == "'@SUM(A1:A9)"
    assert risky["Badge"] == "'-42"
    assert risky["Course"] == course.title
    assert safe["Name"] == "Ann +1"  # only the first character counts
    assert safe["Agency"] == "Town of A=B"


def test_direction_controls_are_removed_and_other_scripts_kept(client, ors, course):
    # A right-to-left override in a name would make a spreadsheet show the row reversed.
    officer = make_member(
        agency=make_agency(name="Capital \u202eDP ytiC"),
        user=UserFactory(first_name="Nguyễn Thị", last_name="Minh\u2069"),
    ).user
    make_completion(user=officer, course=course)
    client.force_login(ors)
    (row,) = _as_dicts(_rows(client))
    assert row["Name"] == "Nguyễn Thị Minh"
    assert row["Agency"] == "Capital DP ytiC"


def test_a_ledger_longer_than_one_chunk_streams_in_pieces(client, ors, course, monkeypatch):
    from lms.records import ledger_export

    monkeypatch.setattr(ledger_export, "CHUNK_ROWS", 2)
    officer = make_member(agency=make_agency()).user
    made = [make_completion(user=officer, course=course, method="manual") for _ in range(5)]
    client.force_login(ors)

    response = client.get(URL)
    pieces = list(response.streaming_content)

    assert len(pieces) == 1 + 3  # the header, then 2 + 2 + 1 rows
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode())))
    assert [row[0] for row in rows[1:]] == [str(c.pk) for c in made]


def test_the_export_takes_the_same_queries_however_long_the_ledger(client, ors, course):
    officer = make_member(agency=make_agency()).user
    make_completion(user=officer, course=course, method="manual")
    client.force_login(ors)
    b"".join(client.get(URL).streaming_content)  # warm per-process caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get(URL).streaming_content)
        return len(queries)

    small = count()
    for _ in range(25):
        make_completion(user=officer, course=course, method="manual")
    assert count() == small


def test_each_download_is_written_to_the_audit_log(client, ors, course):
    from wagtail.models import ModelLogEntry

    client.force_login(ors)
    b"".join(client.get(URL).streaming_content)

    entry = ModelLogEntry.objects.get(action="rollcall.export")
    assert entry.user_id == ors.pk
    assert entry.data["what"] == "completion ledger CSV"


def test_a_superuser_may_download_the_ledger(client, course):
    client.force_login(UserFactory(is_superuser=True))
    assert _rows(client)[0] == LEDGER_HEADER


@pytest.mark.parametrize("role", ["supervisor", "agency_admin", "officer"])
def test_nobody_but_ors_staff_reaches_the_ledger(client, role):
    client.force_login(make_member(agency=make_agency(), role=role).user)
    assert client.get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_statewide_dashboard_links_to_the_ledger_export(client, ors):
    client.force_login(ors)
    assert f'href="{URL}"' in client.get("/dashboard/statewide/").content.decode()
