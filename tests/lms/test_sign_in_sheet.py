"""The roll-call sign-in sheet as it comes off the printer: legible rows tall enough to sign,
columns sized to what they hold, room for walk-ins, and the supervisor's attestation."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lms.rollcall import services
from tests.factories import (
    UserFactory,
    build_course,
    make_agency,
    make_member,
    start_briefing_session,
)
from tests.printed import page_sizes_in, page_text, page_words

pytestmark = pytest.mark.django_db

LONG_NAME = ("Maximiliana Alexandra", "Wolfeschlegelsteinhausen-Bergerdorff Nguyễn")
ROW_MIN_PT = 0.35 * 72


@pytest.fixture(autouse=True)
def _no_mfa_prompt(settings):
    settings.ROLLCALL_ENFORCE_MFA = False


@pytest.fixture
def sheet_pdf(client):
    agency = make_agency(name="Capital City Police Department")
    sergeant = make_member(agency=agency, role="supervisor").user
    long_named = UserFactory(first_name=LONG_NAME[0], last_name=LONG_NAME[1])
    make_member(agency=agency, user=long_named, badge_number="000451")
    short = make_member(agency=agency, badge_number="2010").user
    course = build_course(title="Leave-behind naloxone", lessons=1, recertification_months=24)
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
        location="Briefing room",
    )
    services.tick_attendees(session=session, user_ids=[long_named.pk, short.pk])
    client.force_login(sergeant)
    response = client.get(f"/rollcall/{session.pk}/sign-in-sheet.pdf")
    assert response.status_code == 200
    return response.content


def _attendee_words(pdf: bytes):
    words = page_words(pdf)
    header = next(w for w in words if w.text == "Signature")
    attest = next(w for w in words if w.text == "attest")
    return words, [w for w in words if header.top < w.top < attest.top]


def test_every_attendee_row_is_at_least_10_pt_and_a_long_name_wraps_at_full_size(sheet_pdf):
    assert page_sizes_in(sheet_pdf)[0] == (8.5, 11.0)
    words, rows = _attendee_words(sheet_pdf)
    assert min(w.size for w in rows) >= 10
    badge_column = next(w for w in words if w.text == "Badge")
    surname = [w for w in rows if w.text.startswith(("Wolfeschlegel", "Bergerdorff"))]
    assert surname, [w.text for w in rows]
    assert {w.size for w in surname} == {11}
    assert len({round(w.top) for w in surname}) == 2  # wrapped onto a second line
    assert all(w.x1 < badge_column.x0 for w in surname)  # and never into the next column
    assert "Nguyễn" in page_text(sheet_pdf)


def test_rows_are_tall_enough_to_sign_and_blank_numbered_rows_wait_for_walk_ins(sheet_pdf):
    words, rows = _attendee_words(sheet_pdf)
    number_column = next(w for w in words if w.text == "#")
    numbers = sorted(
        (int(w.text), w.top) for w in rows if w.text.isdigit() and w.x1 <= number_column.x1 + 2
    )
    assert [n for n, _ in numbers] == list(range(1, len(numbers) + 1))
    walk_ins = [w for w in rows if w.text == "Walk-in"]
    assert len(walk_ins) >= 5
    assert len(numbers) == 2 + len(walk_ins)
    tops = [top for _, top in numbers]
    assert min(b - a for a, b in zip(tops, tops[1:], strict=False)) >= ROW_MIN_PT


def test_columns_fit_what_they_hold(sheet_pdf):
    words, _ = _attendee_words(sheet_pdf)
    x = {w.text: w.x0 for w in words if w.text in {"#", "Name", "Badge", "Checked", "Signature"}}
    number, name, badge = x["Name"] - x["#"], x["Badge"] - x["Name"], x["Checked"] - x["Badge"]
    signature = 8.5 * 72 - 36 - x["Signature"]
    assert number < badge < name
    assert name >= 2.25 * 72 and signature >= 2.5 * 72


def test_the_sheet_carries_the_session_details_and_the_supervisors_attestation(sheet_pdf):
    text = page_text(sheet_pdf)
    for expected in (
        "Leave-behind naloxone",
        "Capital City Police Department",
        "Briefing room",
        timezone.localdate().strftime("%B"),
        "Supervisor's signature",
        "Printed name:",
        "I attest that the officers signed above attended",
    ):
        assert expected in text


def _sheet_with_badges(client, *badges: str) -> bytes:
    agency = make_agency(name="Capital City Police Department")
    sergeant = make_member(agency=agency, role="supervisor").user
    course = build_course(title="Leave-behind naloxone", lessons=1, recertification_months=24)
    session = start_briefing_session(supervisor=sergeant, agency=agency, course=course)
    officers = [make_member(agency=agency, badge_number=badge).user for badge in badges]
    services.tick_attendees(session=session, user_ids=[officer.pk for officer in officers])
    client.force_login(sergeant)
    return client.get(f"/rollcall/{session.pk}/sign-in-sheet.pdf").content


def test_the_badge_column_widens_to_hold_the_longest_badge_number_on_one_line(client):
    pdf = _sheet_with_badges(client, "2010", "CCPD-2026-4512")
    words, rows = _attendee_words(pdf)
    checked_in = next(w for w in words if w.text == "Checked")
    name = next(w for w in words if w.text == "Name")
    [badge] = [w for w in rows if "4512" in w.text]
    assert badge.text == "CCPD-2026-4512"  # one line, one piece
    assert badge.size == 11
    assert badge.x1 < checked_in.x0  # inside its own column
    badge_header = next(w for w in words if w.text == "Badge")
    assert badge_header.x0 - name.x0 >= 1.7 * 72  # the name column keeps room to print a name


def test_short_badge_numbers_leave_the_name_column_its_full_width(client):
    words, _ = _attendee_words(_sheet_with_badges(client, "2010", "451"))
    x = {w.text: w.x0 for w in words if w.text in {"Name", "Badge", "Checked"}}
    assert x["Badge"] - x["Name"] >= 2.25 * 72
    assert x["Checked"] - x["Badge"] <= 0.85 * 72


def test_a_badge_too_long_for_any_column_breaks_rather_than_print_over_the_next(client):
    pdf = _sheet_with_badges(client, "X" * 32)
    words, rows = _attendee_words(pdf)
    checked_in = next(w for w in words if w.text == "Checked")
    pieces = [w for w in rows if set(w.text) == {"X"}]
    assert "".join(w.text for w in pieces) == "X" * 32
    assert all(w.x1 < checked_in.x0 for w in pieces)
    assert {w.size for w in pieces} == {11}  # wrapped, not shrunk
