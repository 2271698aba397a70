"""One answer to "is this officer trained?", as supervisors and officers meet it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from lms.access import current_membership
from lms.models import Assignment, Completion
from lms.records.assignments import open_assignments_for
from lms.records.training_status import (
    TrainingStatus,
    standing_from_entries,
    training_standing,
    training_standings,
)
from lms.selectors.facts import training_cells
from lms.selectors.states import State
from tests.factories import (
    UserFactory,
    build_course,
    make_agency,
    make_completion,
    make_member,
    start_first_lesson,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return make_agency(name="Capital City Police Department")


@pytest.fixture
def officer(agency):
    return make_member(agency=agency, badge_number="4411").user


@pytest.fixture
def yearly_course():
    """Twelve months valid, renewable in the last 90 days (the default window)."""
    return build_course(lessons=2, recertification_months=12, title="Naloxone Basics")


def on_time(certificate_code: str, client):
    return client.get(reverse("certificates:verify", kwargs={"code": certificate_code}))


def test_an_officer_completed_at_roll_call_sees_completed_on_the_course_pages(
    client, officer, yearly_course, django_capture_on_commit_callbacks
):
    make_completion(user=officer, course=yearly_course, method=Completion.Method.ROLL_CALL)
    client.force_login(officer)
    course_page = client.get(yearly_course.url).content.decode()
    assert "Completed" in course_page
    assert "Not started" not in course_page.split("Lessons")[0]
    index = client.get(yearly_course.get_parent().url).content.decode()
    assert "Completed" in index


def test_same_day_online_and_roll_call_give_one_certificate_and_a_refresher(
    client, officer, yearly_course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        morning = make_completion(user=officer, course=yearly_course, method="online")
    printed = morning.certificates.get()
    with django_capture_on_commit_callbacks(execute=True):
        afternoon = make_completion(user=officer, course=yearly_course, method="roll_call")

    assert afternoon.kind == Completion.Kind.REFRESHER
    assert afternoon.expires_at == morning.expires_at
    assert Certificate.objects.count() == 1
    printed.refresh_from_db()
    assert printed.superseded_by is None
    page = on_time(printed.code, client).content.decode()
    assert "Valid" in page and "superseded" not in page.lower()
    # The officer's own history shows both, the second as a refresher.
    client.force_login(officer)
    dashboard = client.get(reverse("lms:dashboard")).content.decode()
    assert dashboard.count("Naloxone Basics") >= 2
    assert "Refresher" in dashboard


def test_inside_the_renewal_window_a_new_completion_renews_and_issues_a_new_certificate(
    client, officer, yearly_course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        last_year = make_completion(user=officer, course=yearly_course, days_ago=300)
    old = last_year.certificates.get()
    standing = training_standing(user=officer, course=yearly_course)
    assert standing.status == TrainingStatus.RENEWAL_WINDOW
    assert standing.valid_until == last_year.expires_at
    client.force_login(officer)
    assert "Due for renewal" in client.get(yearly_course.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        renewal = make_completion(user=officer, course=yearly_course, method="roll_call")
    assert renewal.kind == Completion.Kind.CERTIFYING
    assert renewal.expires_at > last_year.expires_at
    new = renewal.certificates.get()
    assert training_standing(user=officer, course=yearly_course).status == TrainingStatus.CURRENT
    page = on_time(old.code, client).content.decode()
    assert f"valid until {old.expires_on:%B} " in page
    assert f">{new.code}</a>" in page
    assert "message--warning" not in page


def test_before_the_renewal_window_a_second_completion_is_a_refresher_without_a_certificate(
    officer, yearly_course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_completion(user=officer, course=yearly_course, days_ago=100)
        refresher = make_completion(
            user=officer, course=yearly_course, method="manual", note="Station refresher"
        )
    assert refresher.kind == Completion.Kind.REFRESHER
    assert not refresher.certificates.exists()
    standing = training_standing(user=officer, course=yearly_course)
    assert standing.status == TrainingStatus.CURRENT
    assert standing.valid_until == first.expires_at


def test_an_expired_course_is_expired_everywhere_and_renewing_it_starts_a_new_cycle(
    client, agency, officer, yearly_course
):
    make_completion(user=officer, course=yearly_course, days_ago=400)
    assert training_standing(user=officer, course=yearly_course).status == "expired"
    cells = training_cells(user_ids_q=Q(user=officer), course_ids=[yearly_course.pk])
    assert cells[(officer.pk, yearly_course.pk)].state == State.EXPIRED
    client.force_login(officer)
    assert "Expired" in client.get(yearly_course.url).content.decode()
    renewal = make_completion(user=officer, course=yearly_course, method="roll_call")
    assert renewal.kind == Completion.Kind.CERTIFYING


def test_the_dashboards_and_the_course_pages_agree_on_each_status(officer, agency):
    never = build_course(lessons=1, title="Never expires")
    courses = {
        "current": build_course(lessons=1, recertification_months=12),
        "renewal_window": build_course(lessons=1, recertification_months=12),
        "expired": build_course(lessons=1, recertification_months=12),
        "in_progress": build_course(lessons=1, recertification_months=12),
        "not_started": build_course(lessons=1, recertification_months=12),
    }
    make_completion(user=officer, course=never, days_ago=2000)
    make_completion(user=officer, course=courses["current"], days_ago=10)
    make_completion(user=officer, course=courses["renewal_window"], days_ago=330)
    make_completion(user=officer, course=courses["expired"], days_ago=370)
    start_first_lesson(user=officer, course=courses["in_progress"])
    dashboard_state = {
        "current": State.COMPLETE,
        "renewal_window": State.EXPIRING,
        "expired": State.EXPIRED,
        "in_progress": State.IN_PROGRESS,
        "not_started": State.NOT_STARTED,
    }
    ids = [c.pk for c in courses.values()]
    cells = training_cells(user_ids_q=Q(user=officer), course_ids=ids)
    bulk = training_standings(people=Q(user=officer), course_ids=ids)
    for status, course in courses.items():
        assert training_standing(user=officer, course=course).status == status
        assert (
            bulk.get(
                (officer.pk, course.pk), training_standing(user=UserFactory(), course=course)
            ).status
            == status
        )
        assert cells[(officer.pk, course.pk)].state == dashboard_state[status]
    assert training_standing(user=officer, course=never).status == TrainingStatus.CURRENT


@pytest.mark.parametrize("people", [2, 12])
def test_bulk_statuses_take_the_same_queries_for_any_number_of_people_and_courses(
    people, agency, django_assert_num_queries
):
    courses = [build_course(lessons=1, recertification_months=12) for _ in range(people // 2)]
    members = [make_member(agency=agency).user for _ in range(people)]
    for index, member in enumerate(members):
        make_completion(user=member, course=courses[index % len(courses)], days_ago=index * 30)
    with django_assert_num_queries(3):
        standings = training_standings(
            people=Q(user__memberships__agency=agency), course_ids=[c.pk for c in courses]
        )
    assert len(standings) == people


def test_an_assignment_given_to_an_officer_already_current_is_not_open(officer, agency):
    course = build_course(lessons=1, recertification_months=12)
    make_completion(user=officer, course=course, days_ago=20)
    Assignment.objects.create(
        user=officer, agency=agency, course=course, due_on=timezone.localdate() + timedelta(days=5)
    )
    assert open_assignments_for(user=officer) == []


def test_current_membership_is_the_latest_started_and_an_undated_one_comes_last(agency):
    other = make_agency(name="River County Sheriff's Office")
    officer = UserFactory()
    make_member(agency=other, user=officer, started_on=None)
    dated = make_member(agency=agency, user=officer, started_on=date(2026, 1, 5))
    assert current_membership(officer) == dated


def test_a_completion_says_which_version_of_each_lesson_was_learned(
    client, officer, django_capture_on_commit_callbacks
):
    course = build_course(lessons=2, recertification_months=12)
    lesson = course.get_children().first().specific
    first = make_completion(user=officer, course=course, days_ago=300)
    versions = first.content_versions
    course.refresh_from_db()
    assert versions["course"]["revision_id"] == course.live_revision_id
    assert [entry["page_id"] for entry in versions["lessons"]] == [
        page.pk for page in course.get_children().order_by("path")
    ]
    lesson.title = "Naloxone Basics, revised"
    revision = lesson.save_revision()
    revision.publish()
    renewal = make_completion(user=officer, course=course, method="roll_call")
    learned = {
        entry["page_id"]: entry["revision_id"] for entry in renewal.content_versions["lessons"]
    }
    assert learned[lesson.pk] == revision.pk != versions["lessons"][0]["revision_id"]
    assert renewal.content_published_at > first.content_published_at
    client.force_login(officer)
    dashboard = client.get(reverse("lms:dashboard")).content.decode()
    assert "Trained on the version published" in dashboard


@pytest.mark.parametrize("days_ago", [400, 320, 30, -3])  # expired, renewal window, current, ahead
def test_the_standing_from_entries_already_read_is_the_databases_answer(
    officer, yearly_course, days_ago
):
    """courses.lesson_response_cache reads the entries itself: it must reach the same answer."""
    make_completion(user=officer, course=yearly_course, days_ago=days_ago)
    never = build_course(lessons=1, title="Never expires")
    make_completion(user=officer, course=never, days_ago=days_ago)
    now = timezone.now()
    for course in (yearly_course, never):
        entries = Completion.objects.filter(
            user=officer, course=course, kind=Completion.Kind.CERTIFYING
        ).values_list("completed_at", "expires_at")
        assert standing_from_entries(
            entries, has_activity=True, window_days=course.renewal_window_days, now=now
        ) == training_standing(user=officer, course=course, now=now, has_activity=True)
