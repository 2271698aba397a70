"""Consent crosses agency lines: nothing adds a person to an agency without their own action,
and an agency sees only what belongs to it (docs/security.md, "Consent: who can add a person
to an agency").

The attack these tests replay: a supervisor uploads a roster naming another agency's officer and
supervisor and an ORS account, then tries to read their records, assign them courses, record
training for them and tick them into a roll-call session.
"""

from __future__ import annotations

import csv
import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from certificates.issuing import issue_certificate
from lms.access import ORS_STAFF_GROUP
from lms.models import Assignment, Completion, Invitation, Membership
from lms.rollcall.models import Attendance
from lms.rollcall.services import default_completion_rule, start_session
from tests.factories import UserFactory, build_course, make_agency, make_completion, make_member

pytestmark = pytest.mark.django_db
HEADER = "First name,Last name,E-mail,Badge,Rank,Unit\n"


@pytest.fixture(autouse=True)
def _mfa_off(settings):
    settings.ROLLCALL_ENFORCE_MFA = False  # MFA has its own tests


@pytest.fixture
def capital(db):
    return make_agency(name="Capital City Police Department")


@pytest.fixture
def river(db):
    return make_agency(name="River County Sheriff's Office")


@pytest.fixture
def capital_supervisor(capital):
    return make_member(agency=capital, role="supervisor").user


@pytest.fixture
def course(db):
    return build_course(title="Naloxone leave-behind")


@pytest.fixture
def river_officer(river, course):
    officer = make_member(agency=river, role="officer", badge_number="R-7").user
    _river_record(officer=officer, course=course, agency=river)
    return officer


def _river_record(*, officer, course, agency):
    """A record only River may read in full: its method, a score and a note (a roll-call
    session: training recorded from elsewhere would issue no certificate to hold)."""
    return make_completion(
        user=officer,
        course=course,
        method=Completion.Method.ROLL_CALL,
        days_ago=30,
        score=Decimal("73"),
        note="River academy, remedial second attempt",
        agency=agency,
    )


@pytest.fixture
def river_supervisor(river):
    return make_member(agency=river, role="supervisor").user


@pytest.fixture
def ors_account(db):
    person = UserFactory()
    person.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    return person


def _csv(*people) -> str:
    return HEADER + "".join(
        f"{p.first_name},{p.last_name},{p.email},{n},Officer,Day shift\n"
        for n, p in enumerate(people, start=1)
    )


def _preview(client, agency, content: str):
    return client.post(
        reverse("lms:roster_import", kwargs={"agency_id": agency.pk}),
        {"roster": SimpleUploadedFile("roster.csv", content.encode())},
    )


def _import(client, agency, content: str):
    preview = _preview(client, agency, content)
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("lms:roster_import_confirm", kwargs={"agency_id": agency.pk}),
            {"token": token},
            follow=True,
        )


@pytest.fixture
def imported(client, capital, capital_supervisor, river_officer, river_supervisor, ors_account):
    """Capital's supervisor imports River's officer and supervisor and an ORS account."""
    client.force_login(capital_supervisor)
    _import(client, capital, _csv(river_officer, river_supervisor, ors_account))
    return [river_officer, river_supervisor, ors_account]


# --- Roster import: invitations, not memberships ------------------------------------------


def test_importing_other_agencies_people_and_ors_makes_none_of_them_members(
    imported, capital, river
):
    assert not Membership.objects.filter(agency=capital, user__in=imported).exists()
    invitations = Invitation.objects.filter(agency=capital, user__in=imported, status="open")
    assert invitations.count() == 3
    # Nobody's standing changed anywhere: River's people are still River's, in their roles.
    assert set(
        Membership.objects.filter(agency=river, status="active").values_list("user", "role")
    ) == {(imported[0].pk, "officer"), (imported[1].pk, "supervisor")}


def test_the_importing_supervisor_can_reach_nothing_of_an_invited_person(
    client, imported, capital, course
):
    river_officer = imported[0]
    pages = [
        reverse("lms:officer_detail", args=[capital.pk, river_officer.pk]),
        reverse("lms:record_completion", args=[capital.pk, river_officer.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("lms:record_completion", args=[capital.pk, river_officer.pk]),
        {"course": course.pk, "completed_on": timezone.localdate().isoformat(), "note": "x"},
    )
    assert response.status_code == 404
    dashboard = client.get(reverse("lms:agency_dashboard", args=[capital.pk])).content.decode()
    export = b"".join(
        client.get(reverse("lms:agency_export_csv", args=[capital.pk])).streaming_content
    ).decode()
    for person in imported:
        assert person.email not in dashboard
        assert person.email not in export
    assert "River academy" not in dashboard + export


def test_an_invited_person_cannot_be_assigned_a_course(client, imported, capital, course):
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    response = client.post(
        reverse("lms:agency_assignments", args=[capital.pk]),
        {"course": course.pk, "due_on": due, "officers": [str(imported[0].pk)]},
    )
    assert response.status_code == 400
    assert not Assignment.objects.filter(user=imported[0]).exists()


def test_an_invited_person_cannot_be_ticked_into_a_roll_call_session(
    client, imported, capital, capital_supervisor, course
):
    session = start_session(
        supervisor=capital_supervisor,
        agency=capital,
        course=course,
        held_on=timezone.localdate(),
        completion_rule=default_completion_rule(course),
    )
    for person in imported:
        client.post(reverse("lms:rollcall:tick", args=[session.pk]), {"user": [str(person.pk)]})
    assert not Attendance.objects.filter(session=session).exists()
    assert client.get(reverse("lms:rollcall:detail", args=[session.pk])).status_code == 200
    client.post(reverse("lms:rollcall:attest", args=[session.pk]))
    assert not Completion.objects.filter(user__in=imported, agency=capital).exists()


def test_preview_and_result_read_the_same_whether_or_not_an_address_has_an_account(
    client, capital, capital_supervisor, river_officer
):
    client.force_login(capital_supervisor)
    existing = f"Dana,Reid,{river_officer.email},1,Officer,Day shift\n"
    new = "Dana,Reid,dana.reid@new-address.example.org,1,Officer,Day shift\n"

    def shown(content: str, email: str) -> tuple[str, str, str]:
        preview = _preview(client, capital, HEADER + content).content.decode()
        table = re.search(r'<table class="responsive roster-preview">.*?</table>', preview, re.S)
        summary = re.search(r"<p>1 officer ready to import.*?</p>", preview, re.S)
        result = _import(client, capital, HEADER + content).content.decode()
        message = re.search(r"Roster imported:[^<]*", result).group(0)
        row = re.search(
            rf"<tr>\s*<td data-label=\"Name\">Dana Reid</td>\s*<td[^>]*>{re.escape(email)}</td>.*?</tr>",
            result,
            re.S,
        )
        return (
            table.group(0).replace(email, "EMAIL") + summary.group(0),
            message,
            _without_ids(row.group(0).replace(email, "EMAIL")),
        )

    assert shown(existing, river_officer.email) == shown(new, "dana.reid@new-address.example.org")


def _without_ids(html: str) -> str:
    """The parts that differ between any two rows: the invitation's id and the CSRF token."""
    html = re.sub(r"/invitations/\d+/", "/invitations/N/", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)


# --- The person answers, on their own dashboard ---------------------------------------------


def test_an_invited_officer_sees_the_agency_on_their_dashboard_and_accepts(
    client, imported, capital, river
):
    river_officer = imported[0]
    client.force_login(river_officer)
    html = client.get(reverse("lms:dashboard")).content.decode()
    assert "Capital City Police Department</strong> invited you" in html
    invitation = Invitation.objects.get(user=river_officer, agency=capital)
    response = client.post(reverse("lms:invitation_accept", args=[invitation.pk]))
    assert response.status_code == 302
    membership = Membership.objects.get(user=river_officer, agency=capital)
    assert (membership.status, membership.role, membership.badge_number) == (
        "active",
        "officer",
        "1",
    )
    assert membership.decided_by == river_officer
    # An officer serves in one agency at a time: the River officer membership ended.
    assert Membership.objects.get(user=river_officer, agency=river).status == "ended"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert "invited you" not in client.get(reverse("lms:dashboard")).content.decode()


def test_declining_an_invitation_changes_nothing(client, imported, capital, river):
    river_officer = imported[0]
    client.force_login(river_officer)
    invitation = Invitation.objects.get(user=river_officer, agency=capital)
    client.post(reverse("lms:invitation_decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert not Membership.objects.filter(user=river_officer, agency=capital).exists()
    assert Membership.objects.get(user=river_officer, agency=river).status == "active"


def test_only_the_invited_person_can_answer_an_invitation(
    client, imported, capital, capital_supervisor
):
    invitation = Invitation.objects.get(user=imported[0], agency=capital)
    for url_name in ("lms:invitation_accept", "lms:invitation_decline"):
        url = reverse(url_name, args=[invitation.pk])
        for someone in (capital_supervisor, imported[1], imported[2]):
            client.force_login(someone)
            assert client.post(url).status_code == 404, (url_name, someone)
        client.force_login(imported[0])
        assert client.get(url).status_code == 405  # a link cannot answer for them
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPEN
    assert not Membership.objects.filter(user=imported[0], agency=capital).exists()


def test_another_agencys_supervisor_who_accepts_joins_as_an_officer_and_keeps_their_role(
    client, imported, capital, river
):
    river_supervisor = imported[1]
    client.force_login(river_supervisor)
    invitation = Invitation.objects.get(user=river_supervisor, agency=capital)
    client.post(reverse("lms:invitation_accept", args=[invitation.pk]))
    assert Membership.objects.get(user=river_supervisor, agency=capital).role == "officer"
    assert Membership.objects.get(user=river_supervisor, agency=river).status == "active"


def test_an_invitation_that_was_answered_cannot_be_answered_again(client, imported, capital):
    client.force_login(imported[0])
    invitation = Invitation.objects.get(user=imported[0], agency=capital)
    client.post(reverse("lms:invitation_decline", args=[invitation.pk]))
    assert client.post(reverse("lms:invitation_accept", args=[invitation.pk])).status_code == 404
    assert not Membership.objects.filter(user=imported[0], agency=capital).exists()


def test_the_inviting_supervisor_can_withdraw_an_unanswered_invitation(
    client, imported, capital, capital_supervisor, river, river_supervisor
):
    invitation = Invitation.objects.get(user=imported[0], agency=capital)
    url = reverse("lms:invitation_withdraw", args=[invitation.pk])
    for someone in (imported[0], river_supervisor):  # neither the person nor another agency
        client.force_login(someone)
        assert client.post(url).status_code == 404
    client.force_login(capital_supervisor)
    assert "Withdraw" in client.get(reverse("lms:roster", args=[capital.pk])).content.decode()
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.WITHDRAWN
    client.force_login(imported[0])
    assert "invited you" not in client.get(reverse("lms:dashboard")).content.decode()
    accept = reverse("lms:invitation_accept", args=[invitation.pk])
    assert client.post(accept).status_code == 404
    assert not Membership.objects.filter(user=imported[0], agency=capital).exists()


# --- What a supervisor sees of a person who transferred in ----------------------------------


@pytest.fixture
def transferred(client, imported, capital, capital_supervisor, course):
    """River's officer accepted Capital's invitation and then trained in Capital."""
    officer = imported[0]
    river_completion = Completion.objects.get(user=officer)
    certificate = issue_certificate(completion=river_completion, render=False)
    client.force_login(officer)
    invitation = Invitation.objects.get(user=officer, agency=capital)
    client.post(reverse("lms:invitation_accept", args=[invitation.pk]))
    make_completion(
        user=officer,
        course=build_course(title="Scene safety"),
        method=Completion.Method.MANUAL,
        note="Capital in-service with Sgt. Alvarez",
        agency=capital,
        recorded_by=capital_supervisor,
    )
    client.force_login(capital_supervisor)
    return officer, certificate


def test_a_supervisor_sees_their_agencys_records_and_only_public_certificates_from_elsewhere(
    client, transferred, capital
):
    officer, certificate = transferred
    html = client.get(reverse("lms:officer_detail", args=[capital.pk, officer.pk])).content.decode()
    assert "Capital in-service with Sgt. Alvarez" in html
    assert "River academy" not in html  # another agency's note
    assert "73%" not in html  # another agency's score
    # What /verify/ shows anyone with the code: course, status, dates, code.
    assert certificate.code in html
    assert "Certificates held from elsewhere" in html
    # River's record says how it was done: the Courses table must not say so either.
    courses_table = html.split("<h2>Training record")[0]
    naloxone_row = re.search(
        r"<td data-label=\"Course\">Naloxone leave-behind</td>.*?</tr>", courses_table, re.S
    )
    assert "Roll-call session" not in naloxone_row.group(0)
    assert "not trained here" not in naloxone_row.group(0)


def test_the_agency_export_shows_no_other_agencys_method_or_minutes(client, transferred, capital):
    officer, _certificate = transferred
    rows = (
        b"".join(client.get(reverse("lms:agency_export_csv", args=[capital.pk])).streaming_content)
        .decode()
        .splitlines()
    )
    header, *body = csv.reader(rows)
    naloxone = next(r for r in body if officer.email in r and "Naloxone leave-behind" in r)
    assert naloxone[header.index("Recorded, not trained here")] == ""
    assert naloxone[header.index("Status")] != ""  # the certificate's public state still shows


# --- Every other path that adds people -------------------------------------------------------


def test_a_join_code_adds_only_the_person_who_uses_it(client, capital, river_officer):
    joiner = UserFactory()
    client.force_login(joiner)
    client.post(
        reverse("lms:join", kwargs={"code": capital.join_code}),
        {"user": river_officer.pk, "user_id": river_officer.pk, "email": river_officer.email},
    )
    assert Membership.objects.filter(agency=capital, user=joiner).exists()
    assert not Membership.objects.filter(agency=capital, user=river_officer).exists()


def test_a_supervisor_cannot_add_a_membership_in_the_admin(
    client, capital, capital_supervisor, river_officer
):
    client.force_login(capital_supervisor)
    response = client.post(
        "/admin/snippets/lms/membership/add/",
        {
            "user": str(river_officer.pk),
            "agency": str(capital.pk),
            "role": "supervisor",
            "status": "active",
            **dict.fromkeys(["badge_number", "rank", "unit", "started_on", "ended_on"], ""),
        },
    )
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/admin/snippets/lms/membership/")
    assert not Membership.objects.filter(agency=capital, user=river_officer).exists()


def test_an_ors_membership_added_in_the_admin_names_the_ors_user(
    client, capital, ors_account, river_officer
):
    client.force_login(ors_account)
    response = client.post(
        "/admin/snippets/lms/membership/add/",
        {
            "user": str(river_officer.pk),
            "agency": str(capital.pk),
            "role": "officer",
            "status": "active",
            **dict.fromkeys(["badge_number", "rank", "unit", "started_on", "ended_on"], ""),
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(agency=capital, user=river_officer).decided_by == ors_account


def test_invitation_e_mails_go_to_the_people_named_and_say_what_accepting_means(imported):
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in imported)
    assert all("accept" in m.body for m in mail.outbox)


def test_an_invitation_appears_at_once_on_a_dashboard_seen_before(
    client, capital, capital_supervisor, river_officer
):
    officer_client = Client()
    officer_client.force_login(river_officer)
    officer_client.get("/dashboard/")
    assert "invited you" not in officer_client.get("/dashboard/").content.decode()
    client.force_login(capital_supervisor)
    _import(client, capital, _csv(river_officer))
    assert "invited you" in officer_client.get("/dashboard/").content.decode()
