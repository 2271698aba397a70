"""Codes, badge numbers and state badges read as one unit on a 390 px phone, and no short word
is broken mid-word ("Na m e"); the agency print view and the sign-in sheet print as real tables.
Screenshots of each page go to var/e2e-screenshots/."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from certificates.models import Certificate
from cms.demo.toolkit import load_toolkit
from cms.sop import adopt_sop
from courses.models import CoursePage
from lms.demo.people import CAPITAL_CITY
from lms.models import Agency
from lms.rollcall import services
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.demo import load_flow_demo
from tests.factories import make_completion
from tests.printed import page_sizes_in, page_text, page_words, pdf_pages

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


# The same, found by what the text is rather than by its class: certificate codes, "#1001" and
# "Badge #1001", and the six-digit check-in code.
CODE_PATTERNS = [r"RC-[A-Z0-9]{4}-[A-Z0-9]{4}", r"(?:Badge )?#\d+", r"\b\d{6}\b"]
# Every visible word of up to 12 letters or digits (a hyphen or a slash may end a line, a
# letter may not), outside e-mail and web addresses, which may break where they would overflow.
SHORT_WORD = r"[\p{L}\p{N}]{2,12}"
LINES_OF_MATCHES = r"""([patterns, skipAddresses]) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, .visually-hidden") || !parent.getClientRects().length) continue;
    if (skipAddresses && /[@\/]|\w\.\w/.test(node.textContent)) continue;
    for (const source of patterns) {
      const pattern = new RegExp(source, "gu");
      for (const match of node.textContent.matchAll(pattern)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size) found.push([match[0], tops.size]);
      }
    }
  }
  return found;
}"""


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
    codes = page.evaluate(LINES_OF_MATCHES, [CODE_PATTERNS, False])
    assert not [text for text, lines in codes if lines != 1], (page.url, codes)
    assert_no_word_broken(page)


def assert_no_word_broken(page) -> None:
    words = page.evaluate(LINES_OF_MATCHES, [[SHORT_WORD], True])
    assert words, page.url
    broken = sorted({text for text, lines in words if lines != 1})
    assert not broken, f"words broken mid-word on {page.url}: {broken}"


def _attended_today(*, agency, supervisor, officer, course):
    """A roll-call session held today at the agency, the officer ticked present."""
    session = services.start_session(
        supervisor=supervisor,
        agency=agency,
        course=course,
        held_on=timezone.localdate(),
        completion_rule="attestation",
    )
    services.tick_attendees(session=session, user_ids=[officer.pk])
    return session


def test_codes_and_badges_stay_whole_on_a_phone(live_server, phone, a11y, settings):
    settings.ROLLCALL_ENFORCE_MFA = False
    load_flow_demo()
    load_toolkit(io.StringIO())
    agency = Agency.objects.get(name=CAPITAL_CITY)
    course = CoursePage.objects.live().filter(issues_certificate=True).first()
    officer = agency.memberships.get(user__email=OFFICER).user
    make_completion(user=officer, course=course, days_ago=3)
    certificate = Certificate.objects.get(completion__user=officer)
    supervisor = agency.memberships.get(user__email=SUPERVISOR).user
    adopt_sop(agency=agency, adopted_by=supervisor, title="Leave-behind SOP",
              text="1. PURPOSE\n\nOfficers leave a kit after every overdose call.",
              adopted_on=timezone.localdate())  # fmt: skip
    session = _attended_today(agency=agency, supervisor=supervisor, officer=officer, course=course)
    phone.goto(live_server.url + "/")
    # Long words break only where they would overflow; never "anywhere" (mid-word everywhere).
    assert phone.evaluate("getComputedStyle(document.body).overflowWrap") == "break-word"

    sign_in(phone, live_server.url, OFFICER)
    for label, path in [
        ("certificate list with codes", "/certificates/"),
        ("certificate page with its code", f"/certificates/{certificate.code}/"),
        ("dashboard with the certificate code", "/dashboard/"),
        ("verify page with the code", f"/verify/{certificate.code}/"),
    ]:
        assert phone.goto(live_server.url + path).ok, path
        a11y(phone, label)
        assert_codes_on_one_line(phone)

    phone.context.clear_cookies()
    sign_in(phone, live_server.url, SUPERVISOR)
    for label, path, at_least in [
        ("roll-call session with the check-in code", f"/rollcall/{session.pk}/", 2),
        ("full-screen check-in code", f"/rollcall/{session.pk}/code/", 1),
        ("sign-in sheet with a badge number", f"/rollcall/{session.pk}/sign-in-sheet/", 1),
        ("join code", f"/agencies/{agency.pk}/join-code/", 1),
        ("roster with badge numbers", f"/agencies/{agency.pk}/", 3),
        ("SOP acknowledgements with badge numbers", f"/sop/agency/{agency.pk}/", 3),
        ("agency dashboard with state badges", f"/dashboard/agency/{agency.pk}/", 3),
        ("officer detail with badge number", f"/dashboard/agency/{agency.pk}/officers/{officer.pk}/", 1),
        ("print view", f"/dashboard/agency/{agency.pk}/print/", 3),
    ]:  # fmt: skip
        response = phone.goto(live_server.url + path)
        assert response.ok, path
        # The projector's code screen reloads itself as the code changes (a meta refresh, which
        # axe-core reports; it is the roll-call screen's design, not this test's subject).
        a11y(phone, label, exclude=['meta[http-equiv="refresh"]'] if "/code/" in path else None)
        if label == "print view":  # a wide table scrolls inside its own box, checked below
            assert_no_word_broken(phone)
        else:
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
    # On paper it reads as a table: the header across the top, each officer's name and badge
    # number side by side on one line under their headings (not a phone card's stacked lines).
    words = page_words(pdf)
    officer_heading = next(w for w in words if w.text == "Officer")
    badge_heading = next(w for w in words if w.text == "Badge")
    assert abs(badge_heading.top - officer_heading.top) < 3
    name = next(w for w in words if w.text == "Chen,")
    badge = next(w for w in words if w.text == "1001")
    assert abs(badge.top - name.top) < 3 and name.top > officer_heading.top
    assert officer_heading.x0 - 2 <= name.x0 < badge_heading.x0 - 2 <= badge.x0


def test_the_sign_in_sheet_prints_from_the_browser_with_rows_to_sign_in(
    live_server, phone, settings
):
    settings.ROLLCALL_ENFORCE_MFA = False
    load_flow_demo()
    agency = Agency.objects.get(name=CAPITAL_CITY)
    course = CoursePage.objects.live().filter(issues_certificate=True).first()
    supervisor = agency.memberships.get(user__email=SUPERVISOR).user
    officer = agency.memberships.get(user__email=OFFICER).user
    session = _attended_today(agency=agency, supervisor=supervisor, officer=officer, course=course)
    sign_in(phone, live_server.url, SUPERVISOR)
    phone.goto(f"{live_server.url}/rollcall/{session.pk}/sign-in-sheet/")
    phone.emulate_media(media="print")

    pdf = phone.pdf(prefer_css_page_size=True)

    assert page_sizes_in(pdf)[0] == (8.5, 11.0)  # US Letter portrait
    words = page_words(pdf)
    header = next(w for w in words if w.text == "Signature")
    attest = next(w for w in words if w.text == "attest")
    rows = [w for w in words if header.top < w.top < attest.top]
    assert min(w.size for w in rows) >= 10
    numbers = sorted(w.top for w in rows if w.text.isdigit() and w.x1 < header.x0 / 4)
    assert len(numbers) >= 6  # the officer and at least five walk-in rows
    assert min(b - a for a, b in zip(numbers, numbers[1:], strict=False)) >= 0.35 * 72
    assert sum(w.text == "Walk-in" for w in rows) >= 5
    x = {w.text: w.x0 for w in words if w.text in {"Name", "Badge"}}
    assert x["Badge"] - x["Name"] >= 2 * 72  # room to print a name by hand
    text = page_text(pdf)
    assert "Olivia" in text and "Supervisor's signature" in text
    with pdf_pages(pdf) as document:  # every cell boxed, like the PDF sheet
        assert len(document.pages[0].rects) + len(document.pages[0].lines) >= 6 * 5
