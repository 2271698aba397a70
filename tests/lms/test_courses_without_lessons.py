"""A course never appears to officers while it has no live lesson: not on the course list, not
as a page, not on the to-do list (even when assigned before its lessons were withdrawn), not
offered for keeping offline, and supervisors can neither assign it nor run it at roll call.
Its records stay on the supervisors' dashboards (lms.selectors.columns.live_courses)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonPage
from lms.records.assignments import assign_course
from lms.selectors.columns import agency_course_columns
from lms.todo import officer_todo
from tests.courses.quiz.helpers import make_quiz, sample_questions
from tests.factories import build_course

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]


def withdraw_lessons(course):
    for lesson in LessonPage.objects.child_of(course):
        lesson.unpublish()


@pytest.fixture
def emptied(capital, capital_supervisor, capital_officer):
    """A live course assigned to the agency, whose lessons were then all unpublished."""
    course = build_course(title="Withdrawn for rework", lessons=2)
    assign_course(
        course=course,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
        agencies=[capital],
        assigned_by=capital_supervisor,
    )
    assert any(item.course_id == course.pk for item in officer_todo(user=capital_officer).items)
    withdraw_lessons(course)
    course.refresh_from_db()
    assert course.live
    return course


def test_officers_do_not_see_a_course_without_live_lessons(client, capital_officer, emptied):
    client.force_login(capital_officer)
    assert "Withdrawn for rework" not in client.get("/courses/").content.decode()
    assert client.get(emptied.url).status_code == 404
    assert not any(
        item.course_id == emptied.pk for item in officer_todo(user=capital_officer).items
    )
    assert "Withdrawn for rework" not in client.get("/dashboard/").content.decode()
    offline = reverse("courses:course_offline_list", kwargs={"course_id": emptied.pk})
    assert client.get(offline).status_code == 404


def test_supervisors_cannot_assign_it_or_run_it_at_roll_call(
    client, capital, capital_supervisor, emptied
):
    other = build_course(title="Ready to go", lessons=1)
    client.force_login(capital_supervisor)
    assign_url = reverse("lms:agency_assignments", kwargs={"agency_id": capital.pk})
    page = client.get(assign_url).content.decode()
    assert f'<option value="{other.pk}">' in page
    assert f'<option value="{emptied.pk}">' not in page
    due = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(assign_url, {"course": emptied.pk, "due_on": due.isoformat()})
    assert response.status_code == 400  # the form comes back with the choice refused
    assert "Select a valid choice" in response.content.decode()
    start = client.get("/rollcall/start/").content.decode()
    assert f'<option value="{other.pk}"' in start
    assert f'<option value="{emptied.pk}"' not in start


def test_a_new_agency_dashboard_lists_only_courses_with_something_to_read(capital):
    build_course(title="Ready to go", lessons=1)
    empty = build_course(title="Nothing yet", lessons=1)
    withdraw_lessons(empty)
    titles = [
        course.title for course in agency_course_columns(agency=capital, completed_course_ids=set())
    ]
    assert titles == ["Ready to go"]


def test_the_quiz_of_an_unpublished_course_is_not_shown(client, capital_officer):
    course = build_course(title="Unpublished again", lessons=1)
    quiz = make_quiz(course=course, questions=sample_questions(1))
    client.force_login(capital_officer)
    assert client.get(quiz.url).status_code == 200
    course.unpublish()
    assert client.get(quiz.url).status_code == 404
    assert client.post(reverse("courses:quiz:start", args=(quiz.pk,))).status_code == 404
