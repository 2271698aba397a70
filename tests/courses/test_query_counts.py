"""Course and lesson pages run a bounded number of queries whatever the number of lessons,
officers or past records.

Two bounds: the whole request (session, user, middleware, context processors and the Wagtail
user bar included) stays under MAX_REQUEST_QUERIES, and the page's own work (site, routing,
view restrictions, course data) stays under MAX_PAGE_QUERIES, the issue's "about 10".
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.progress import mark_lesson_complete
from tests.factories import UserFactory, build_course
from tests.helpers import lessons_of

pytestmark = pytest.mark.django_db

# The site-wide part (session, user, role-aware navigation) belongs to other apps and grows as
# they add links; this ceiling only catches something going badly wrong.
MAX_REQUEST_QUERIES = 30
# The "about 10": progress and completion state are two plain queries, which compile
# in a third of the CPU of one query carrying the state as correlated subqueries.
MAX_PAGE_QUERIES = 11
# A lesson page that is not kept yet also reads the two statements its key is made of
# (courses.lesson_response_cache), one of which counts the header's unread notifications; a kept
# page reads only those two.
MAX_LESSON_PAGE_QUERIES = MAX_PAGE_QUERIES + 1
# Per-request work that is not the page's: session, user, roles, MFA, admin-permission checks.
NOT_THE_PAGE = re.compile(
    r'"(django_session|lms_user|lms_membership|lms_agency|mfa_authenticator|auth_group|auth_permission)"'
    r"|SAVEPOINT"
)


def page_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not NOT_THE_PAGE.search(q["sql"])]


def get_counted(client, url, django_assert_max_num_queries, max_page_queries=MAX_PAGE_QUERIES):
    with (
        CaptureQueriesContext(connection) as captured,
        django_assert_max_num_queries(MAX_REQUEST_QUERIES),
    ):
        response = client.get(url)
    assert response.status_code == 200
    own = page_queries(captured)
    assert len(own) <= max_page_queries, "\n".join(own)
    return len(captured.captured_queries)


def busy_course(lessons: int):
    """A course with many lessons and many other officers' records."""
    course = build_course(lessons=lessons)
    pages = lessons_of(course)
    for _ in range(5):
        other = UserFactory()
        for lesson in pages:
            mark_lesson_complete(user=other, lesson=lesson)
    officer = UserFactory()
    for lesson in pages[: lessons // 2]:
        mark_lesson_complete(user=officer, lesson=lesson)
    return course, pages, officer


@pytest.mark.parametrize("lessons", [3, 25])
def test_course_page_query_count_is_bounded(client, django_assert_max_num_queries, lessons):
    course, _pages, officer = busy_course(lessons)
    client.force_login(officer)
    client.get(course.url)  # warm the site-root cache, as in production
    get_counted(client, course.url, django_assert_max_num_queries)


@pytest.mark.parametrize("lessons", [3, 25])
def test_lesson_page_query_count_is_bounded(client, django_assert_max_num_queries, lessons):
    _course, pages, officer = busy_course(lessons)
    client.force_login(officer)
    lesson = pages[len(pages) // 2]
    client.get(lesson.url)
    get_counted(client, lesson.url, django_assert_max_num_queries, MAX_LESSON_PAGE_QUERIES)


def test_course_index_query_count_is_bounded(client, django_assert_max_num_queries):
    for _ in range(6):
        course, _pages, officer = busy_course(2)
    client.force_login(officer)
    url = course.get_parent().url
    client.get(url)
    get_counted(client, url, django_assert_max_num_queries)


def test_page_query_counts_do_not_grow_with_lessons_or_records(django_assert_max_num_queries):
    counts = []
    for lessons in (2, 30):
        course, pages, officer = busy_course(lessons)
        client = Client()  # a new browser each time: the lesson page is not kept yet
        client.force_login(officer)
        client.get(pages[1].url)
        counts.append(
            (
                get_counted(client, course.url, django_assert_max_num_queries),
                get_counted(
                    client, pages[1].url, django_assert_max_num_queries, MAX_LESSON_PAGE_QUERIES
                ),
            )
        )
    assert counts[0] == counts[1]


def test_lesson_body_is_rendered_once_per_publication(client):
    """The body comes from Wagtail's page fragment cache until the lesson is published again."""
    from courses.models import LessonPage

    _course, pages, officer = busy_course(2)
    lesson = pages[0]
    client.force_login(officer)
    assert "Give naloxone" in client.get(lesson.url).content.decode()
    # A change behind Wagtail's back (no publication) is not rendered: the fragment is kept.
    LessonPage.objects.filter(pk=lesson.pk).update(body=[("rich_text", "<p>Unpublished.</p>")])
    assert "Unpublished." not in client.get(lesson.url).content.decode()

    lesson.refresh_from_db()
    lesson.body = [("rich_text", "<p>Updated text.</p>")]
    lesson.save_revision().publish()
    assert "Updated text." in client.get(lesson.url).content.decode()


# The lesson page's own queries, named so a change to any of them is a decision: the site, three
# for Wagtail's routing down to the course index, the lesson by its url_path (one query,
# CourseIndexPage.route), the ancestors' aliases and view restrictions (Wagtail's check), the
# course, its live lessons, the person's progress rows carrying the standing, and the header's
# unread-notification count; before those, the two statements the kept page's key is made of
# (the course's pages; the officer's rows and unread count, so the header does not count again),
# which are all a kept page reads.
LESSON_PAGE_QUERIES = 12
KEPT_LESSON_PAGE_QUERIES = 2


@pytest.mark.parametrize("lessons", [2, 6])
def test_lesson_page_runs_the_same_queries_for_two_or_six_lessons(client, lessons):
    _course, pages, officer = busy_course(lessons)
    client.force_login(officer)
    client.get(pages[1].url)  # warm the site-root cache and set the CSRF cookie, as a browser
    with CaptureQueriesContext(connection) as captured:
        assert client.get(pages[1].url).status_code == 200
    assert len(page_queries(captured)) == LESSON_PAGE_QUERIES, "\n".join(page_queries(captured))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(pages[1].url).status_code == 200
    kept = page_queries(captured)
    assert len(kept) == KEPT_LESSON_PAGE_QUERIES, "\n".join(kept)
