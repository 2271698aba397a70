"""A sergeant runs roll call: MFA set-up, a Day-shift session, officers check in on phones, a
late officer is added, make-ups are given from one list on a 390 px phone, CSV export."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from courses.models import CoursePage
from lms.models import Agency
from lms.rollcall.lifecycle import propose_makeups
from lms.rollcall.models import Absence, Attendance, RollCallSession
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


def fits_the_screen(page) -> bool:
    """No horizontal scrolling at the page's width."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_sergeant_runs_roll_call_adds_a_late_officer_and_gives_make_ups_on_a_phone(
    live_server, desktop, phone_factory, a11y, settings
):
    settings.ROLLCALL_ENFORCE_MFA = True
    load_flow_demo()
    agency = Agency.objects.get(name="Capital City Police Department (fictional)")
    # The authors made this course count attendance alone at roll call.
    course = CoursePage.objects.get(title="Leave-Behind Naloxone: Roll Call Training")
    course.rollcall_counts_as = CoursePage.RollCallCountsAs.ATTENDANCE
    course.save(update_fields=["rollcall_counts_as"])
    officers = agency.memberships.filter(role="officer", status="active").select_related("user")
    # An Evening-shift officer attends the Day-shift session; a Day-shift officer comes late.
    second_officer = officers.filter(unit="Evening shift").first().user
    late_officer = officers.filter(unit="Day shift").exclude(user__email=OFFICER).first().user

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
    desktop.get_by_label("Who is expected").select_option("Day shift")
    desktop.get_by_label("Location").fill("Briefing room")
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
        desktop.get_by_role("button", name="Attest attendance and close check-in").click()
    assert desktop.get_by_text("Check-in closed. 2 roll-call briefings recorded.").is_visible()
    a11y(desktop, "check-in closed")

    # The late officer is told what to do.
    late = phone_factory()
    sign_in(late, live_server.url, late_officer.email)
    late.goto(f"{live_server.url}/rollcall/{session.pk}/check-in/")
    assert late.get_by_text("Check-in for this session has closed").is_visible()
    assert late.get_by_text("ask Sam Ortiz to add you").is_visible()
    a11y(late, "late officer refused")

    # The sergeant finishes on a phone-sized screen: adds the late officer, then make-ups.
    desktop.set_viewport_size({"width": 390, "height": 844})
    desktop.reload()
    assert fits_the_screen(desktop)
    desktop.get_by_role("group", name="Not present").get_by_label(
        re.compile(rf"{late_officer.last_name}, {late_officer.first_name}\b")
    ).check()
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="Add as present").click()
    assert desktop.get_by_text(f"Added as present: {late_officer.get_full_name()}.").is_visible()
    assert Attendance.objects.get(session=session, user=late_officer).method == "late"

    proposed = propose_makeups(session=session).proposed
    assert len(proposed) >= 2, [e.user_name for e in proposed]
    with desktop.expect_navigation():
        desktop.get_by_role("link", name="Complete the session and give make-ups").click()
    boxes = desktop.get_by_role("group", name="Give a make-up to").get_by_role("checkbox")
    assert boxes.count() == len(proposed)
    assert all(boxes.nth(n).is_checked() for n in range(len(proposed)))
    assert fits_the_screen(desktop)
    a11y(desktop, "make-ups on a phone")
    with desktop.expect_navigation():
        desktop.get_by_role("link", name="Select none").click()
    assert not any(boxes.nth(n).is_checked() for n in range(len(proposed)))
    with desktop.expect_navigation():
        desktop.get_by_role("link", name="Select all").click()
    assert all(boxes.nth(n).is_checked() for n in range(len(proposed)))
    desktop.get_by_label(proposed[0].user_name).uncheck()
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="Complete the session").click()
    assert desktop.get_by_text(f"Make-ups given: {len(proposed) - 1}.").is_visible()
    session.refresh_from_db()
    assert session.status == RollCallSession.Status.COMPLETED
    assert Absence.objects.get(session=session, user_id=proposed[0].user_id).outcome == "no_makeup"
    assert not Absence.objects.filter(session=session, user=second_officer).exists()
    a11y(desktop, "completed on a phone")
    desktop.set_viewport_size({"width": 1280, "height": 900})

    # The agency dashboard exports what the supervisor sees, as CSV.
    desktop.goto(f"{live_server.url}/dashboard/agency/{agency.pk}/")
    a11y(desktop, "agency dashboard")
    with desktop.expect_download() as download_info:
        desktop.get_by_role("link", name="CSV for Excel").click()
    exported = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    course_rows = {
        (row["Last name"], row["First name"]): row
        for row in rows
        if row["Course"] == "Leave-Behind Naloxone: Roll Call Training"
    }
    for person in [
        (person.last_name, person.first_name) for person in (second_officer, late_officer)
    ] + [("Chen", "Olivia")]:
        assert course_rows[person]["Status"] == "Complete", course_rows[person]
        assert course_rows[person]["Last completed"]
    # Everyone else on the roster (supervisors included) is in the export too.
    assert len(course_rows) == agency.memberships.filter(status="active").count()
