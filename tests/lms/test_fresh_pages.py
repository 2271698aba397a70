"""Every page shows fresh data at once after any write, to the right person only, and nothing
credential-bearing is ever put in the cache (rendered fragments are keyed on what they show)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonProgress
from courses.progress import mark_lesson_complete
from lms.access import ORS_STAFF_GROUP
from lms.records.assignments import assign_course, assign_standing_courses
from tests.factories import (
    TEST_PASSWORD,
    UserFactory,
    build_course,
    make_agency,
    make_completion,
    make_member,
)
from tests.helpers import lessons_of, signed_in_client

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def seen(client, url) -> str:
    """The page as seen a second time: whatever the first view put in the cache is used."""
    page(client, url)
    return page(client, url)


@pytest.fixture
def course():
    return build_course(lessons=3)


@pytest.fixture
def officer():
    return UserFactory()


def test_the_course_page_shows_progress_at_once(course, officer):
    one, two, _ = lessons_of(course)
    client = signed_in_client(officer)
    assert "0 of 3 lessons completed" in seen(client, course.url)
    client.post(reverse("courses:lesson_complete", args=[one.pk]))
    html = page(client, course.url)
    assert "1 of 3 lessons completed" in html
    assert f"Continue: {two.title}" in html


def test_the_lesson_page_shows_its_completion_at_once(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in_client(officer)
    assert "0 of 3 lessons completed" in seen(client, lesson.url)
    client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    html = page(client, lesson.url)
    assert "1 of 3 lessons completed" in html and "Completed: continue" in html


def test_another_person_never_gets_someone_elses_progress(course, officer):
    one = lessons_of(course)[0]
    client = signed_in_client(officer)
    client.post(reverse("courses:lesson_complete", args=[one.pk]))
    assert "1 of 3 lessons completed" in seen(client, course.url)
    assert "1 of 3 lessons completed" in seen(client, one.url)
    stranger = signed_in_client(UserFactory())
    assert "0 of 3 lessons completed" in seen(stranger, course.url)
    assert "0 of 3 lessons completed" in seen(stranger, one.url)


def test_republishing_a_lesson_shows_the_new_text_at_once(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in_client(officer)
    seen(client, lesson.url)
    lesson.body = [("rich_text", "<p>Check for breathing every two minutes.</p>")]
    lesson.save_revision().publish()
    assert "Check for breathing every two minutes." in page(client, lesson.url)


def test_renaming_a_lesson_shows_the_new_title_on_the_course_and_its_neighbours(course, officer):
    one, two, _ = lessons_of(course)
    client = signed_in_client(officer)
    seen(client, course.url)
    seen(client, one.url)
    two.title = "Rescue breathing, revised"
    two.save_revision().publish()
    assert "Rescue breathing, revised" in page(client, course.url)
    assert "Rescue breathing, revised" in page(client, one.url)  # the "Next" link


def test_a_lesson_taken_down_leaves_the_course_at_once(course, officer):
    one, two, three = lessons_of(course)
    client = signed_in_client(officer)
    assert "Lesson 1 of 3" in seen(client, one.url)
    seen(client, course.url)
    three.unpublish()
    assert "Lesson 1 of 2" in page(client, one.url)
    assert "0 of 2 lessons completed" in page(client, course.url)


def test_after_logout_the_old_session_cookie_gets_no_page(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in_client(officer)
    seen(client, lesson.url)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies["sessionid"] = stolen
    response = replay.get(lesson.url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_deactivated_officer_is_signed_out_on_the_next_request(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in_client(officer)
    seen(client, lesson.url)
    officer.is_active = False
    officer.save()
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_password_change_elsewhere_ends_this_session(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in_client(officer)
    seen(client, lesson.url)
    officer.set_password("a-completely-new-long-passphrase-9")
    officer.save()
    assert client.get(lesson.url).status_code == 302


def test_a_deleted_person_is_signed_out_on_the_next_request(officer):
    client = signed_in_client(officer)
    seen(client, "/dashboard/")
    officer.delete()
    response = client.get("/dashboard/")
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_waiting_message_is_shown_once(course, officer):
    lessons = lessons_of(course)
    client = signed_in_client(officer)
    for lesson in lessons[:-1]:
        client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    seen(client, course.url)
    # The last lesson completes the course: "Course complete" waits for the next page.
    response = client.post(reverse("courses:lesson_complete", args=[lessons[-1].pk]))
    assert response["Location"] == course.url
    assert "Course complete. Well done." in page(client, course.url)
    assert "Course complete. Well done." not in page(client, course.url)


def test_promotion_to_supervisor_shows_the_agency_link_on_the_next_page(course, officer):
    lesson = lessons_of(course)[0]
    membership = make_member(agency=make_agency(), user=officer, role="officer")
    client = signed_in_client(officer)
    agency_link = reverse("lms:agency_list")
    assert agency_link not in seen(client, lesson.url)
    membership.role = "supervisor"
    membership.save()
    assert agency_link in page(client, lesson.url)


def test_joining_ors_staff_from_the_group_side_is_seen_on_the_next_request(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in_client(officer)
    agency_link = reverse("lms:agency_list")
    assert agency_link not in seen(client, lesson.url)
    group, _ = Group.objects.get_or_create(name=ORS_STAFF_GROUP)
    group.user_set.add(officer)
    assert agency_link in page(client, lesson.url)
    group.user_set.clear()
    assert agency_link not in page(client, "/dashboard/")
    assert agency_link not in page(client, lesson.url)


def test_a_new_supervisor_is_sent_to_mfa_set_up_on_the_next_request(settings, course, officer):
    settings.ROLLCALL_ENFORCE_MFA = True
    lesson = lessons_of(course)[0]
    membership = make_member(agency=make_agency(), user=officer, role="officer")
    client = signed_in_client(officer)
    seen(client, lesson.url)
    membership.role = "supervisor"
    membership.save()
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_permission_given_to_the_person_directly_is_seen_on_the_next_request(officer):
    client = signed_in_client(officer)
    admin_link = 'href="/admin/"'
    assert admin_link not in seen(client, "/dashboard/")
    officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    assert admin_link in page(client, "/dashboard/")


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_the_dashboard_shows_a_new_assignment_at_once(course, officer):
    agency = make_agency()
    make_member(agency=agency, user=officer)
    supervisor = make_member(agency=agency, role="supervisor").user
    client = signed_in_client(officer)
    assert "Nothing to do right now." in _section(seen(client, "/dashboard/"), "todo-heading")
    # Written with bulk_create, which sends no signal: nothing has to be told.
    assign_course(
        course=course, due_on=timezone.localdate() + timedelta(days=7), agencies=[agency],
        assigned_by=supervisor,
    )  # fmt: skip
    assert course.title in _section(page(client, "/dashboard/"), "todo-heading")


def test_joining_an_agency_with_a_standing_assignment_shows_it_on_the_dashboard(course, officer):
    agency = make_agency()
    supervisor = make_member(agency=agency, role="supervisor").user
    assign_course(
        course=course, due_on=timezone.localdate() + timedelta(days=7), agencies=[agency],
        assigned_by=supervisor,
    )  # fmt: skip
    client = signed_in_client(officer)
    membership = make_member(agency=agency, user=officer)
    assert course.title not in _section(seen(client, "/dashboard/"), "todo-heading")
    assign_standing_courses(membership=membership)
    assert course.title in _section(page(client, "/dashboard/"), "todo-heading")


def test_a_completion_shows_on_the_dashboard_at_once(course, officer):
    client = signed_in_client(officer)
    assert course.title not in _section(seen(client, "/dashboard/"), "history-heading")
    make_completion(user=officer, course=course)
    assert course.title in _section(page(client, "/dashboard/"), "history-heading")


def test_progress_deleted_with_a_queryset_shows_at_once(course, officer):
    """Code that bypasses model saves and signals (a queryset delete) needs to tell nobody."""
    lesson = lessons_of(course)[0]
    client = signed_in_client(officer)
    client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    assert "1 of 3 lessons completed" in seen(client, course.url)
    LessonProgress.objects.filter(user=officer).delete()
    assert "0 of 3 lessons completed" in page(client, course.url)
    assert "0 of 3 lessons completed" in page(client, lesson.url)


def _cached_values() -> list[bytes]:
    """Every value in the test settings' local-memory cache, as stored (pickled)."""
    return list(cache._cache.values())


def test_no_cache_value_holds_the_password_hash_after_sign_in_and_page_views(course, officer):
    make_member(agency=make_agency(), user=officer)
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": officer.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    for url in ("/dashboard/", course.url, *(lesson.url for lesson in lessons_of(course))):
        seen(client, url)
    officer.refresh_from_db()
    digest = officer.password.rsplit("$", 1)[-1].encode()
    values = _cached_values()
    assert values, "the pages cached nothing: this test would prove nothing"
    assert not [value for value in values if digest in value]


def test_deleting_many_progress_rows_is_one_statement(course, officer):
    """Django's fast delete: no receiver on every model turns it into a query per row."""
    for lesson in lessons_of(course):
        mark_lesson_complete(user=officer, lesson=lesson)
    with CaptureQueriesContext(connection) as captured:
        deleted, _ = LessonProgress.objects.filter(user=officer).delete()
    assert deleted == 3
    statements = [q["sql"] for q in captured.captured_queries if "lessonprogress" in q["sql"]]
    assert len(statements) == 1 and statements[0].startswith("DELETE"), statements
