"""Agencies adopt their own SOP (text or PDF), numbered versions; officers acknowledge the version
in force at their own agency. Scenarios through the test client and the real templates."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cms.demo.toolkit import load_toolkit
from cms.models import SOPAcknowledgement, SOPAdoption
from cms.sop import ACK_CSV_HEADER, acknowledge_sop, acknowledgement_rows, adopt_sop
from cms.sop_status import SOPState
from lms.due_notifications import send_due_notifications
from lms.models import Membership
from lms.spreadsheet_exports import UTF8_BOM
from tests.factories import build_course, make_completion

from .conftest import make_agency, make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OWN_TEXT = "1. PURPOSE\n\nExample Village officers leave a kit after every overdose call."


@pytest.fixture
def toolkit(db):
    load_toolkit(io.StringIO())


def adopt_text(agency, *, days_ago: int = 0, text: str = OWN_TEXT, by=None) -> SOPAdoption:
    return adopt_sop(
        agency=agency, adopted_by=by, title="Village leave-behind SOP", text=text,
        adopted_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )  # fmt: skip


def joined(user, *, days_ago: int) -> None:
    Membership.objects.filter(user=user).update(
        started_on=timezone.localdate() - dt.timedelta(days=days_ago)
    )


# Adopting ----------------------------------------------------------------------------------


def test_the_text_form_starts_from_the_model_sop_with_the_agency_name_filled_in(
    client, toolkit, agency, supervisor
):
    client.force_login(supervisor)
    page = client.get(f"/sop/agency/{agency.pk}/").content.decode()
    assert "Example Village Police Department takes part under the registration of" in page
    assert "[Agency name]" not in page
    assert "[partner registered Opioid Overdose Prevention Program]" in page


def test_adopting_the_model_text_with_placeholders_left_is_refused_and_nothing_is_written(
    client, toolkit, agency, supervisor
):
    client.force_login(supervisor)
    starting_text = client.get(f"/sop/agency/{agency.pk}/").context["form"].initial["text"]
    response = client.post(
        f"/sop/agency/{agency.pk}/",
        {"source": "text", "title": "Village SOP", "text": starting_text},
    )
    page = response.content.decode()
    assert "Replace the placeholder text" in page
    assert "[partner registered Opioid Overdose Prevention Program]" in page
    assert SOPAdoption.objects.count() == 0


def test_an_agency_name_placeholder_in_pasted_text_is_named_in_the_refusal(
    client, toolkit, agency, supervisor
):
    client.force_login(supervisor)
    page = client.post(
        f"/sop/agency/{agency.pk}/",
        {"source": "text", "title": "Our SOP", "text": "[Agency name] officers carry kits."},
    ).content.decode()
    assert "Replace the placeholder text “[Agency name]”" in page
    assert SOPAdoption.objects.count() == 0
    with pytest.raises(ValidationError):
        adopt_sop(agency=agency, adopted_by=None, title="[Agency name] SOP", text=OWN_TEXT)
    assert SOPAdoption.objects.count() == 0


def test_supervisor_adopts_own_text_as_version_1_and_everyone_is_asked(
    client, toolkit, agency, supervisor, officer
):
    client.force_login(supervisor)
    response = client.post(
        f"/sop/agency/{agency.pk}/",
        {"source": "text", "title": "Village SOP", "version_label": "GO 26-4", "text": OWN_TEXT},
        follow=True,
    )
    page = response.content.decode()
    assert "Version 1 adopted" in page
    assert "<strong>2</strong> of 2 people have not acknowledged it yet" in page
    adoption = SOPAdoption.objects.get()
    assert (adoption.version, adoption.source, adoption.text) == (1, "text", OWN_TEXT)


def test_supervisor_adopts_a_pdf_and_officers_open_it(client, toolkit, agency, supervisor, officer):
    client.force_login(supervisor)
    upload = SimpleUploadedFile("our-sop.pdf", PDF, content_type="application/pdf")
    client.post(
        f"/sop/agency/{agency.pk}/",
        {"source": "own", "title": "Village PD leave-behind SOP", "version_label": "Rev. 3",
         "document": upload},
    )  # fmt: skip
    adoption = SOPAdoption.objects.get()
    assert (adoption.source, adoption.version) == ("own", 1)
    client.force_login(officer)
    assert f"/sop/{adoption.pk}/pdf/" in client.get(f"/sop/{adoption.pk}/").content.decode()
    response = client.get(f"/sop/{adoption.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert client.get(adoption.document.url).status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sop.docx", b"PK\x03\x04", "Upload the SOP as a PDF file"),
        ("sop.pdf", b"MZ not a pdf", "This file is not a PDF"),
        ("sop.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(
    client, toolkit, agency, supervisor, name, content, message
):
    client.force_login(supervisor)
    response = client.post(
        f"/sop/agency/{agency.pk}/",
        {"source": "own", "title": "SOP", "document": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SOPAdoption.objects.count() == 0


def test_missing_fields_are_explained(client, toolkit, agency, supervisor):
    client.force_login(supervisor)
    page = client.post(f"/sop/agency/{agency.pk}/", {}).content.decode()
    assert "Choose whether you write the text or upload a PDF." in page
    assert "Enter the SOP&#x27;s title." in page
    page = client.post(f"/sop/agency/{agency.pk}/", {"source": "own", "title": "x"}).content
    assert "Upload your SOP as a PDF." in page.decode()
    page = client.post(f"/sop/agency/{agency.pk}/", {"source": "text", "title": "x", "text": " "})
    assert "Write or paste your agency&#x27;s SOP." in page.content.decode()
    assert SOPAdoption.objects.count() == 0


# Reading and acknowledging -----------------------------------------------------------------


def test_officer_reads_the_agency_text_and_acknowledges_that_version(
    client, toolkit, agency, supervisor, officer
):
    adoption = adopt_text(agency, by=supervisor)
    client.force_login(officer)
    assert "Read and acknowledge the SOP" in client.get("/sop/").content.decode()
    page = client.get(f"/sop/{adoption.pk}/").content.decode()
    assert "Example Village officers leave a kit" in page
    response = client.post(f"/sop/{adoption.pk}/acknowledge/", {"confirm": "yes"}, follow=True)
    assert "Your acknowledgement is recorded" in response.content.decode()
    client.post(f"/sop/{adoption.pk}/acknowledge/", {"confirm": "yes"})
    ack = SOPAcknowledgement.objects.get()
    assert (ack.sop_version, ack.user_name, ack.badge_number, ack.agency_name) == (
        1, officer.get_full_name(), "B-1", agency.name,
    )  # fmt: skip


def test_officer_never_gets_the_generic_model_and_sees_nothing_is_due_without_an_adoption(
    client, toolkit, agency, supervisor, officer
):
    client.force_login(officer)
    page = client.get("/sop/").content.decode()
    assert "has not adopted its SOP here yet, so nothing is due from you" in page
    assert f"Ask {supervisor.get_full_name()}" in page
    assert "/toolkit/" not in page.split("<main", 1)[-1].split("</main>")[0]


def test_acknowledging_without_ticking_the_box_records_nothing(client, toolkit, agency, officer):
    adoption = adopt_text(agency)
    client.force_login(officer)
    response = client.post(f"/sop/{adoption.pk}/acknowledge/", {}, follow=True)
    assert "Tick the box" in response.content.decode()
    assert SOPAcknowledgement.objects.count() == 0


def test_acknowledging_is_post_only(client, toolkit, agency, officer):
    adoption = adopt_text(agency)
    client.force_login(officer)
    assert client.get(f"/sop/{adoption.pk}/acknowledge/").status_code == 405
    assert SOPAcknowledgement.objects.count() == 0


def test_a_new_version_asks_everyone_again_and_the_old_one_cannot_be_acknowledged(
    client, toolkit, agency, supervisor, officer
):
    first = adopt_text(agency, days_ago=3)
    acknowledge_sop(user=officer, adoption=first)
    acknowledge_sop(user=supervisor, adoption=first)
    second = adopt_text(agency, text=OWN_TEXT + "\n\nNew: kits ride in the patrol bag.")
    assert second.version == 2
    client.force_login(officer)
    page = client.get("/sop/").content.decode()
    assert "version 2" in page
    assert "Please acknowledge" in page
    response = client.post(f"/sop/{first.pk}/acknowledge/", {"confirm": "yes"}, follow=True)
    assert "has been replaced" in response.content.decode()
    response = client.get(f"/sop/{first.pk}/", follow=True)
    assert "has been replaced" in response.content.decode()
    assert not SOPAcknowledgement.objects.filter(adoption=second).exists()
    client.force_login(supervisor)
    page = client.get(f"/dashboard/agency/{agency.pk}/").content.decode()
    assert "<strong>2</strong> SOP acknowledgements outstanding" in page


# Per-person due dates ----------------------------------------------------------------------


def test_officer_who_joins_after_adoption_is_not_overdue_on_day_one(
    client, toolkit, agency, supervisor, officer
):
    assert agency.sop_acknowledge_days == 14
    adopt_text(agency, days_ago=60)
    joined(supervisor, days_ago=60)
    joined(officer, days_ago=60)
    newcomer = make_member(agency)
    joined(newcomer, days_ago=0)
    client.force_login(newcomer)
    page = client.get("/sop/").content.decode()
    assert "Overdue" not in page
    due = timezone.localdate() + dt.timedelta(days=14)
    assert f"by {due:%B} {due.day}, {due.year}" in page
    client.force_login(supervisor)
    page = client.get(f"/dashboard/agency/{agency.pk}/").content.decode()
    assert "(2 overdue)" in page  # the supervisor and the officer who joined with them


def test_officer_is_overdue_after_the_agency_days_from_joining(
    client, toolkit, agency, supervisor, officer
):
    adopt_text(agency, days_ago=60)
    joined(officer, days_ago=15)
    client.force_login(officer)
    page = client.get("/sop/").content.decode()
    assert "Overdue" in page
    joined(officer, days_ago=14)
    assert "Overdue" not in client.get("/sop/").content.decode()


def test_supervisor_sets_the_days_and_due_dates_follow(
    client, toolkit, agency, supervisor, officer
):
    adopt_text(agency, days_ago=20)
    joined(officer, days_ago=20)
    client.force_login(supervisor)
    page = client.post(f"/sop/agency/{agency.pk}/days/", {"days": "0"}).content.decode()
    assert "Enter a number of days from 1 to 365." in page
    agency.refresh_from_db()
    assert agency.sop_acknowledge_days == 14
    response = client.post(f"/sop/agency/{agency.pk}/days/", {"days": "30"}, follow=True)
    assert "Everyone now has 30 days to acknowledge." in response.content.decode()
    client.force_login(officer)
    assert "Overdue" not in client.get("/sop/").content.decode()


def _joined_by_creation(user, *, moment: dt.datetime) -> None:
    """A membership from before start dates were kept: it counts from the day it was made."""
    Membership.objects.filter(user=user).update(started_on=None, created_at=moment)


def test_the_dashboard_counts_agree_with_the_acknowledgement_list(
    client, toolkit, agency, supervisor, officer
):
    assert agency.sop_acknowledge_days == 14
    today = timezone.localdate()
    adoption = adopt_text(agency, days_ago=60)
    joined(supervisor, days_ago=60)
    acknowledge_sop(user=supervisor, adoption=adoption)  # done: not counted
    joined(officer, days_ago=15)  # overdue since today
    on_time = make_member(agency)
    joined(on_time, days_ago=14)  # due today, not overdue
    newcomer = make_member(agency)
    joined(newcomer, days_ago=0)
    # Without a start date the local day the membership was made counts (America/New_York).
    day_15 = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=15), dt.time()))
    late_evening = day_15 + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
    _joined_by_creation(make_member(agency), moment=day_15)  # overdue
    _joined_by_creation(make_member(agency), moment=late_evening)  # overdue
    _joined_by_creation(make_member(agency), moment=late_evening + dt.timedelta(microseconds=1))
    for status in (Membership.Status.PENDING, Membership.Status.ENDED):
        member = make_member(agency)
        Membership.objects.filter(user=member).update(status=status, started_on=None)
    make_member(make_agency(name="Other Town PD (example)"))
    rows = acknowledgement_rows(agency=agency)
    assert [status.state for _, status in rows].count(SOPState.OVERDUE) == 3
    assert sum(status.outstanding for _, status in rows) == 6
    client.force_login(supervisor)
    page = client.get(f"/dashboard/agency/{agency.pk}/").content.decode()
    assert "<strong>6</strong> SOP acknowledgements outstanding (3 overdue)" in page
    # A version adopted a week ago is overdue for nobody yet, however long they have served.
    adopt_text(agency, days_ago=7)
    page = client.get(f"/dashboard/agency/{agency.pk}/").content.decode()
    assert "<strong>7</strong> SOP acknowledgements outstanding</a>" in page


# Agency isolation --------------------------------------------------------------------------


def test_officer_of_another_agency_cannot_see_or_acknowledge_it(client, toolkit, agency):
    adoption = adopt_text(agency)
    pdf = adopt_sop(
        agency=agency, adopted_by=None, title="PDF SOP",
        upload=SimpleUploadedFile("sop.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    outsider = make_member(make_agency(name="Other Town PD (example)"))
    client.force_login(outsider)
    assert client.get(f"/sop/{adoption.pk}/").status_code == 404
    assert client.get(f"/sop/{pdf.pk}/").status_code == 404
    assert client.get(f"/sop/{pdf.pk}/pdf/").status_code == 404
    assert client.get(pdf.document.url).status_code == 404  # Wagtail's own document address
    assert client.post(f"/sop/{pdf.pk}/acknowledge/", {"confirm": "yes"}).status_code == 404
    assert SOPAcknowledgement.objects.count() == 0


def test_supervisor_of_another_agency_gets_404(client, toolkit, agency):
    adopt_text(agency)
    other_supervisor = make_member(make_agency(name="Other Town PD (example)"), role="supervisor")
    client.force_login(other_supervisor)
    assert client.get(f"/sop/agency/{agency.pk}/").status_code == 404
    assert client.post(f"/sop/agency/{agency.pk}/days/", {"days": "30"}).status_code == 404
    assert client.get(f"/sop/agency/{agency.pk}/acknowledgements.csv").status_code == 404


def test_officer_cannot_open_the_supervisor_page(client, toolkit, agency, officer):
    client.force_login(officer)
    assert client.get(f"/sop/agency/{agency.pk}/").status_code == 404


# Records and exports -----------------------------------------------------------------------


def test_acknowledgement_csv_lists_everyone_with_their_own_due_date(
    client, toolkit, agency, supervisor, officer
):
    adoption = adopt_text(agency, days_ago=20, by=supervisor)
    acknowledge_sop(user=officer, adoption=adoption)
    joined(supervisor, days_ago=20)
    # A formula and a right-to-left override ("Injection" would read backwards) in a name.
    newcomer = make_member(agency, first_name="=cmd", last_name="\u202enoitcejnI")
    joined(newcomer, days_ago=1)
    client.force_login(supervisor)
    response = client.get(f"/sop/agency/{agency.pk}/acknowledgements.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="sop-acknowledgements-example-village-police-department-'
        f'{timezone.localdate().isoformat()}.csv"'
    )
    body = b"".join(response.streaming_content)
    assert body.startswith(b"agency,")  # the plain variant: no byte-order mark
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert list(rows[0]) == ACK_CSV_HEADER
    by_email = {row["email"]: row for row in rows}
    assert by_email[officer.email]["status"] == "acknowledged"
    assert by_email[supervisor.email]["status"] == "overdue"
    assert by_email[newcomer.email]["status"] == "due"
    assert (
        by_email[newcomer.email]["due_on"]
        == (timezone.localdate() + dt.timedelta(days=13)).isoformat()
    )
    assert by_email[newcomer.email]["name"] == "'=cmd noitcejnI"  # guarded, override gone
    assert by_email[officer.email]["acknowledged_at"].startswith(timezone.localdate().isoformat())
    # Personal data leaving the system: who took it is in the audit log, like every export.
    entry = ModelLogEntry.objects.get(action="rollcall.export", object_id=str(agency.pk))
    assert entry.user == supervisor and entry.data["what"] == "SOP acknowledgements CSV"


def test_acknowledgements_open_in_excel_with_accents_and_without_direction_overrides(
    client, toolkit, agency, supervisor
):
    adopt_text(agency, by=supervisor)
    accented = make_member(agency, first_name="Zoë", last_name="Alvarez-Nguyên")
    reversed_name = make_member(agency, first_name="\u202enhoJ\u2069", last_name="Smith")
    client.force_login(supervisor)
    response = client.get(f"/sop/agency/{agency.pk}/acknowledgements-excel.csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(UTF8_BOM.encode())  # Excel reads it as UTF-8, not Windows-1252
    assert response["Content-Disposition"].endswith(f'{timezone.localdate().isoformat()}.csv"')
    rows = {row["email"]: row for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}
    assert rows[accented.email]["name"] == "Zoë Alvarez-Nguyên"
    assert rows[reversed_name.email]["name"] == "nhoJ Smith"
    assert (
        rows[accented.email]["due_on"] == (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    )
    plain = b"".join(client.get(f"/sop/agency/{agency.pk}/acknowledgements.csv").streaming_content)
    assert body == UTF8_BOM.encode() + plain


def test_acknowledgements_are_append_only(toolkit, agency, officer):
    ack = acknowledge_sop(user=officer, adoption=adopt_text(agency))
    ack.user_name = "Someone else"
    with pytest.raises(ValidationError):
        ack.save()
    with pytest.raises(ValidationError):
        ack.delete()
    assert SOPAcknowledgement.objects.get().user_name == officer.get_full_name()


def test_the_training_export_and_the_officer_dashboard_show_the_same_status(
    client, toolkit, agency, supervisor, officer
):
    course = build_course(lessons=1)
    make_completion(user=officer, course=course)
    adoption = adopt_sop(
        agency=agency, adopted_by=supervisor, title="Village SOP", text=OWN_TEXT,
        version_label="2026.2", adopted_on=timezone.localdate() - dt.timedelta(days=30),
    )  # fmt: skip
    acknowledge_sop(user=officer, adoption=adoption)
    joined(supervisor, days_ago=30)
    client.force_login(supervisor)
    response = client.get(f"/dashboard/agency/{agency.pk}/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_email = {row["E-mail"]: row for row in rows}
    today = timezone.localdate()
    assert by_email[officer.email]["SOP in force"] == "Village SOP (version 1, 2026.2)"
    assert by_email[officer.email]["SOP acknowledged"] == today.isoformat()
    assert by_email[supervisor.email]["SOP acknowledged"] == "not yet"
    overdue_since = today - dt.timedelta(days=15)
    assert by_email[supervisor.email]["SOP status"] == f"overdue since {overdue_since}"
    # The dashboard's to-do list: the supervisor's overdue acknowledgement, the officer's none.
    page = client.get("/dashboard/").content.decode()
    assert "Read and acknowledge: Village SOP" in page and "Overdue" in page
    client.force_login(officer)
    assert "Read and acknowledge" not in client.get("/dashboard/").content.decode()
    page = client.get("/sop/").content.decode()
    assert "Acknowledged" in page and "Village SOP" in page


def test_an_old_adoption_of_the_generic_model_is_kept_but_asks_nobody(
    client, toolkit, agency, supervisor, officer
):
    legacy = SOPAdoption.objects.create(
        agency=agency, version=1, source="model", title="Model SOP", agency_name=agency.name,
        adopted_on=timezone.localdate() - dt.timedelta(days=40),
    )  # fmt: skip
    acknowledge_sop(user=officer, adoption=legacy)
    client.force_login(officer)
    assert "nothing is due from you" in client.get("/sop/").content.decode()
    assert client.get(f"/sop/{legacy.pk}/", follow=True).redirect_chain[-1][0] == "/sop/"
    client.force_login(supervisor)
    page = client.get(f"/sop/agency/{agency.pk}/").content.decode()
    assert "recorded the toolkit's generic model SOP" in page
    assert "Its 1 acknowledgement is kept on record" in page
    assert adopt_text(agency).version == 2


def test_the_roster_shows_each_persons_sop_status(client, toolkit, agency, supervisor, officer):
    adopt_text(agency, days_ago=30)
    joined(supervisor, days_ago=30)
    client.force_login(supervisor)
    page = client.get(f"/agencies/{agency.pk}/").content.decode()
    assert page.count('<span class="badge badge--danger">Overdue</span>') == 1
    assert page.count('<span class="badge badge--warn">Not yet</span>') == 1


def test_the_weekly_digest_lists_overdue_sop_acknowledgements(
    toolkit, agency, supervisor, officer, django_capture_on_commit_callbacks
):
    adoption = adopt_text(agency, days_ago=30)
    joined(officer, days_ago=30)
    acknowledge_sop(user=supervisor, adoption=adoption)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mails go after the commit
        send_due_notifications()
    (digest,) = [m for m in mail.outbox if m.to == [supervisor.email]]
    assert "0 expiring, 0 overdue, 1 SOP acknowledgement overdue" in digest.subject
    due = timezone.localdate() - dt.timedelta(days=16)
    assert (
        f"- {officer.get_full_name()}: Village leave-behind SOP version 1, was due " in digest.body
    )
    assert f"{due:%b} {due.day}, {due.year}" in digest.body
    assert f"/sop/agency/{agency.pk}/" in digest.body
