"""A supervisor adopts the agency's own SOP text on a phone (the model's placeholders refused
first), and an officer reads and acknowledges it, with axe-core checks at each step."""

from __future__ import annotations

import io

import pytest

from cms.demo.toolkit import load_toolkit
from cms.models import SOPAcknowledgement
from lms.demo.people import CAPITAL_CITY
from lms.models import Agency
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.demo import load_flow_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DEMO_PASSWORD = "rollcall-demo"
SUPERVISOR = "supervisor@capital-city-pd.example.org"
OFFICER = "officer@capital-city-pd.example.org"
OWN_TEXT = (
    "1. PURPOSE\n\nCapital City officers offer a leave-behind kit after every suspected "
    "opioid overdose.\n\n2. KITS\n\nThe patrol sergeant on each shift restocks kits monthly."
)


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def test_supervisor_adopts_own_text_and_officer_acknowledges_on_a_phone(
    live_server, phone_factory, a11y, settings
):
    settings.ROLLCALL_ENFORCE_MFA = False
    load_flow_demo()
    load_toolkit(io.StringIO())
    agency = Agency.objects.get(name=CAPITAL_CITY)

    supervisor = phone_factory()
    sign_in(supervisor, live_server.url, SUPERVISOR)
    supervisor.goto(f"{live_server.url}/sop/agency/{agency.pk}/")
    text_box = supervisor.get_by_label("Text of your SOP")
    assert CAPITAL_CITY in text_box.input_value()
    a11y(supervisor, "supervisor SOP page")
    assert no_horizontal_scroll(supervisor)

    with supervisor.expect_navigation():
        supervisor.get_by_role("button", name="Adopt this version").click()
    assert supervisor.get_by_text("Replace the placeholder text").first.is_visible()
    a11y(supervisor, "placeholders refused")

    supervisor.get_by_label("Text of your SOP").fill(OWN_TEXT)
    with supervisor.expect_navigation():
        supervisor.get_by_role("button", name="Adopt this version").click()
    assert supervisor.get_by_text("Version 1 adopted. Everyone").is_visible()
    a11y(supervisor, "version 1 adopted")

    officer = phone_factory()
    sign_in(officer, live_server.url, OFFICER)
    officer.goto(f"{live_server.url}/sop/")
    with officer.expect_navigation():
        officer.get_by_role("link", name="Read and acknowledge the SOP").click()
    assert officer.get_by_text("Capital City officers offer a leave-behind kit").is_visible()
    a11y(officer, "officer reads the SOP")
    assert no_horizontal_scroll(officer)
    officer.get_by_label("I have read and understand this SOP, version 1.").check()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Acknowledge").click()
    assert officer.get_by_text("Your acknowledgement is recorded").is_visible()
    a11y(officer, "acknowledged")
    assert SOPAcknowledgement.objects.get().sop_version == 1
