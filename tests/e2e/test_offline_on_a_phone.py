"""The officer app on a phone with no signal: installable, a saved course and the quick reference
card read offline, a lesson completed offline recorded after reconnecting, and nothing of the
officer left on the phone after signing out. Screenshots go to var/e2e-screenshots/."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from certificates.demo import CARD_SLUG
from courses.models import CoursePage, LessonPage, LessonProgress
from tests.e2e.demo import load_flow_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DEMO_PASSWORD = "rollcall-demo"
OFFICER = "officer@river-county-so.example.org"  # has read 2 of the 5 lessons
COURSE_SLUG = "leave-behind-roll-call"
SAVED_PAGES = "caches.keys().then((names) => names.filter((n) => n.startsWith('rollcall-pages-')))"


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def wait_for_the_service_worker(page) -> None:
    """The worker installs on the first page and takes the page over (clients.claim)."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).live().order_by("path"))


def test_officer_installs_saves_a_course_reads_it_offline_and_completion_follows_online(
    live_server, phone, a11y
):
    load_flow_demo()
    course = CoursePage.objects.get(slug=COURSE_SLUG)
    lessons = lessons_of(course)
    officer_lesson = lessons[3]  # never opened: it can only be read offline if saved
    sign_in(phone, live_server.url, OFFICER)
    phone.goto(live_server.url + "/dashboard/")
    wait_for_the_service_worker(phone)

    # Install criteria: a manifest Chromium accepts, with nothing missing.
    cdp = phone.context.new_cdp_session(phone)
    manifest = cdp.send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest["errors"]
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, where Chromium never installs; that is the browser's
    # rule, not the site's. Anything else (manifest, icons, start URL, worker) must be clean.
    assert [error for error in errors if error["errorId"] != "in-incognito"] == []
    a11y(phone, "dashboard with the offline section")

    phone.goto(live_server.url + course.url)
    save = phone.get_by_role("button", name="Save for offline")
    save.click()
    status = phone.locator("[data-offline-status]")
    status.filter(has_text="Saved on this phone on").wait_for()
    assert "KB" in status.inner_text() or "MB" in status.inner_text()
    a11y(phone, "course saved for offline")

    phone.context.set_offline(True)
    phone.goto(live_server.url + officer_lesson.url)
    assert phone.get_by_role("heading", level=1).inner_text() == officer_lesson.title
    banner = phone.get_by_role("status").filter(
        has_text="You are offline: showing the copy saved on"
    )
    assert banner.count() == 1
    a11y(phone, "saved lesson read offline")

    phone.goto(f"{live_server.url}/cards/{CARD_SLUG}/")
    assert phone.locator("article.qrc h1").count() == 1
    assert phone.get_by_text("You are offline: showing the copy saved on").count() == 1
    a11y(phone, "quick reference card read offline")

    # "Complete and continue" without signal: kept on the phone, and the officer reads on.
    phone.goto(live_server.url + officer_lesson.url)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Complete and continue").click()
    assert phone.get_by_role("heading", level=1).inner_text() == lessons[4].title
    phone.get_by_text("1 lesson completion is kept on this phone").wait_for()
    assert not LessonProgress.objects.filter(
        lesson_id=officer_lesson.pk, user__email=OFFICER, completed_at__isnull=False
    ).exists()

    # A page that was never saved: the offline page, not a browser error.
    phone.goto(live_server.url + "/quiz/history/")
    assert phone.get_by_role("heading", level=1).inner_text() == "You are offline"
    a11y(phone, "offline page")

    # Back in signal: the kept completion is sent, once.
    phone.context.set_offline(False)
    phone.goto(live_server.url + "/dashboard/")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if LessonProgress.objects.filter(
            lesson_id=officer_lesson.pk, user__email=OFFICER, completed_at__isnull=False
        ).exists():
            break
        time.sleep(0.25)
    else:
        pytest.fail("The completion kept offline was not sent after reconnecting.")
    phone.get_by_text("Your lesson completion was sent.").wait_for()
    assert LessonProgress.objects.filter(lesson_id=officer_lesson.pk).count() == 1


def test_sign_out_leaves_no_saved_page_of_the_officer(live_server, phone):
    load_flow_demo()
    course = CoursePage.objects.get(slug=COURSE_SLUG)
    lesson = lessons_of(course)[0]
    sign_in(phone, live_server.url, OFFICER)
    phone.goto(live_server.url + "/dashboard/")
    wait_for_the_service_worker(phone)
    phone.goto(live_server.url + lesson.url)
    # An opened lesson is kept for this officer.
    phone.wait_for_function(
        f"{SAVED_PAGES}.then((names) => names.length ? caches.open(names[0])"
        f".then((c) => c.match('{live_server.url}{lesson.url}')).then(Boolean) : false)"
    )

    phone.locator("summary.site-menu__button").click()  # sign-out sits in the header menu
    with phone.expect_navigation():
        phone.get_by_role("button", name="Sign out").click()
    phone.wait_for_load_state()
    assert phone.evaluate(SAVED_PAGES) == []

    phone.context.set_offline(True)
    try:
        phone.goto(live_server.url + lesson.url)
        text = phone.locator("body").inner_text()
    except PlaywrightError:
        text = ""  # no worker left at all: the browser's own "no connection"
    assert lesson.title not in text


def test_a_quiz_answer_is_never_marked_offline_and_the_officer_keeps_their_place(
    live_server, phone, a11y
):
    load_flow_demo()
    course = CoursePage.objects.get(slug=COURSE_SLUG)
    quiz = course.get_children().live().exclude(content_type__model="lessonpage").first()
    sign_in(phone, live_server.url, OFFICER)
    phone.goto(live_server.url + "/dashboard/")
    wait_for_the_service_worker(phone)
    phone.goto(live_server.url + quiz.url)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Start the quiz").click()
    question_url = phone.url
    phone.locator("label.quiz-choice").first.click()

    phone.context.set_offline(True)
    phone.locator("form.quiz-form button[type=submit]").click()
    alert = phone.get_by_role("alert")
    alert.filter(has_text="The quiz needs a connection").wait_for()
    assert phone.url == question_url
    assert phone.locator("label.quiz-choice input:checked").count() == 1  # the answer stays
    a11y(phone, "quiz needs a connection")

    phone.context.set_offline(False)
    with phone.expect_navigation():
        phone.locator("form.quiz-form button[type=submit]").click()
    assert phone.get_by_text("The quiz needs a connection").count() == 0
