"""An ORS author writes a lesson in the Wagtail admin and a reviewer publishes it (desktop)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from courses.models import CoursePage, LessonPage
from tests.e2e.demo import load_flow_demo
from tests.factories import TEST_PASSWORD, UserFactory

# serialized_rollback: other transactional tests flush the tables, including the home page,
# groups and workflow that migrations create; these tests need them back.
WAGTAIL_OWN_STYLES = [".messages", ".w-header .button-small", ".w-header a[href$='view_draft/']"]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def test_author_writes_a_lesson_submits_the_course_and_a_reviewer_publishes_both(
    live_server, browser, a11y
):
    """The whole-course review: the author saves a lesson as a draft (lessons have no review
    of their own), submits the course, and the reviewer's one approval publishes both.
    Wagtail's admin pages are checked with axe-core too, except Wagtail's own flash message and
    page-status buttons, whose colours are Wagtail's (its "more contrast" preference fixes them
    for users who need it)."""
    load_flow_demo()
    author = UserFactory(email="author@ors.example.org", first_name="Ada", last_name="Author")
    author.groups.add(Group.objects.get(name="ORS Authors"))
    reviewer = UserFactory(email="reviewer@ors.example.org", first_name="Rey", last_name="Viewer")
    reviewer.groups.add(Group.objects.get(name="ORS Reviewers"))
    course = CoursePage.objects.get(slug="leave-behind-roll-call")

    author_context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = author_context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, author.email)
    page.goto(f"{live_server.url}/admin/pages/add/courses/lessonpage/{course.pk}/")
    a11y(page, "admin add lesson")
    page.locator("#id_title").fill("Talking with families at the scene")
    page.locator("#id_title").press("Tab")  # Wagtail fills the slug from the title on blur
    page.wait_for_function("document.querySelector('#id_slug').value !== ''")
    page.locator("#id_estimated_minutes").fill("6")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").first.click()
    page.get_by_text("Talking with families at the scene").first.wait_for()
    lesson = LessonPage.objects.get(title="Talking with families at the scene")
    assert not lesson.live
    assert lesson.current_workflow_state is None
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit to ORS course review").click()
    course.refresh_from_db()
    assert course.current_workflow_state.status == "in_progress"
    a11y(page, "admin submitted", exclude=WAGTAIL_OWN_STYLES)
    author_context.close()

    reviewer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = reviewer_context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, reviewer.email)
    page.goto(f"{live_server.url}/admin/courses/{course.pk}/review/")
    assert page.get_by_text("Talking with families at the scene").first.is_visible()
    a11y(page, "admin whole-course review")
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve").first.click()
    assert page.get_by_text("has been updated").first.is_visible()
    lesson.refresh_from_db()
    assert lesson.live
    reviewer_context.close()


def test_the_preview_panel_shows_the_lesson_being_edited(live_server, browser):
    """The editor's live preview frames the page from the admin: it must load, not show the
    browser's "refused to connect" page."""
    load_flow_demo()
    author = UserFactory(email="author@ors.example.org", first_name="Ada", last_name="Author")
    author.groups.add(Group.objects.get(name="ORS Authors"))
    lesson = LessonPage.objects.live().first()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, author.email)
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    page.locator("[aria-label='Toggle preview']").first.click()
    frame = page.frame_locator("#w-preview-iframe")
    frame.locator("h1").first.wait_for()
    assert lesson.title in frame.locator("h1").first.inner_text()
    context.close()


def test_a_reviewer_walks_the_course_preview_and_takes_the_quiz_in_the_preview_panel(
    live_server, browser
):
    """The course preview links to each page's own preview (never to the public pages, which
    refuse to be framed), and the quiz's preview panel lets an editor take it, graded, with
    nothing recorded."""
    from courses.quiz.models import AttemptQuestion, QuizAttempt, QuizPage

    load_flow_demo()
    reviewer = UserFactory(email="reviewer@ors.example.org", first_name="Rey", last_name="Viewer")
    reviewer.groups.add(Group.objects.get(name="ORS Reviewers"))
    course = CoursePage.objects.get(slug="leave-behind-roll-call")
    first = LessonPage.objects.child_of(course).live().order_by("path").first()
    quiz = QuizPage.objects.child_of(course).get()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, reviewer.email)

    page.goto(f"{live_server.url}/admin/pages/{course.pk}/view_draft/")
    with page.expect_navigation():
        page.locator(".lesson-list__link").first.click()
    assert "/admin/pages/" in page.url
    assert first.title in page.locator("h1").first.inner_text()
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/view_draft/")
    with page.expect_navigation():
        page.locator(".lesson-list__link", has_text=quiz.title).click()
    assert "/admin/pages/" in page.url

    page.goto(f"{live_server.url}/admin/pages/{quiz.pk}/edit/")
    page.locator("[aria-label='Toggle preview']").first.click()
    frame = page.frame_locator("#w-preview-iframe")
    frame.get_by_text("A try: nothing is recorded.").wait_for()
    for fieldset in frame.locator("fieldset.quiz-question").all():
        fieldset.locator("input[type=radio], input[type=checkbox]").first.check()
    frame.get_by_role("button", name="Grade my answers").click()
    frame.get_by_role("heading", name=re.compile(r"^(Passed|Not passed): \d+ of 16")).wait_for()
    assert not QuizAttempt.objects.exists() and not AttemptQuestion.objects.exists()
    context.close()
