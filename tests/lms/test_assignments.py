"""Assigning courses with due dates; what an officer still has to do, and overdue."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from lms.access import ORS_STAFF_GROUP
from lms.models import Assignment, Membership
from lms.people.onboarding import end_membership
from lms.records.assignments import (
    AssignmentRefused,
    assign_course,
    assignment_status_label,
    open_assignments_for,
)
from tests.factories import UserFactory, build_course, make_completion, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def course():
    return build_course(title="Leave-behind naloxone")


def test_supervisor_assigns_a_course_to_everyone_in_their_agency(
    client, capital, river, capital_supervisor, course
):
    officers = [make_member(agency=capital).user for _ in range(3)]
    other = make_member(agency=river).user
    client.force_login(capital_supervisor)
    due = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        reverse("lms:agency_assignments", kwargs={"agency_id": capital.pk}),
        {"course": course.pk, "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    assigned = set(Assignment.objects.values_list("user_id", flat=True))
    assert {o.pk for o in officers} <= assigned
    assert other.pk not in assigned
    assert Assignment.objects.filter(assigned_by=capital_supervisor).count() == len(assigned)


def test_supervisor_assigns_to_chosen_units_and_officers_only(
    client, capital, capital_supervisor, course
):
    day = make_member(agency=capital, unit="Day shift").user
    night = make_member(agency=capital, unit="Night shift").user
    chosen = make_member(agency=capital, unit="Evening shift").user
    client.force_login(capital_supervisor)
    client.post(
        reverse("lms:agency_assignments", kwargs={"agency_id": capital.pk}),
        {
            "course": course.pk,
            "due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "units": ["Day shift"],
            "officers": [str(chosen.pk)],
        },
    )
    assert set(Assignment.objects.values_list("user_id", flat=True)) == {day.pk, chosen.pk}
    assert night.pk not in set(Assignment.objects.values_list("user_id", flat=True))


def test_a_past_due_date_is_refused_with_a_message(client, capital, capital_supervisor, course):
    make_member(agency=capital)
    client.force_login(capital_supervisor)
    response = client.post(
        reverse("lms:agency_assignments", kwargs={"agency_id": capital.pk}),
        {"course": course.pk, "due_on": "2001-01-01"},
    )
    assert response.status_code == 400
    assert "The due date is in the past." in response.content.decode()
    assert not Assignment.objects.exists()


def test_supervisor_cannot_assign_an_officer_of_another_agency(
    client, capital, river, capital_supervisor, course
):
    make_member(agency=capital)
    outsider = make_member(agency=river).user
    client.force_login(capital_supervisor)
    response = client.post(
        reverse("lms:agency_assignments", kwargs={"agency_id": capital.pk}),
        {
            "course": course.pk,
            "due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "officers": [str(outsider.pk)],
        },
    )
    assert response.status_code == 400
    assert not Assignment.objects.filter(user=outsider).exists()


def test_ors_assigns_a_course_to_a_set_of_agencies(client, capital, river, course):
    ors = UserFactory()
    ors.groups.add(Group.objects.get(name=ORS_STAFF_GROUP))
    in_capital, in_river = make_member(agency=capital).user, make_member(agency=river).user
    client.force_login(ors)
    response = client.post(
        reverse("lms:statewide_assignment"),
        {
            "course": course.pk,
            "due_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "agencies": [capital.pk, river.pk],
        },
    )
    assert response.status_code == 302
    assert set(Assignment.objects.values_list("user_id", "agency_id")) == {
        (in_capital.pk, capital.pk),
        (in_river.pk, river.pk),
    }


def test_statewide_assignment_page_is_404_for_supervisors(client, capital_supervisor):
    client.force_login(capital_supervisor)
    assert client.get(reverse("lms:statewide_assignment")).status_code == 404


def test_assigning_twice_creates_no_duplicates(capital, course):
    make_member(agency=capital)
    first = assign_course(
        course=course, due_on=TODAY, agencies=[capital], assigned_by=None, today=TODAY
    )
    second = assign_course(
        course=course, due_on=TODAY, agencies=[capital], assigned_by=None, today=TODAY
    )
    assert (first.created, second.created, second.already_assigned) == (1, 0, 1)


def test_assigning_to_nobody_is_refused(capital, course):
    with pytest.raises(AssignmentRefused, match="Nobody matches"):
        assign_course(
            course=course, due_on=TODAY, agencies=[capital], assigned_by=None, today=TODAY
        )


def test_officer_sees_assigned_due_and_overdue_states(capital, course):
    officer = make_member(agency=capital).user
    assign_course(course=course, due_on=TODAY, agencies=[capital], assigned_by=None, today=TODAY)
    [assignment] = open_assignments_for(user=officer, today=TODAY)
    assert not assignment.is_overdue
    assert assignment_status_label(assignment, today=TODAY) == "Assigned, due 25 November 2026"
    later = TODAY + datetime.timedelta(days=1)
    [assignment] = open_assignments_for(user=officer, today=later)
    assert assignment.is_overdue
    assert assignment_status_label(assignment, today=later) == "Overdue: was due 25 November 2026"


def test_completing_the_course_closes_the_assignment(capital, course):
    officer = make_member(agency=capital).user
    assign_course(course=course, due_on=TODAY, agencies=[capital], assigned_by=None, today=TODAY)
    make_completion(user=officer, course=course, agency=capital)
    assert open_assignments_for(user=officer, today=TODAY) == []


def test_leaving_the_agency_closes_its_assignments_and_keeps_the_records(capital, course):
    membership = make_member(agency=capital)
    assign_course(course=course, due_on=TODAY, agencies=[capital], assigned_by=None, today=TODAY)
    end_membership(membership=membership)
    assert open_assignments_for(user=membership.user, today=TODAY) == []
    assert Assignment.objects.filter(user=membership.user).count() == 1
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.ENDED


def test_open_assignments_take_a_fixed_number_of_queries(
    capital, course, django_assert_max_num_queries
):
    officer = make_member(agency=capital).user
    for days in range(5):
        assign_course(
            course=course,
            due_on=TODAY + datetime.timedelta(days=days),
            agencies=[capital],
            assigned_by=None,
            today=TODAY,
        )
    with django_assert_max_num_queries(1):
        assert len(open_assignments_for(user=officer, today=TODAY)) == 5
