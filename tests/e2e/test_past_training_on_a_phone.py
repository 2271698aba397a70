"""A sergeant imports past training on a 390 px phone: a file with a bad row is refused row by
row, the corrected file is previewed and recorded, and the officer page marks the record
"recorded, not trained here"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lms.models import Completion
from tests.e2e.conftest import PHONE
from tests.e2e.demo import load_flow_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DEMO_PASSWORD = "rollcall-demo"
SUPERVISOR = "supervisor@capital-city-pd.example.org"
OFFICER = "officer@capital-city-pd.example.org"
COURSE = "Leave-Behind Naloxone: Roll Call Training"


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def fits_the_phone(page) -> bool:
    """Nothing wider than the phone: a mobile browser widens its layout viewport to fit wide
    content (zooming out), so innerWidth alone would not tell."""
    width = PHONE["viewport"]["width"]
    return page.evaluate("document.documentElement.scrollWidth") <= width


def past_file(*rows: str) -> dict:
    text = "e-mail,badge,course,date,method,hours,note\n" + "".join(f"{r}\n" for r in rows)
    return {"name": "past.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_sergeant_imports_past_training_on_a_phone(live_server, phone, a11y, settings):
    settings.ROLLCALL_ENFORCE_MFA = False
    load_flow_demo()
    three_years_ago = (timezone.localdate() - dt.timedelta(days=3 * 365)).isoformat()
    good = f"{OFFICER},,{COURSE},{three_years_ago},Classroom,4,County academy"
    sign_in(phone, live_server.url, SUPERVISOR)

    phone.goto(live_server.url + "/past-training/")  # one agency: straight to its page
    assert "/past-training/" in phone.url and "/agencies/" in phone.url
    a11y(phone, "past training import page")
    assert fits_the_phone(phone)

    phone.get_by_label("Past training file (.csv or .xlsx)").set_input_files(
        past_file(good, f"{OFFICER},,Tourniquets,{three_years_ago},classroom,,")
    )
    with phone.expect_navigation():
        phone.get_by_role("button", name="Preview").click()
    assert phone.get_by_text("Nothing was recorded.").is_visible()
    assert phone.get_by_text("No published course is called “Tourniquets”").is_visible()
    a11y(phone, "preview with a bad row")
    assert fits_the_phone(phone)
    assert not Completion.objects.filter(method=Completion.Method.MANUAL).exists()

    phone.get_by_role("link", name="Upload a corrected file").click()
    phone.get_by_label("Past training file (.csv or .xlsx)").set_input_files(past_file(good))
    with phone.expect_navigation():
        phone.get_by_role("button", name="Preview").click()
    a11y(phone, "preview ready to record")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Record 1 record").click()
    assert phone.get_by_text("Recorded 1 past training record").is_visible()

    # The same file again: every row is a duplicate, nothing new to record.
    phone.goto(live_server.url + "/past-training/")
    phone.get_by_label("Past training file (.csv or .xlsx)").set_input_files(past_file(good))
    with phone.expect_navigation():
        phone.get_by_role("button", name="Preview").click()
    assert phone.get_by_text("there is nothing new to record").is_visible()
    a11y(phone, "preview of the same file again")
    assert fits_the_phone(phone)

    record = Completion.objects.get(method=Completion.Method.MANUAL)
    assert record.user.email == OFFICER and record.training_minutes == 240
    phone.goto(f"{live_server.url}/dashboard/agency/{record.agency_id}/officers/{record.user_id}/")
    assert phone.get_by_text("Recorded, not trained here").first.is_visible()
    a11y(phone, "officer page with a past record")
    assert fits_the_phone(phone)

    # The matrix card shows the marker too, inside the phone's width.
    phone.goto(f"{live_server.url}/dashboard/agency/{record.agency_id}/?q={OFFICER}")
    assert phone.locator(".matrix .cell-manual").first.is_visible()
    a11y(phone, "matrix with a past record")
    assert fits_the_phone(phone)
