"""A sergeant runs roll call: MFA set-up, a session, two officers check in on phones, CSV export."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from lms.models import Agency
from lms.rollcall.models import RollCallSession
from tests.e2e.demo import load_flow_demo

# serialized_rollback: other transactional tests flush the tables, including the home page,
# groups and workflow that migrations create; these tests need them back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DEMO_PASSWORD = "rollcall-demo"
SUPERVISOR = "supervisor@capital-city-pd.example.org"
OFFICER = "officer@capital-city-pd.example.org"


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def authenticator_code(secret: str) -> str:
    """What an authenticator app shows now (RFC 6238, 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_sergeant_runs_roll_call_two_officers_check_in_and_the_export_shows_them(
    live_server, desktop, phone_factory, a11y, settings
):
    settings.ROLLCALL_ENFORCE_MFA = True
    load_flow_demo()
    agency = Agency.objects.get(name="Capital City Police Department")
    second_officer = (
        agency.memberships.filter(role="officer", status="active")
        .exclude(user__email=OFFICER)
        .select_related("user")
        .first()
        .user
    )

    # The supervisor must set up two-factor authentication before anything else.
    sign_in(desktop, live_server.url, SUPERVISOR)
    # allauth asks for the password again before any change to two-factor settings.
    assert "/accounts/reauthenticate/" in desktop.url
    assert "2fa%2Ftotp%2Factivate" in desktop.url
    a11y(desktop, "confirm password before mfa set-up")
    desktop.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="Confirm").click()
    assert "/accounts/2fa/totp/activate/" in desktop.url
    a11y(desktop, "mfa set-up required")
    secret = desktop.locator("#authenticator_secret").input_value()
    desktop.get_by_label("Authenticator code").fill(authenticator_code(secret))
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="Activate").click()
    desktop.goto(live_server.url + "/rollcall/start/")
    a11y(desktop, "start a session")
    desktop.get_by_label("Course", exact=True).select_option(
        label="Leave-Behind Naloxone: Roll Call Training"
    )
    desktop.get_by_label("Shift or unit").fill("Day shift")
    desktop.get_by_label("Location").fill("Briefing room")
    desktop.get_by_label("How officers complete the course").select_option("attestation")
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="Start session").click()
    session = RollCallSession.objects.get(agency=agency)
    a11y(desktop, "session with check-in code")

    # Two officers check in on their phones with the code on the screen.
    for email in (OFFICER, second_officer.email):
        officer = phone_factory()
        sign_in(officer, live_server.url, email)
        officer.goto(f"{live_server.url}/rollcall/{session.pk}/check-in/")
        a11y(officer, f"check-in form {email}")
        desktop.reload()
        code = desktop.locator("[data-code]").inner_text().replace(" ", "")
        officer.get_by_label("Code on the screen").fill(code)
        with officer.expect_navigation():
            officer.get_by_role("button", name="Check in").click()
        assert officer.get_by_text(re.compile("checked in", re.I)).first.is_visible()
        a11y(officer, f"checked in {email}")

    desktop.reload()
    assert desktop.get_by_role("heading", name="Present (2)").is_visible()
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="Attest delivery").click()
    assert desktop.get_by_text("Delivery attested: 2 completions recorded.").is_visible()
    a11y(desktop, "attested")

    # The agency dashboard exports what the supervisor sees, as CSV.
    desktop.goto(f"{live_server.url}/dashboard/agency/{agency.pk}/")
    a11y(desktop, "agency dashboard")
    with desktop.expect_download() as download_info:
        desktop.get_by_role("link", name="Export CSV").click()
    exported = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    course_rows = {
        (row["Last name"], row["First name"]): row
        for row in rows
        if row["Course"] == "Leave-Behind Naloxone: Roll Call Training"
    }
    for person in (("Chen", "Olivia"), (second_officer.last_name, second_officer.first_name)):
        assert course_rows[person]["Status"] == "Complete", course_rows[person]
        assert course_rows[person]["Last completed"]
    # Everyone else on the roster (supervisors included) is in the export too.
    assert len(course_rows) == agency.memberships.filter(status="active").count()
