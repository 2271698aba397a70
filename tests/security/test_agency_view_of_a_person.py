"""What an agency's pages count of a person who trained elsewhere (docs/security.md, "Consent:
who can add a person to an agency", "What a supervisor sees of a person").

An officer transferred from River to Capital. River recorded three things: a roll-call session
that earned a certificate (anyone holding its code may verify it), a later refresher of the same
course (no certificate), and past training on another course (no certificate). Capital's pages
may count the certificate and nothing else of River's: no status, date or expiry that only
River's uncertified records give, on the officer page, the matrix, its exports, the
assignments list, the digest or a roll-call session's make-ups. The officer's own pages keep
their whole record.
"""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.issuing import issue_certificate, revoke_certificate
from lms.models import Completion
from lms.people.invitations import accept_invitation, invite_to_agency
from lms.records.assignments import assign_course
from lms.reminders import digest_for
from lms.rollcall.lifecycle import propose_makeups
from lms.rollcall.services import start_session
from tests.factories import build_course, make_agency, make_completion, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_off(settings):
    settings.ROLLCALL_ENFORCE_MFA = False  # MFA has its own tests


def _day(moment) -> datetime.date:
    return timezone.localdate(moment)


def _shown(day: datetime.date) -> str:
    """A date as the officer page prints it (Django's "M j, Y")."""
    return f"{day:%b} {day.day}, {day.year}"


@pytest.fixture
def world(db):
    capital = make_agency(name="Capital City Police Department")
    river = make_agency(name="River County Sheriff's Office")
    capital_supervisor = make_member(agency=capital, role="supervisor").user
    river_supervisor = make_member(agency=river, role="supervisor").user
    officer = make_member(agency=river, role="officer").user
    naloxone = build_course(title="Naloxone leave-behind", recertification_months=24)
    tourniquet = build_course(title="Tourniquet basics", recertification_months=24)
    certified = make_completion(
        user=officer,
        course=naloxone,
        method=Completion.Method.ROLL_CALL,
        days_ago=60,
        score=Decimal("73"),
        agency=river,
    )
    certificate = issue_certificate(completion=certified, render=False)
    refresher = make_completion(
        user=officer, course=naloxone, method=Completion.Method.ROLL_CALL, days_ago=9, agency=river
    )
    past = make_completion(
        user=officer,
        course=tourniquet,
        method=Completion.Method.MANUAL,
        days_ago=200,
        agency=river,
        recorded_by=river_supervisor,
        note="River academy, classroom",
    )
    assert refresher.kind == Completion.Kind.REFRESHER
    assert past.kind == Completion.Kind.CERTIFYING
    assert not past.certificates.exists() and not refresher.certificates.exists()
    invitation, _ = invite_to_agency(
        agency=capital,
        user=officer,
        invited_by=capital_supervisor,
        first_name=officer.first_name,
        last_name=officer.last_name,
        email=officer.email,
    )
    accept_invitation(invitation=invitation)
    return {
        "capital": capital,
        "river_supervisor": river_supervisor,
        "supervisor": capital_supervisor,
        "officer": officer,
        "naloxone": naloxone,
        "tourniquet": tourniquet,
        "certificate": certificate,
        "refresher": refresher,
        "past": past,
    }


def _export(client, world) -> dict[str, dict[str, str]]:
    """Capital's CSV export, the officer's rows by course title."""
    url = reverse("lms:agency_export_csv", args=[world["capital"].pk])
    lines = b"".join(client.get(url).streaming_content).decode().splitlines()
    rows = list(csv.DictReader(lines))
    return {r["Course"]: r for r in rows if r["E-mail"] == world["officer"].email}


def test_the_matrix_export_counts_the_certificate_and_nothing_else_of_rivers(client, world):
    client.force_login(world["supervisor"])
    assert "Tourniquet basics" not in _export(client, world)  # no column from River's records
    # Once Capital assigns the course to someone, it is a column: the officer has not started.
    colleague = make_member(agency=world["capital"], role="officer").user
    assign_course(
        course=world["tourniquet"],
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        agencies=[world["capital"]],
        assigned_by=world["supervisor"],
        user_ids=[colleague.pk],
    )
    rows = _export(client, world)

    naloxone = rows["Naloxone leave-behind"]
    certificate = world["certificate"]
    assert naloxone["Status"] == "Complete"
    # The certificate's own dates, as /verify/ shows them; not the refresher's day.
    assert naloxone["Last completed"] == certificate.completed_on.isoformat()
    assert naloxone["Valid until"] == certificate.expires_on.isoformat()
    assert naloxone["Recorded, not trained here"] == ""
    assert naloxone["Training minutes"] == "0"

    tourniquet = rows["Tourniquet basics"]
    assert (tourniquet["Status"], tourniquet["Last completed"], tourniquet["Valid until"]) == (
        "Not started",
        "",
        "",
    )


def test_the_officer_page_shows_no_date_only_rivers_uncertified_records_give(client, world):
    client.force_login(world["supervisor"])
    url = reverse("lms:officer_detail", args=[world["capital"].pk, world["officer"].pk])
    html = client.get(url).content.decode()

    past = world["past"]
    for day in (
        _day(past.completed_at),
        _day(past.expires_at),
        _day(world["refresher"].completed_at),
    ):
        assert _shown(day) not in html, day
    courses_table = html.split("<h2>Training record")[0]
    assert "Not started" in courses_table  # Tourniquet basics, as far as Capital can tell
    assert _shown(world["certificate"].expires_on) in courses_table
    assert "River academy" not in html


def test_the_assignments_list_shows_no_status_from_rivers_past_training(client, world):
    client.force_login(world["supervisor"])
    capital, officer = world["capital"], world["officer"]
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    url = reverse("lms:agency_assignments", args=[capital.pk])
    response = client.post(
        url, {"course": world["tourniquet"].pk, "due_on": due, "officers": [str(officer.pk)]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    table = client.get(url).content.decode().split("<tbody>")[-1]
    row = table[table.index(officer.get_full_name()) :].split("</tr>")[0]
    assert "Tourniquet basics" in row
    assert "Not started" in row
    assert "until" not in row  # River's record would say "Current, until <its expiry>"


def test_a_revoked_certificate_from_elsewhere_counts_for_nothing(client, world):
    revoke_certificate(
        certificate=world["certificate"], by=world["river_supervisor"], reason="Wrong officer"
    )
    client.force_login(world["supervisor"])
    assert _export(client, world)["Naloxone leave-behind"]["Status"] == "Not started"
    url = reverse("lms:officer_detail", args=[world["capital"].pk, world["officer"].pk])
    html = client.get(url).content.decode()
    # The certificate itself is still listed as /verify/ shows it: revoked.
    held = html.split("Certificates held from elsewhere")[1]
    assert world["certificate"].code in held and "Revoked" in held


def test_a_roll_call_make_up_is_proposed_when_only_river_knows_the_training(world):
    capital, supervisor, officer = world["capital"], world["supervisor"], world["officer"]
    session = start_session(
        supervisor=supervisor,
        agency=capital,
        course=world["tourniquet"],
        held_on=timezone.localdate(),
        completion_rule="attestation",
    )
    assert officer.pk in set(session.expected.values_list("user_id", flat=True))
    proposal = propose_makeups(session=session)
    assert officer.pk in {e.user_id for e in proposal.proposed}
    assert officer.pk not in {e.user_id for e in proposal.already_current}


def test_the_digest_lists_no_expiry_only_rivers_records_give(world):
    # River recorded past training that now expires within its renewal window: River's digest
    # would list it; Capital's must not, since nothing of it is Capital's or verifiable.
    scene = build_course(title="Scene safety", recertification_months=24)
    make_completion(
        user=world["officer"],
        course=scene,
        method=Completion.Method.MANUAL,
        days_ago=700,
        agency=world["past"].agency,
    )
    colleague = make_member(agency=world["capital"], role="officer").user
    digest = digest_for(agency=world["capital"])
    assert [(user, course.title) for user, course, _cell in digest["expiring"]] == []
    # The same record made at Capital is listed: the digest does list what is Capital's.
    make_completion(
        user=colleague,
        course=scene,
        method=Completion.Method.MANUAL,
        days_ago=700,
        agency=world["capital"],
    )
    digest = digest_for(agency=world["capital"])
    assert [(user, course.title) for user, course, _cell in digest["expiring"]] == [
        (colleague, "Scene safety")
    ]


def test_the_officer_still_sees_their_whole_record(client, world):
    client.force_login(world["officer"])
    html = client.get(reverse("lms:dashboard")).content.decode()
    # Their own dashboard: River's past training, with its expiry, marked as not trained here.
    row = html[html.index("Tourniquet basics") :].split("</tr>")[0]
    assert _shown(_day(world["past"].expires_at)) in row
    assert "Recorded, not trained here" in row
