"""The personal page cache (lms.page_cache) and the roles kept per session (lms.roles).

A cached lesson comes back with no query at all, but never to anyone else, never after the
person's progress, roles or account changed, and never after the content was republished.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.access import ORS_STAFF_GROUP
from tests.factories import UserFactory, build_course, make_agency, make_member

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return [page.specific for page in course.get_children().order_by("path")]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def visit(client, url) -> tuple[str, int]:
    """(page text, queries run) for one GET that must succeed."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode(), len(captured.captured_queries)


def warm(client, url) -> str:
    """Two visits: the first sets the CSRF cookie the page's forms use, the second is kept."""
    client.get(url)
    html, queries = visit(client, url)
    assert queries > 0
    return html


@pytest.fixture
def course():
    return build_course(lessons=3)


@pytest.fixture
def officer():
    return UserFactory()


def test_a_repeated_lesson_is_served_from_the_cache_with_no_query(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    first = warm(client, lesson.url)
    again, queries = visit(client, lesson.url)
    assert queries == 0
    assert again == first
    response = client.get(lesson.url)
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_course_page_is_cached_too_and_shows_progress_at_once(course, officer):
    one, two, _ = lessons_of(course)
    client = signed_in(officer)
    assert "0 of 3 lessons completed" in warm(client, course.url)
    assert visit(client, course.url)[1] == 0

    client.post(reverse("courses:lesson_complete", args=[one.pk]))
    html, queries = visit(client, course.url)
    assert queries > 0
    assert "1 of 3 lessons completed" in html
    assert f"Continue: {two.title}" in html


def test_another_session_of_the_same_person_does_not_get_the_first_ones_page(course, officer):
    lesson = lessons_of(course)[0]
    warm(signed_in(officer), lesson.url)
    other = signed_in(officer)
    other.get(lesson.url)
    assert visit(other, lesson.url)[1] > 0  # rendered for this session, not taken from the other


def test_another_person_never_gets_someone_elses_page(course, officer):
    one = lessons_of(course)[0]
    client = signed_in(officer)
    client.post(reverse("courses:lesson_complete", args=[one.pk]))
    assert "1 of 3 lessons completed" in warm(client, course.url)
    stranger = signed_in(UserFactory())
    stranger.get(course.url)
    theirs, queries = visit(stranger, course.url)
    assert queries > 0
    assert "0 of 3 lessons completed" in theirs


def test_republishing_a_lesson_shows_the_new_text_at_once(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    warm(client, lesson.url)
    lesson.body = [("rich_text", "<p>Check for breathing every two minutes.</p>")]
    lesson.save_revision().publish()
    assert "Check for breathing every two minutes." in visit(client, lesson.url)[0]


def test_after_logout_the_old_session_cookie_gets_no_cached_page(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    warm(client, lesson.url)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies["sessionid"] = stolen
    replay.cookies["csrftoken"] = client.cookies["csrftoken"].value
    response = replay.get(lesson.url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_deactivated_officer_is_signed_out_even_from_a_cached_page(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    warm(client, lesson.url)
    officer.is_active = False
    officer.save()
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_password_change_elsewhere_ends_this_session_even_for_cached_pages(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    warm(client, lesson.url)
    officer.set_password("a-completely-new-long-passphrase-9")
    officer.save()
    assert client.get(lesson.url).status_code == 302


def test_a_waiting_message_is_shown_not_a_kept_page_and_that_page_is_not_kept(course, officer):
    lessons = lessons_of(course)
    client = signed_in(officer)
    for lesson in lessons[:-1]:
        client.post(reverse("courses:lesson_complete", args=[lesson.pk]))
    warm(client, course.url)
    # The last lesson completes the course: "Course complete" waits for the next page.
    response = client.post(reverse("courses:lesson_complete", args=[lessons[-1].pk]))
    assert response["Location"] == course.url
    html, queries = visit(client, course.url)
    assert queries > 0
    assert "Course complete. Well done." in html
    html, _ = visit(client, course.url)
    assert "Course complete. Well done." not in html
    assert visit(client, course.url)[1] == 0  # the page without the message is kept


def test_promotion_to_supervisor_shows_the_agency_link_on_the_next_cached_page(course, officer):
    lesson = lessons_of(course)[0]
    agency = make_agency()
    membership = make_member(agency=agency, user=officer, role="officer")
    client = signed_in(officer)
    agency_link = reverse("lms:agency_list")
    assert agency_link not in warm(client, lesson.url)
    assert visit(client, lesson.url)[1] == 0
    membership.role = "supervisor"
    membership.save()
    assert agency_link in visit(client, lesson.url)[0]


def test_joining_ors_staff_is_seen_on_the_next_request(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    agency_link = reverse("lms:agency_list")
    assert agency_link not in warm(client, lesson.url)
    group, _ = Group.objects.get_or_create(name=ORS_STAFF_GROUP)
    group.user_set.add(officer)  # from the group's side
    assert agency_link in visit(client, lesson.url)[0]


def test_clearing_a_groups_members_from_the_group_side_is_seen_on_the_next_request(officer):
    client = signed_in(officer)
    agency_link = reverse("lms:agency_list")
    group, _ = Group.objects.get_or_create(name=ORS_STAFF_GROUP)
    group.user_set.add(officer)
    assert agency_link in client.get("/dashboard/").content.decode()
    group.user_set.clear()  # names nobody: the members are noted before the clear
    assert agency_link not in client.get("/dashboard/").content.decode()


def test_a_new_supervisor_is_sent_to_mfa_set_up_even_from_a_cached_page(settings, course, officer):
    settings.ROLLCALL_ENFORCE_MFA = True
    lesson = lessons_of(course)[0]
    membership = make_member(agency=make_agency(), user=officer, role="officer")
    client = signed_in(officer)
    warm(client, lesson.url)
    membership.role = "supervisor"
    membership.save()
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_without_a_shared_cache_nothing_is_kept_between_requests(settings, course, officer):
    settings.ROLLCALL_SHARED_CACHE = False
    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    client.get(lesson.url)
    client.get(lesson.url)
    assert visit(client, lesson.url)[1] > 0


def test_roles_cost_no_query_once_kept_in_the_session(officer):
    client = signed_in(officer)
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/dashboard/").status_code == 200
    role_queries = [
        q["sql"]
        for q in captured.captured_queries
        if '"auth_group"' in q["sql"]
        or '"auth_permission"' in q["sql"]
        or ('"lms_membership"' in q["sql"] and "'supervisor'" in q["sql"])
    ]
    assert role_queries == []


ROLE_TABLES = ('"auth_group"', '"auth_permission"', '"mfa_authenticator"')


def role_and_session_queries(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if any(table in q["sql"] for table in ROLE_TABLES)
        or ('"lms_membership"' in q["sql"] and "'supervisor'" in q["sql"])
        or q["sql"].startswith(('UPDATE "django_session"', 'INSERT INTO "django_session"'))
    ]


def test_progress_changes_the_pages_but_not_the_roles(course, officer):
    """Reading a lesson renews the person's page stamp only: no role queries, no session write."""
    from tests.factories import start_first_lesson

    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    warm(client, lesson.url)
    start_first_lesson(user=officer, course=course)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(lesson.url).status_code == 200
    assert captured.captured_queries  # the page itself was built again
    assert role_and_session_queries(captured) == []


def test_deleting_someone_elses_quiz_attempt_keeps_this_persons_cached_page(course, officer):
    """Answers are a person's records, not content: removing them empties no one else's cache."""
    from courses.quiz import engine
    from tests.courses.quiz.helpers import make_quiz

    quiz = make_quiz(course=course)
    attempt = engine.start_attempt(user=UserFactory(), quiz=quiz)
    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    warm(client, lesson.url)
    attempt.delete()  # its questions go with it
    assert visit(client, lesson.url)[1] == 0


def test_a_permission_given_to_the_person_directly_is_seen_on_the_next_request(officer):
    from django.contrib.auth.models import Permission

    client = signed_in(officer)
    admin_link = 'href="/admin/"'
    assert admin_link not in client.get("/dashboard/").content.decode()
    officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    assert admin_link in client.get("/dashboard/").content.decode()


def test_a_query_string_is_never_answered_from_the_cache(course, officer):
    lesson = lessons_of(course)[0]
    client = signed_in(officer)
    warm(client, lesson.url)
    assert visit(client, lesson.url + "?utm=roll-call")[1] > 0


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def _assigned_section(html: str) -> str:
    return _section(html, "assigned-heading")


def test_the_dashboard_is_kept_and_shows_a_new_assignment_at_once(course, officer):
    from datetime import timedelta

    from django.utils import timezone

    from lms.assignments import assign_course

    agency = make_agency()
    make_member(agency=agency, user=officer)
    supervisor = make_member(agency=agency, role="supervisor").user
    client = signed_in(officer)
    first = warm(client, "/dashboard/")
    assert "Nothing is assigned to you right now." in _assigned_section(first)
    again, queries = visit(client, "/dashboard/")
    assert (again, queries) == (first, 0)

    # Assigning writes with bulk_create, which sends no signal: the stamps are renewed by hand.
    assign_course(
        course=course, due_on=timezone.localdate() + timedelta(days=7), agencies=[agency],
        assigned_by=supervisor,
    )  # fmt: skip
    html, queries = visit(client, "/dashboard/")
    assert queries > 0 and course.title in _assigned_section(html)


def test_joining_an_agency_with_a_standing_assignment_shows_it_on_the_kept_dashboard(
    course, officer
):
    from datetime import timedelta

    from django.utils import timezone

    from lms.assignments import assign_course, assign_standing_courses

    agency = make_agency()
    supervisor = make_member(agency=agency, role="supervisor").user
    assign_course(
        course=course, due_on=timezone.localdate() + timedelta(days=7), agencies=[agency],
        assigned_by=supervisor,
    )  # fmt: skip
    client = signed_in(officer)
    membership = make_member(agency=agency, user=officer)
    # A page kept between the membership's save and its standing assignments (another request).
    assert course.title not in _assigned_section(warm(client, "/dashboard/"))
    assign_standing_courses(membership=membership)
    html, _ = visit(client, "/dashboard/")
    assert course.title in _assigned_section(html)


def test_a_completion_shows_on_the_kept_dashboard_at_once(course, officer):
    from tests.factories import make_completion

    client = signed_in(officer)
    first = warm(client, "/dashboard/")
    assert course.title not in _section(first, "completed-heading")
    make_completion(user=officer, course=course)
    html, queries = visit(client, "/dashboard/")
    assert queries > 0 and course.title in _section(html, "completed-heading")
