from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms.demo.toolkit import load_toolkit
from cms.models import SOPAcknowledgement, SOPAdoption
from cms.sop import ACK_CSV_HEADER, acknowledge_sop, adopt_sop

from .conftest import make_agency, make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def toolkit(db):
    load_toolkit(io.StringIO())


def due(days: int = 14) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_supervisor_adopts_the_model_sop_and_sees_who_has_not_acknowledged(
    client, toolkit, agency, supervisor, officer
):
    client.force_login(supervisor)
    url = f"/sop/agency/{agency.pk}/"
    response = client.post(
        url, {"source": "model", "version_label": "2026.1", "acknowledge_by": due()}, follow=True
    )
    page = response.content.decode()
    assert "SOP adoption recorded" in page
    adoption = SOPAdoption.objects.get()
    assert adoption.model_sop.slug == "model-sop"
    assert adoption.model_sop_revision is not None
    assert "<strong>2</strong> of 2 officers have not acknowledged" in page


def test_officer_acknowledges_once_and_the_record_keeps_snapshots(
    client, toolkit, agency, supervisor, officer
):
    adoption = adopt_sop(
        agency=agency, adopted_by=supervisor, version_label="2026.1",
        acknowledge_by=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip
    client.force_login(officer)
    assert "Please acknowledge" in client.get("/sop/").content.decode()
    url = f"/sop/{adoption.pk}/acknowledge/"
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "Your acknowledgement is recorded" in response.content.decode()
    client.post(url, {"confirm": "yes"})
    ack = SOPAcknowledgement.objects.get()
    assert ack.user_name == officer.get_full_name()
    assert ack.badge_number == "B-1"
    assert ack.sop_version_label == "2026.1"
    assert ack.agency_name == agency.name


def test_acknowledging_without_ticking_the_box_records_nothing(client, toolkit, agency, officer):
    adoption = adopt_sop(agency=agency, adopted_by=None, version_label="1",
                         acknowledge_by=timezone.localdate())  # fmt: skip
    client.force_login(officer)
    response = client.post(f"/sop/{adoption.pk}/acknowledge/", {}, follow=True)
    assert "Tick the box" in response.content.decode()
    assert SOPAcknowledgement.objects.count() == 0


def test_acknowledging_is_post_only(client, toolkit, agency, officer):
    adoption = adopt_sop(agency=agency, adopted_by=None, version_label="1",
                         acknowledge_by=timezone.localdate())  # fmt: skip
    client.force_login(officer)
    assert client.get(f"/sop/{adoption.pk}/acknowledge/").status_code == 405
    assert SOPAcknowledgement.objects.count() == 0


def test_a_new_sop_version_asks_officers_again(client, toolkit, agency, officer):
    today = timezone.localdate()
    first = adopt_sop(agency=agency, adopted_by=None, version_label="1", acknowledge_by=today)
    acknowledge_sop(user=officer, adoption=first)
    second = adopt_sop(agency=agency, adopted_by=None, version_label="2", acknowledge_by=today)
    client.force_login(officer)
    page = client.get("/sop/").content.decode()
    assert "version 2" in page
    assert "Please acknowledge" in page
    # The old version can no longer be acknowledged.
    response = client.post(f"/sop/{first.pk}/acknowledge/", {"confirm": "yes"}, follow=True)
    assert "has been replaced" in response.content.decode()
    assert not SOPAcknowledgement.objects.filter(adoption=second).exists()


def test_officer_of_another_agency_cannot_acknowledge_it(client, toolkit, agency):
    adoption = adopt_sop(agency=agency, adopted_by=None, version_label="1",
                         acknowledge_by=timezone.localdate())  # fmt: skip
    outsider = make_member(make_agency(name="Other Town PD (example)"))
    client.force_login(outsider)
    assert client.post(f"/sop/{adoption.pk}/acknowledge/", {"confirm": "yes"}).status_code == 404


def test_supervisor_of_another_agency_gets_404(client, toolkit, agency):
    other_supervisor = make_member(make_agency(name="Other Town PD (example)"), role="supervisor")
    client.force_login(other_supervisor)
    assert client.get(f"/sop/agency/{agency.pk}/").status_code == 404
    assert client.get(f"/sop/agency/{agency.pk}/acknowledgements.csv").status_code == 404


def test_officer_cannot_open_the_supervisor_page(client, toolkit, agency, officer):
    client.force_login(officer)
    assert client.get(f"/sop/agency/{agency.pk}/").status_code == 404


def test_supervisor_uploads_own_pdf_sop(client, toolkit, agency, supervisor):
    client.force_login(supervisor)
    upload = SimpleUploadedFile("our-sop.pdf", PDF, content_type="application/pdf")
    client.post(
        f"/sop/agency/{agency.pk}/",
        {"source": "own", "title": "Village PD leave-behind SOP", "version_label": "Rev. 3",
         "acknowledge_by": due(), "document": upload},
    )  # fmt: skip
    adoption = SOPAdoption.objects.get()
    assert adoption.source == "own"
    assert adoption.document.file.name.endswith(".pdf")


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
        {"source": "own", "version_label": "1", "acknowledge_by": due(),
         "document": SimpleUploadedFile(name, content)},
    )  # fmt: skip
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SOPAdoption.objects.count() == 0


def test_missing_fields_and_past_due_date_are_explained(client, toolkit, agency, supervisor):
    client.force_login(supervisor)
    page = client.post(f"/sop/agency/{agency.pk}/", {}).content.decode()
    assert "Choose the model SOP or your own." in page
    assert "Enter the version you adopted." in page
    page = client.post(
        f"/sop/agency/{agency.pk}/",
        {"source": "own", "version_label": "1", "acknowledge_by": "2000-01-01"},
    ).content.decode()
    assert "The due date cannot be in the past." in page
    assert "Upload your SOP as a PDF." in page
    assert SOPAdoption.objects.count() == 0


def test_acknowledgement_csv_lists_every_officer_with_status(
    client, toolkit, agency, supervisor, officer
):
    adoption = adopt_sop(agency=agency, adopted_by=supervisor, version_label="2026.1",
                         acknowledge_by=timezone.localdate())  # fmt: skip
    acknowledge_sop(user=officer, adoption=adoption)
    make_member(agency, first_name="=cmd", last_name="Injection")
    client.force_login(supervisor)
    response = client.get(f"/sop/agency/{agency.pk}/acknowledgements.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="sop-acknowledgements-{agency.pk}-'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ACK_CSV_HEADER
    statuses = sorted(row[-1] for row in rows[1:])
    assert statuses == ["acknowledged", "pending", "pending"]
    assert any(row[5].startswith("'=cmd") for row in rows[1:])


def test_acknowledgements_are_append_only(toolkit, agency, officer):
    adoption = adopt_sop(agency=agency, adopted_by=None, version_label="1",
                         acknowledge_by=timezone.localdate())  # fmt: skip
    ack = acknowledge_sop(user=officer, adoption=adoption)
    ack.user_name = "Someone else"
    with pytest.raises(ValidationError):
        ack.save()
    with pytest.raises(ValidationError):
        ack.delete()
    assert SOPAcknowledgement.objects.get().user_name == officer.get_full_name()


def test_acknowledgements_appear_in_the_agency_training_export(
    client, toolkit, agency, supervisor, officer
):
    from tests.factories import build_course, make_completion

    course = build_course(lessons=1)
    make_completion(user=officer, course=course)
    adoption = adopt_sop(agency=agency, adopted_by=supervisor, version_label="2026.2",
                         acknowledge_by=timezone.localdate())  # fmt: skip
    acknowledge_sop(user=officer, adoption=adoption)
    client.force_login(supervisor)
    response = client.get(f"/dashboard/agency/{agency.pk}/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_email = {row["E-mail"]: row for row in rows}
    assert by_email[officer.email]["SOP in force"] == f"{adoption.title} (2026.2)"
    assert by_email[officer.email]["SOP acknowledged"] == timezone.localdate().isoformat()
    assert by_email[supervisor.email]["SOP acknowledged"] == "not yet"
