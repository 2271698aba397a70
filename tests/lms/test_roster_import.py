"""Roster import: preview with every kind of problem, all-or-nothing, invitations that the
people named accept themselves."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from lms.models import Invitation, Membership
from tests.factories import UserFactory, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]
HEADER = "First name,Last name,E-mail,Badge,Rank,Unit\n"
GOOD_CSV = (
    HEADER
    + "Ana,Ortiz,ana.ortiz@capital-city-pd.example.org,311,Police Officer,Day shift\n"
    + "Ben,Okafor,ben.okafor@capital-city-pd.example.org,312,Sergeant,Night shift\n"
)


def upload(client, agency, *, name="roster.csv", content: bytes | str = GOOD_CSV):
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        reverse("lms:roster_import", kwargs={"agency_id": agency.pk}),
        {"roster": SimpleUploadedFile(name, content)},
    )


def confirm(client, agency, preview_response):
    token = re.search(r'name="token" value="([^"]+)"', preview_response.content.decode()).group(1)
    # Invitations go out after the import commits: run those callbacks here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("lms:roster_import_confirm", kwargs={"agency_id": agency.pk}),
            {"token": token},
        )


def people_count() -> int:
    return get_user_model().objects.count()


@pytest.fixture
def user(capital_supervisor):
    """Whom the shared `signed_in` fixture signs in here."""
    return capital_supervisor


def accept_all(client):
    """Each invited person signs in and accepts on their own dashboard."""
    for invitation in Invitation.objects.filter(status=Invitation.Status.OPEN):
        client.force_login(invitation.user)
        client.post(reverse("lms:invitation_accept", args=[invitation.pk]))


def test_good_csv_previews_then_imports_and_invites_new_officers(signed_in, capital):
    preview = upload(signed_in, capital)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "2 officers ready to import" in html
    assert not Membership.objects.filter(agency=capital, role="officer").exists()

    response = confirm(signed_in, capital, preview)
    assert response.status_code == 302
    # Invited, not members: they join when they accept.
    assert not Membership.objects.filter(agency=capital, role="officer").exists()
    invitations = Invitation.objects.filter(agency=capital).order_by("badge_number")
    assert [(i.email, i.badge_number, i.rank, i.unit, i.status) for i in invitations] == [
        ("ana.ortiz@capital-city-pd.example.org", "311", "Police Officer", "Day shift", "open"),
        ("ben.okafor@capital-city-pd.example.org", "312", "Sergeant", "Night shift", "open"),
    ]
    assert not invitations[0].user.has_usable_password()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana.ortiz@capital-city-pd.example.org",
        "ben.okafor@capital-city-pd.example.org",
    ]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "accept" in mail.outbox[0].body

    accept_all(signed_in)
    members = Membership.objects.filter(agency=capital, role="officer").order_by("badge_number")
    assert [(m.user.email, m.badge_number, m.rank, m.unit, m.status) for m in members] == [
        ("ana.ortiz@capital-city-pd.example.org", "311", "Police Officer", "Day shift", "active"),
        ("ben.okafor@capital-city-pd.example.org", "312", "Sergeant", "Night shift", "active"),
    ]


def test_invited_officer_sets_a_password_and_can_log_in(client, signed_in, capital):
    confirm(signed_in, capital, upload(signed_in, capital))
    signed_in.logout()
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    password = "harbor-lantern-quietly-marching-57"
    client.post(form_url, {"password1": password, "password2": password})
    client.logout()
    email = mail.outbox[0].to[0]
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.email == email
    dashboard = client.get(reverse("lms:dashboard")).content.decode()
    assert "Capital City Police Department</strong> invited you" in dashboard


def test_existing_users_are_matched_by_email_in_any_case(signed_in, capital):
    existing = UserFactory(email="Ana.Ortiz@Capital-City-PD.example.org")
    before = people_count()
    confirm(signed_in, capital, upload(signed_in, capital))
    assert people_count() == before + 1
    assert Invitation.objects.get(user=existing, agency=capital).badge_number == "311"
    assert not Membership.objects.filter(user=existing, agency=capital).exists()
    # The new address gets its password link; the existing account a note to sign in.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Ana.Ortiz@Capital-City-PD.example.org",
        "ben.okafor@capital-city-pd.example.org",
    ]
    notice = next(m for m in mail.outbox if m.to[0].startswith("Ana"))
    assert "/accounts/password/reset/key/" not in notice.body
    assert "/dashboard/" in notice.body


def test_reimporting_updates_details_without_duplicates(signed_in, capital):
    confirm(signed_in, capital, upload(signed_in, capital))
    changed = GOOD_CSV.replace("Day shift", "Evening shift")
    confirm(signed_in, capital, upload(signed_in, capital, content=changed))
    assert Invitation.objects.filter(agency=capital, status="open").count() == 2
    assert Invitation.objects.filter(agency=capital, unit="Evening shift").count() == 1
    accept_all(signed_in)
    signed_in.force_login(Membership.objects.get(agency=capital, role="supervisor").user)
    confirm(signed_in, capital, upload(signed_in, capital, content=GOOD_CSV))
    assert Membership.objects.filter(agency=capital, role="officer").count() == 2
    assert Membership.objects.filter(agency=capital, unit="Day shift").count() == 1
    assert not Invitation.objects.filter(status="open").exists()


def test_xlsx_roster_is_read(signed_in, capital):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["First Name", "Last Name", "Email", "Badge Number", "Rank", "Shift"])
    sheet.append(["Cara", "Diaz", "cara@capital-city-pd.example.org", 400, "Detective", "Days"])
    out = io.BytesIO()
    workbook.save(out)
    preview = upload(signed_in, capital, name="roster.xlsx", content=out.getvalue())
    assert preview.status_code == 200
    confirm(signed_in, capital, preview)
    invitation = Invitation.objects.get(user__email="cara@capital-city-pd.example.org")
    assert (invitation.badge_number, invitation.unit) == ("400", "Days")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "roster.csv",
            HEADER + "Ana,Ortiz,not-an-email,1,,\nBen,Okafor,ben@capital-city-pd.example.org,2,,\n",
            "“not-an-email” is not a valid e-mail address.",
        ),
        (
            "roster.csv",
            HEADER + "Ana,Ortiz,ana@x.example.org,1,,\nAnn,Other,ANA@x.example.org,2,,\n",
            "The e-mail is also on row 2 of the file.",
        ),
        (
            "roster.csv",
            "First name,Last name,Badge\nAna,Ortiz,1\n",
            "The column “e-mail” is missing.",
        ),
        (
            "roster.csv",
            "First name,Last name,E-mail,Favourite colour\nAna,Ortiz,ana@x.example.org,red\n",
            "Unknown column “Favourite colour”.",
        ),
        (
            "roster.csv",
            HEADER + ",Ortiz,ana@x.example.org,1,,\n",
            "The first name is missing.",
        ),
        (
            "roster.csv",
            (HEADER + "José,Peña,jose@x.example.org,1,,\n").encode("cp1252"),
            "The file is not in UTF-8 encoding.",
        ),
        ("roster.pdf", b"%PDF-1.4 not a roster", "This is not a spreadsheet."),
        ("roster.xlsx", b"this is not a zip file", "This is not a readable .xlsx spreadsheet."),
        ("roster.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "This is not a spreadsheet."),
        ("roster.csv", HEADER, "The file has a header row but no officers."),
        ("roster.csv", b"", "The submitted file is empty."),
    ],
    ids=[
        "bad-email",
        "duplicate-in-file",
        "missing-column",
        "unknown-header",
        "missing-name",
        "wrong-encoding",
        "not-a-spreadsheet-extension",
        "broken-xlsx",
        "binary-csv",
        "no-rows",
        "empty-file",
    ],
)
def test_problem_files_are_reported_and_nothing_is_written(
    signed_in, capital, name, content, message
):
    before = (people_count(), Membership.objects.count(), Invitation.objects.count())
    response = upload(signed_in, capital, name=name, content=content)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html.replace("&#x27;", "'")
    assert "Nothing was imported." in html or "The submitted file is empty" in html
    assert 'name="token"' not in html
    assert (people_count(), Membership.objects.count(), Invitation.objects.count()) == before
    assert mail.outbox == []


def test_too_large_file_is_refused_without_reading_it(signed_in, capital, settings):
    settings.ROLLCALL_ROSTER_MAX_BYTES = 1024
    response = upload(signed_in, capital, content=GOOD_CSV + ("x" * 2048))
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()


def test_a_preview_cannot_be_confirmed_twice(signed_in, capital):
    preview = upload(signed_in, capital)
    confirm(signed_in, capital, preview)
    response = confirm(signed_in, capital, preview)
    assert response["Location"] == reverse("lms:roster_import", kwargs={"agency_id": capital.pk})
    assert Invitation.objects.filter(agency=capital).count() == 2


def test_a_preview_stashed_for_one_agency_cannot_be_confirmed_for_another(client, capital, river):
    supervisor = make_member(agency=capital, role="supervisor").user
    make_member(agency=river, role="supervisor", user=supervisor)
    client.force_login(supervisor)
    preview = upload(client, capital)
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    client.post(
        reverse("lms:roster_import_confirm", kwargs={"agency_id": river.pk}), {"token": token}
    )
    assert not Membership.objects.filter(agency=river, role="officer").exists()
    assert not Invitation.objects.filter(agency=river).exists()


def test_the_uploaded_file_is_not_stored(signed_in, capital, settings):
    from pathlib import Path

    before = set(Path(settings.MEDIA_ROOT).rglob("*.csv"))
    confirm(signed_in, capital, upload(signed_in, capital))
    assert set(Path(settings.MEDIA_ROOT).rglob("*.csv")) == before


def test_officers_cannot_import_a_roster(client, capital, capital_officer):
    client.force_login(capital_officer)
    assert upload(client, capital).status_code == 404
    assert not Membership.objects.filter(user__email__startswith="ana.ortiz").exists()


def test_imported_officers_get_the_courses_assigned_to_everyone(signed_in, capital):
    import datetime

    from django.utils import timezone

    from lms.records.assignments import assign_course, open_assignments_for
    from tests.factories import build_course

    course = build_course()
    make_member(agency=capital)
    assign_course(
        course=course,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
        agencies=[capital],
        assigned_by=None,
    )
    confirm(signed_in, capital, upload(signed_in, capital))
    accept_all(signed_in)
    ana = get_user_model().objects.get(email="ana.ortiz@capital-city-pd.example.org")
    assert [a.course_id for a in open_assignments_for(user=ana)] == [course.pk]
