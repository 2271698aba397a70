"""Figures that mean what they say: percentages against the people a course is assigned to,
and the statewide chart one course at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from lms.access import ORS_STAFF_GROUP
from lms.records.assignments import assign_course
from tests.factories import UserFactory, build_course, make_agency, make_completion, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]


def test_a_course_assigned_to_six_of_eighteen_is_measured_against_the_six(client):
    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor").user
    course = build_course(title="Naloxone Basics", lessons=1)
    officers = [
        make_member(agency=agency, unit="Days" if n < 6 else "Nights").user for n in range(17)
    ]
    due = timezone.localdate() + timedelta(days=10)
    assign_course(
        course=course, due_on=due, agencies=[agency], assigned_by=supervisor, units=["Days"]
    )
    for officer in officers[:2] + officers[10:13]:  # two assigned, three not
        make_completion(user=officer, course=course)
    client.force_login(supervisor)
    html = client.get(
        reverse("lms:agency_dashboard", kwargs={"agency_id": agency.pk})
    ).content.decode()
    assert "(2 of 6 assigned)" in html


def test_an_agency_wide_requirement_is_measured_against_every_active_member(client):
    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor").user
    course = build_course(title="Naloxone Basics", lessons=1)
    officers = [make_member(agency=agency).user for _ in range(3)]
    due = timezone.localdate() + timedelta(days=10)
    assign_course(course=course, due_on=due, agencies=[agency], assigned_by=supervisor)
    make_completion(user=officers[0], course=course)
    client.force_login(supervisor)
    html = client.get(
        reverse("lms:agency_dashboard", kwargs={"agency_id": agency.pk})
    ).content.decode()
    assert "(1 of 4 members)" in html


def test_the_statewide_chart_shows_one_course_never_an_average(client):
    ors = UserFactory()
    ors.groups.add(Group.objects.get_or_create(name=ORS_STAFF_GROUP)[0])
    agency = make_agency(name="Capital City Police Department")
    officers = [make_member(agency=agency).user for _ in range(4)]
    roll_call = build_course(title="Officer roll-call course", lessons=1)
    other = build_course(title="Command staff briefing", lessons=1, audience="command_staff")
    for officer in officers[:3]:
        make_completion(user=officer, course=roll_call)
    client.force_login(ors)
    html = client.get(reverse("lms:statewide_dashboard") + "?by=agency").content.decode()
    assert "Every course" not in html
    assert "averaged" not in html
    assert ">75%</text>" in html  # 3 of 4 on the officer course, not (75 + 0) / 2
    html = client.get(
        reverse("lms:statewide_dashboard") + f"?by=agency&course={other.pk}"
    ).content.decode()
    assert ">0%</text>" in html


def test_the_supervisor_page_shows_the_counts_and_who_needs_action_before_the_roster(client):
    from lms.models import Assignment, Membership

    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor").user
    course = build_course(title="Naloxone Basics", lessons=1, recertification_months=12)
    late, soon, _ = (make_member(agency=agency).user for _ in range(3))
    Assignment.objects.create(
        user=late, agency=agency, course=course, due_on=timezone.localdate() - timedelta(days=2)
    )
    make_completion(user=soon, course=course, days_ago=350)  # expires in about 15 days
    Membership.objects.create(user=UserFactory(), agency=agency, status="pending")
    client.force_login(supervisor)
    html = client.get(
        reverse("lms:agency_dashboard", kwargs={"agency_id": agency.pk})
    ).content.decode()
    assert "<strong>1</strong> overdue" in html
    assert "<strong>1</strong> expiring within 30 days" in html
    assert "No SOP adopted yet" in html
    assert "<strong>1</strong> join request waiting" in html
    assert html.index("Who needs action") < html.index('id="matrix-heading"')
    assert html.index("join request waiting") < html.index("Who needs action")


def test_expiring_within_30_days_counts_each_person_and_course_whose_training_runs_out(client):
    from lms.models import Membership

    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor").user
    course = build_course(title="Naloxone Basics", lessons=1, recertification_months=12)
    second = build_course(title="Fentanyl exposure", lessons=1, recertification_months=12)
    both, renewed, later, lapsed, leaver = (make_member(agency=agency).user for _ in range(5))
    outsider = make_member(agency=make_agency(name="Other Town PD (example)")).user
    for user in (both, renewed, leaver, outsider):
        make_completion(user=user, course=course, days_ago=350)  # expires in about 15 days
    make_completion(user=both, course=second, days_ago=350)
    make_completion(user=renewed, course=course, days_ago=0)  # renewed early: not expiring
    make_completion(user=later, course=course, days_ago=330)  # in about 35 days
    make_completion(user=lapsed, course=course, days_ago=370)  # already expired
    Membership.objects.filter(user=leaver).update(status="ended")
    client.force_login(supervisor)
    html = client.get(
        reverse("lms:agency_dashboard", kwargs={"agency_id": agency.pk})
    ).content.decode()
    assert "<strong>2</strong> expiring within 30 days" in html  # both's two courses
    # The count is the agency's, whatever the filters show below it.
    html = client.get(
        reverse("lms:agency_dashboard", kwargs={"agency_id": agency.pk}) + "?q=nobody-matches"
    ).content.decode()
    assert "<strong>2</strong> expiring within 30 days" in html
