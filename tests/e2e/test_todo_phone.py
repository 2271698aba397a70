"""The to-do list and the finish line on a 390 x 844 phone: the list's order and buttons, the
compact header (at most 64 px tall, measured), the menu by keyboard, and "Course complete"
after passing a quiz."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import LessonPage
from courses.progress import mark_lesson_complete
from lms.models import Assignment
from tests.courses.quiz.helpers import make_quiz, sample_questions
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.test_officer_journey import answer_every_question
from tests.factories import TEST_PASSWORD, UserFactory, build_course, make_agency, make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


@pytest.fixture
def officer_with_work():
    agency = make_agency(name="Capital City Police Department (fictional)")
    officer = make_member(
        agency=agency, user=UserFactory(email="dana@example.org", first_name="Dana")
    ).user
    overdue = build_course(title="Overdue refresher", lessons=2)
    started = build_course(title="Started course", lessons=2)
    Assignment.objects.create(
        user=officer,
        agency=agency,
        course=overdue,
        due_on=timezone.localdate() - timedelta(days=3),
    )
    mark_lesson_complete(
        user=officer, lesson=LessonPage.objects.child_of(started).order_by("path").first()
    )
    return officer


def test_the_to_do_list_header_and_menu_on_a_phone(live_server, phone, a11y, officer_with_work):
    sign_in(phone, live_server.url, officer_with_work.email)
    phone.goto(live_server.url + "/dashboard/")
    assert no_horizontal_scroll(phone)
    for width, height in ((390, 844), (360, 740)):
        phone.set_viewport_size({"width": width, "height": height})
        header = phone.locator("header.site-header").bounding_box()
        assert header["height"] <= 64, f"the header is {header['height']} px tall at {width} px"
        menu = phone.locator("summary.site-menu__button").bounding_box()
        assert menu["x"] + menu["width"] <= width, f"the menu button overflows at {width} px"
        assert menu["height"] >= 44
    phone.set_viewport_size({"width": 390, "height": 844})
    titles = phone.locator(".todo-item__title").all_inner_texts()
    assert titles == ["Overdue refresher", "Started course"]
    buttons = [
        text.split(":")[0].strip() for text in phone.locator(".todo-item__action").all_inner_texts()
    ]
    assert buttons == ["Start", "Continue"]
    assert phone.get_by_text("1 of 2 lessons done").is_visible()
    assert phone.locator(".site-header__count").inner_text() == "2"
    a11y(phone, "to-do list")

    # The menu, by keyboard only: Tab to the menu button, open it, Tab into its links.
    for _ in range(8):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.matches('summary.site-menu__button')"):
            break
    else:
        raise AssertionError("Tab never reached the menu button")
    phone.keyboard.press("Enter")
    assert phone.locator("details.site-menu").get_attribute("open") is not None
    phone.keyboard.press("Tab")
    focused = phone.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect();"
        " return [document.activeElement.textContent.trim(), r.height]; })()"
    )
    assert focused[0] == "To do and dashboard" and focused[1] >= 44
    assert phone.get_by_role("link", name="Certificates", exact=True).is_visible()
    a11y(phone, "menu open")


def test_passing_the_quiz_on_a_phone_reaches_the_finish_line(
    live_server, phone, a11y, officer_with_work
):
    course = build_course(title="Leave-behind naloxone", lessons=1, recertification_months=24)
    quiz = make_quiz(course=course, questions=sample_questions(3))
    lesson = LessonPage.objects.child_of(course).get()
    sign_in(phone, live_server.url, officer_with_work.email)

    phone.goto(live_server.url + quiz.url)
    assert phone.get_by_text("1 of 1 lesson not done yet.").is_visible()
    phone.goto(live_server.url + lesson.url)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Complete and continue").click()
    assert quiz.title in phone.locator("h1").inner_text()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Start the quiz").click()
    answer_every_question(phone, correctly=True)
    assert phone.get_by_role("heading", name="Course complete").is_visible()
    assert phone.get_by_role("link", name="Download your certificate (PDF)").is_visible()
    assert phone.get_by_text("Next on your list").is_visible()
    assert no_horizontal_scroll(phone)
    a11y(phone, "finish line")

    # The certificate's own page, and the account page where the printed name is corrected.
    with phone.expect_navigation():
        phone.get_by_role("link", name="Certificate details").click()
    assert phone.get_by_text(
        "The certificate already prints the name on your account."
    ).is_visible()
    assert no_horizontal_scroll(phone)
    a11y(phone, "certificate page")
    phone.goto(live_server.url + "/account/profile/")
    phone.get_by_label("Last name").fill("Reyes-Ortiz")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Save").click()
    assert no_horizontal_scroll(phone)
    a11y(phone, "name and badge saved")
