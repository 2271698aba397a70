"""An officer's lesson page is kept whole (courses.lesson_response_cache), and every change to
what it shows is on the very next view, whichever code path made it."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from courses.models import LessonPage, LessonProgress
from courses.progress import mark_lesson_complete
from lms.models import Completion
from lms.notifications.kinds import ASSIGNMENT_NEW
from lms.notifications.service import notify
from tests.factories import UserFactory, build_course, make_agency, make_completion, make_member
from tests.helpers import lessons_of

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def view(client, url):
    """(response, kept): kept is True when Wagtail did not route the request (a kept page)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    routed = any('"wagtailcore_site"."hostname"' in q["sql"] for q in captured.captured_queries)
    return response, not routed


def kept_view(client, url):
    """View until the page is kept (the first view sets the CSRF cookie the key needs)."""
    for _ in range(3):
        response, kept = view(client, url)
        if kept:
            return response
    raise AssertionError("the lesson page was never kept")


def without_tokens(html: bytes) -> str:
    return TOKEN.sub("", html.decode())


@pytest.fixture
def course():
    return build_course(lessons=3)


@pytest.fixture
def officer():
    user = UserFactory()
    make_member(agency=make_agency(), user=user)
    return user


@pytest.fixture
def officer_client(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    return client


def test_a_kept_page_is_the_page_and_skips_routing(officer_client, course):
    lesson = lessons_of(course)[1]
    rendered, kept = view(officer_client, lesson.url)
    assert not kept and rendered.status_code == 200
    again = kept_view(officer_client, lesson.url)
    assert without_tokens(again.content) == without_tokens(rendered.content)
    assert again["Cache-Control"] == "no-store"
    assert again["X-Rollcall-Offline"] == "save"  # still offered for offline reading
    with CaptureQueriesContext(connection) as captured:
        officer_client.get(lesson.url)
    # The account, its roles, the course's pages and the officer's facts: nothing else.
    assert len(captured.captured_queries) <= 4, [q["sql"][:80] for q in captured]


def test_the_kept_pages_form_still_records_the_lesson(officer_client, officer, course):
    first, second, _third = lessons_of(course)
    page = kept_view(officer_client, first.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = officer_client.post(
        f"/learn/lessons/{first.pk}/complete/", {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert LessonProgress.objects.get(user=officer, lesson=first).completed_at is not None


def test_completing_a_lesson_shows_on_the_next_view(officer_client, officer, course):
    lesson = lessons_of(course)[0]
    assert "Completed" not in kept_view(officer_client, lesson.url).content.decode()
    mark_lesson_complete(user=officer, lesson=lesson)
    response, kept = view(officer_client, lesson.url)
    assert not kept
    assert "Completed: continue" in response.content.decode()
    assert "1 of 3 lessons completed" in response.content.decode()


def test_progress_changed_behind_the_orm_shows(officer_client, officer, course):
    lesson = lessons_of(course)[0]
    mark_lesson_complete(user=officer, lesson=lesson)
    assert "1 of 3 lessons completed" in kept_view(officer_client, lesson.url).content.decode()
    LessonProgress.objects.filter(user=officer).delete()  # a bulk delete sends no signal
    assert "0 of 3 lessons completed" in officer_client.get(lesson.url).content.decode()


def test_a_ledger_entry_shows_on_the_next_view(officer_client, officer, course):
    lesson = lessons_of(course)[0]
    assert 'value="0"' in kept_view(officer_client, lesson.url).content.decode()
    make_completion(user=officer, course=course, method="roll_call")  # recorded at roll call
    assert 'value="100"' in officer_client.get(lesson.url).content.decode()


def test_an_opening_renewal_window_shows_when_the_clock_passes_it(officer_client, officer):
    course = build_course(lessons=2, recertification_months=12, renewal_window_days=30)
    lesson = lessons_of(course)[0]
    for item in lessons_of(course):
        mark_lesson_complete(user=officer, lesson=item)
    entry = Completion.objects.get(user=officer, course=course)
    assert "2 of 2 lessons completed" in kept_view(officer_client, lesson.url).content.decode()
    in_window = entry.expires_at - timedelta(days=10)
    with mock.patch("django.utils.timezone.now", return_value=in_window):
        page = officer_client.get(lesson.url).content.decode()
    # A renewal counts only what is done after the last completion: the lessons start over.
    assert "0 of 2 lessons completed" in page


def test_a_new_notification_shows_in_the_header(officer_client, officer, course):
    lesson = lessons_of(course)[0]
    assert "none unread" in kept_view(officer_client, lesson.url).content.decode()
    notify(
        kind=ASSIGNMENT_NEW,
        recipients=[officer],
        key="test-1",
        title="New training assigned",
    )
    assert (
        '1<span class="visually-hidden"> unread' in officer_client.get(lesson.url).content.decode()
    )


def test_publishing_renaming_reordering_and_unpublishing_show(officer_client, course):
    first, second, third = lessons_of(course)
    assert "Lesson 2 of 3" in kept_view(officer_client, second.url).content.decode()

    second.title = "Recovery position"
    second.save_revision().publish()
    assert "<h1>Recovery position</h1>" in officer_client.get(second.url).content.decode()

    LessonPage.objects.get(pk=third.pk).move(LessonPage.objects.get(pk=first.pk), pos="left")
    assert "Lesson 3 of 3" in officer_client.get(second.url).content.decode()

    LessonPage.objects.get(pk=third.pk).unpublish()  # the third lesson, moved first
    assert "Lesson 2 of 2" in officer_client.get(second.url).content.decode()

    LessonPage.objects.get(pk=second.pk).unpublish()
    assert officer_client.get(second.url).status_code == 404


def test_a_waiting_message_is_shown_not_hidden_behind_a_kept_page(officer_client, course):
    lesson = lessons_of(course)[0]
    kept_view(officer_client, lesson.url)
    storage = CookieStorage(HttpRequest())
    officer_client.cookies["messages"] = storage._encode(
        [Message(constants.INFO, "Welcome back to roll call")]
    )
    response, kept = view(officer_client, lesson.url)
    assert not kept
    assert "Welcome back to roll call" in response.content.decode()


def test_two_officers_never_see_each_others_page(course):
    lesson = lessons_of(course)[0]
    done, fresh = UserFactory(), UserFactory()
    mark_lesson_complete(user=done, lesson=lesson)
    done_client, fresh_client = Client(), Client()
    done_client.force_login(done)
    fresh_client.force_login(fresh)
    assert "1 of 3" in kept_view(done_client, lesson.url).content.decode()
    assert "0 of 3" in kept_view(fresh_client, lesson.url).content.decode()


def test_each_browser_keeps_its_own_page_for_its_own_form_token(officer, course):
    lesson = lessons_of(course)[0]
    phone, desktop = Client(), Client()
    phone.force_login(officer)
    desktop.force_login(officer)
    kept_view(phone, lesson.url)
    _response, kept = view(desktop, lesson.url)
    assert not kept  # another CSRF cookie: another page


def test_supervisors_pages_are_never_kept(course):
    supervisor = UserFactory()
    make_member(agency=make_agency(), user=supervisor, role="supervisor")
    client = Client()
    client.force_login(supervisor)
    lesson = lessons_of(course)[0]
    for _ in range(3):
        response, kept = view(client, lesson.url)
        assert response.status_code == 200 and not kept


def test_a_view_restriction_added_later_is_enforced(officer_client, course):
    lesson = lessons_of(course)[0]
    kept_view(officer_client, lesson.url)
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Instructors only"))
    response = officer_client.get(lesson.url)
    # Wagtail's own check answers: the officer is not in the group, so it asks to sign in.
    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/?next=")


def test_signed_out_or_deactivated_people_get_no_kept_page(officer_client, officer, course):
    lesson = lessons_of(course)[0]
    kept_view(officer_client, lesson.url)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    response = officer_client.get(lesson.url)
    assert response.status_code == 302  # signed out: the private course asks to sign in
    assert response["Location"].startswith("/accounts/login/")


def test_a_query_string_is_never_kept(officer_client, course):
    lesson = lessons_of(course)[0]
    kept_view(officer_client, lesson.url)
    _response, kept = view(officer_client, f"{lesson.url}?from=dashboard")
    assert not kept


def test_a_completion_dated_ahead_does_not_count_yet_on_a_kept_page(
    officer_client, officer, course
):
    """The ledger's times come back as text from SQLite: the standing must still be worked out
    (a completion in the future does not count yet)."""
    lesson = lessons_of(course)[0]
    make_completion(user=officer, course=course, days_ago=-2)  # dated two days ahead
    page = kept_view(officer_client, lesson.url).content.decode()
    assert 'value="0"' in page
