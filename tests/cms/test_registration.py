from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from cms.conf import DEFAULT_REGISTRATION_RATE_LIMIT as REGISTRATION_LIMIT
from cms.models import ProgramRegistration, TechnicalAssistanceRequest
from lms.models import Agency

from .conftest import make_agency, make_member

pytestmark = pytest.mark.django_db

URL = "/register-program/"


def valid_data(**overrides) -> dict:
    data = {
        "agency_name": "Example Town Police Department",
        "agency_type": "municipal_police",
        "county": "Saratoga",
        "sworn_officers": "24",
        "contact_name": "Pat Example",
        "contact_title": "Lieutenant",
        "contact_email": "pat@example-town.example.org",
        "contact_phone": "555-0100",
        "program_stage": "planning",
        "naloxone_source": "partner_oopp",
        "sop_status": "drafting",
        "wants_technical_assistance": "yes",
        "message": "We would like help with the SOP.",
        "website": "",
    }
    data.update(overrides)
    return data


def test_registration_url_is_the_public_form(client):
    assert reverse("cms:register_program") == URL
    response = client.get(URL)
    assert response.status_code == 200
    assert "Register your agency" in response.content.decode()


def test_registration_creates_an_inactive_agency_pending_review_and_emails_a_confirmation(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("cms:register_program_thanks")
    registration = ProgramRegistration.objects.get()
    assert registration.status == "new"
    assert registration.wants_technical_assistance is True
    agency = registration.agency
    assert agency.name == "Example Town Police Department"
    assert agency.is_active is False
    assert agency.program_status == Agency.ProgramStatus.PLANNING
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat@example-town.example.org"]
    assert "Example Town Police Department" in mail.outbox[0].subject


def test_registration_links_an_existing_agency_without_changing_it(client):
    existing = make_agency(name="Example Town Police Department", county="Albany")
    client.post(URL, valid_data(agency_name="  example town   police department "))
    registration = ProgramRegistration.objects.get()
    assert registration.agency == existing
    existing.refresh_from_db()
    assert existing.county == "Albany"
    assert existing.is_active is True
    assert Agency.objects.count() == 1


def test_missing_fields_show_clear_messages_and_save_nothing(client):
    response = client.post(URL, {"website": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter your agency&#x27;s name." in page
    assert "Choose the county your agency is in." in page
    assert "Enter an e-mail address we can reach you at." in page
    assert "Tell us whether you would like technical assistance." in page
    assert ProgramRegistration.objects.count() == 0
    assert Agency.objects.count() == 0
    assert len(mail.outbox) == 0


def test_invalid_email_is_rejected_with_an_example(client):
    response = client.post(URL, valid_data(contact_email="pat at example"))
    assert response.status_code == 200
    assert "Enter a valid e-mail address" in response.content.decode()
    assert ProgramRegistration.objects.count() == 0


def test_overlong_text_is_rejected_with_the_limit(client):
    response = client.post(URL, valid_data(message="x" * 2001, agency_name="A" * 201))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Keep this under 2,000 characters (it has 2001)." in page
    assert "Keep this under 200 characters (it has 201)." in page
    assert ProgramRegistration.objects.count() == 0


def test_unknown_county_is_rejected(client):
    response = client.post(URL, valid_data(county="Atlantis"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Agency.objects.count() == 0


def test_filled_honeypot_looks_like_success_but_saves_nothing(client):
    response = client.post(URL, valid_data(website="http://spam.example"))
    assert response.status_code == 302
    assert ProgramRegistration.objects.count() == 0
    assert Agency.objects.count() == 0
    assert len(mail.outbox) == 0


def test_more_than_the_limit_of_submissions_from_one_ip_is_refused(client):
    for n in range(REGISTRATION_LIMIT):
        client.post(URL, valid_data(agency_name=f"Example Agency {n}"))
    response = client.post(URL, valid_data(agency_name="One Too Many PD"))
    assert response.status_code == 429
    assert "Too many submissions" in response.content.decode()
    assert ProgramRegistration.objects.count() == REGISTRATION_LIMIT
    assert not Agency.objects.filter(name="One Too Many PD").exists()


def test_rate_limit_is_per_ip_address(client):
    for n in range(REGISTRATION_LIMIT + 1):
        client.post(URL, valid_data(agency_name=f"Example Agency {n}"))
    response = client.post(URL, valid_data(agency_name="Other Network PD"), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302
    assert ProgramRegistration.objects.filter(agency_name="Other Network PD").exists()


# Technical assistance -----------------------------------------------------------------------

TA_URL = "/technical-assistance/"


def test_anonymous_visitor_is_sent_to_sign_in_for_technical_assistance(client):
    response = client.get(TA_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_officer_cannot_request_technical_assistance(client, officer):
    client.force_login(officer)
    assert client.get(TA_URL).status_code == 404


def test_supervisor_requests_technical_assistance_and_gets_a_confirmation(
    client, supervisor, agency, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    assert client.get(TA_URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            TA_URL,
            {"agency": agency.pk, "topic": "securing_naloxone", "details": "Who supplies us?"},
            follow=True,
        )
    assert "Your request was sent to the ORS team" in response.content.decode()
    ta = TechnicalAssistanceRequest.objects.get()
    assert ta.agency == agency
    assert ta.requested_by == supervisor
    assert ta.requester_email == supervisor.email
    assert ta.status == "new"
    assert mail.outbox[0].to == [supervisor.email]


def test_technical_assistance_bad_input_gets_clear_messages(client, supervisor, agency):
    client.force_login(supervisor)
    response = client.post(TA_URL, {"agency": agency.pk, "topic": "", "details": ""})
    page = response.content.decode()
    assert "Choose the topic you need help with." in page
    assert "Tell us briefly what you need." in page
    response = client.post(TA_URL, {"agency": agency.pk, "topic": "sop", "details": "x" * 2001})
    assert "Keep this under 2,000 characters" in response.content.decode()
    assert TechnicalAssistanceRequest.objects.count() == 0


def test_supervisor_cannot_request_assistance_for_another_agency(client, supervisor):
    other = make_agency(name="Other County Sheriff (example)")
    make_member(other, role="supervisor")
    client.force_login(supervisor)
    response = client.post(TA_URL, {"agency": other.pk, "topic": "sop", "details": "Help"})
    assert response.status_code == 200
    assert "Choose one of the agencies you supervise." in response.content.decode()
    assert TechnicalAssistanceRequest.objects.count() == 0
