"""An officer downloads their Open Badges credential on a phone, and a stranger checks it on
the public page: both pages fit a 360 px screen and pass axe-core. Screenshots go to
var/e2e-screenshots/."""

from __future__ import annotations

import pytest

from certificates.models import Certificate
from courses.models import CoursePage
from lms.demo.people import CAPITAL_CITY
from lms.models import Agency
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.demo import load_flow_demo
from tests.factories import make_completion

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DEMO_PASSWORD = "rollcall-demo"
OFFICER = "officer@capital-city-pd.example.org"


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def test_officer_downloads_the_credential_and_a_stranger_checks_it(
    live_server, phone_factory, a11y, settings
):
    settings.ROLLCALL_ENFORCE_MFA = False
    settings.SITE_URL = live_server.url
    load_flow_demo()
    agency = Agency.objects.get(name=CAPITAL_CITY)
    officer = agency.memberships.get(user__email=OFFICER).user
    if not Certificate.objects.filter(completion__user=officer).exists():
        course = CoursePage.objects.live().filter(issues_certificate=True).first()
        make_completion(user=officer, course=course, days_ago=3)
    certificate = Certificate.objects.filter(completion__user=officer).first()

    phone = phone_factory()
    phone.set_viewport_size({"width": 360, "height": 780})
    sign_in(phone, live_server.url, OFFICER)
    phone.goto(f"{live_server.url}/certificates/")
    phone.get_by_role("link", name="Digital credential and sharing").first.click()
    phone.wait_for_url(f"**/certificates/{certificate.code}/")
    assert phone.get_by_role("link", name="Add to LinkedIn").is_visible()
    assert phone.get_by_role("button", name="E-mail me my certificate").is_visible()
    assert no_horizontal_scroll(phone)
    a11y(phone, "certificate page")
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Digital credential (signed)").click()
    download = download_info.value
    assert download.suggested_filename == f"credential-{certificate.code}.jwt"
    token = open(download.path()).read()  # noqa: SIM115 (Playwright keeps the file)

    stranger = phone_factory()
    stranger.set_viewport_size({"width": 360, "height": 780})
    stranger.goto(f"{live_server.url}/verify/")
    stranger.get_by_role("link", name="Check a digital credential").click()
    a11y(stranger, "check a credential")
    stranger.get_by_label("Paste the credential").fill(token)
    stranger.get_by_role("button", name="Check").click()
    status = stranger.get_by_role("status")
    assert "Valid" in status.inner_text()
    assert certificate.code in stranger.content()
    assert no_horizontal_scroll(stranger)
    a11y(stranger, "credential checked")
