"""Codes, badge numbers and state badges read as one unit on a 390 px phone; the agency print
view prints as a table. Screenshots of each page go to var/e2e-screenshots/."""

from __future__ import annotations

import pytest
from django.utils import timezone

from certificates.models import Certificate
from courses.models import CoursePage
from lms.demo.people import CAPITAL_CITY
from lms.models import Agency
from lms.rollcall import services
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.demo import load_flow_demo
from tests.factories import make_completion
from tests.printed import page_sizes_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DEMO_PASSWORD = "rollcall-demo"
SUPERVISOR = "supervisor@capital-city-pd.example.org"
OFFICER = "officer@capital-city-pd.example.org"

# Everything that must never break across lines: codes, badge numbers and state badges.
UNBREAKABLE = ".checkin-code, .join-code, .verify-fields__code, .code, .badge, .nowrap, td[data-label='Badge']"
LINES_OF_EACH = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.offsetParent !== null && el.textContent.trim())
  .map((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return [el.textContent.trim(), tops.size];
  })"""


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def assert_codes_on_one_line(page, minimum: int = 1) -> None:
    measured = page.evaluate(LINES_OF_EACH, UNBREAKABLE)
    assert len(measured) >= minimum, measured
    broken = [text for text, lines in measured if lines != 1]
    assert not broken, f"split across lines on {page.url}: {broken}"
    # Every cell of a phone card stays inside the card (nothing pushed past the right edge).
    overflowing = page.evaluate(
        "[...document.querySelectorAll('table.responsive td')]"
        ".filter((td) => td.getBoundingClientRect().right > window.innerWidth + 1)"
        ".map((td) => td.textContent.trim())"
    )
    assert not overflowing, f"cells past the edge on {page.url}: {overflowing}"
    assert no_horizontal_scroll(page), page.url


def test_codes_and_badges_stay_whole_on_a_phone(live_server, phone, a11y, settings):
    settings.ROLLCALL_ENFORCE_MFA = False
    load_flow_demo()
    agency = Agency.objects.get(name=CAPITAL_CITY)
    course = CoursePage.objects.live().filter(issues_certificate=True).first()
    officer = agency.memberships.get(user__email=OFFICER).user
    make_completion(user=officer, course=course, days_ago=3)
    certificate = Certificate.objects.get(completion__user=officer)
    supervisor = agency.memberships.get(user__email=SUPERVISOR).user
    session = services.start_session(
        supervisor=supervisor,
        agency=agency,
        course=course,
        held_on=timezone.localdate(),
        completion_rule="attestation",
    )
    phone.goto(live_server.url + "/")
    # Long words break only where they would overflow; never "anywhere" (mid-word everywhere).
    assert phone.evaluate("getComputedStyle(document.body).overflowWrap") == "break-word"

    sign_in(phone, live_server.url, OFFICER)
    phone.goto(f"{live_server.url}/certificates/")
    a11y(phone, "certificate list with codes")
    assert_codes_on_one_line(phone)
    phone.goto(f"{live_server.url}/verify/{certificate.code}/")
    a11y(phone, "verify page with the code")
    assert_codes_on_one_line(phone)

    phone.context.clear_cookies()
    sign_in(phone, live_server.url, SUPERVISOR)
    for label, path, at_least in [
        ("roll-call session with the check-in code", f"/rollcall/{session.pk}/", 2),
        ("join code", f"/agencies/{agency.pk}/join-code/", 1),
        ("roster with badge numbers", f"/agencies/{agency.pk}/", 3),
        ("agency dashboard with state badges", f"/dashboard/agency/{agency.pk}/", 3),
        ("officer detail with badge number", f"/dashboard/agency/{agency.pk}/officers/{officer.pk}/", 1),
        ("print view", f"/dashboard/agency/{agency.pk}/print/", 3),
    ]:  # fmt: skip
        response = phone.goto(live_server.url + path)
        assert response.ok, path
        a11y(phone, label)
        if label != "print view":  # a wide table scrolls inside its own box, checked below
            assert_codes_on_one_line(phone, at_least)


def test_the_agency_print_view_prints_as_a_table(live_server, phone, settings):
    settings.ROLLCALL_ENFORCE_MFA = False
    load_flow_demo()
    agency = Agency.objects.get(name=CAPITAL_CITY)
    sign_in(phone, live_server.url, SUPERVISOR)
    phone.goto(f"{live_server.url}/dashboard/agency/{agency.pk}/print/")
    for media in ("screen", "print"):
        phone.emulate_media(media=media)
        displays = phone.evaluate(
            "[...document.querySelectorAll('.matrix--print td, .matrix--print th')]"
            ".map((cell) => getComputedStyle(cell).display)"
        )
        assert displays and set(displays) == {"table-cell"}, (media, set(displays))
    pdf = phone.pdf(prefer_css_page_size=True)
    assert page_sizes_in(pdf)[0] == (11.0, 8.5)  # landscape Letter
