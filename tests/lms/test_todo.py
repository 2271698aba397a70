"""The officer's dashboard is a to-do list: one list, most urgent first, one button each; then
"Done" with current certificates; join requests say where they stand."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.sop import adopt_sop
from lms.models import Assignment, Membership
from lms.rollcall.models import Absence
from lms.todo import officer_todo
from tests.factories import (
    UserFactory,
    build_course,
    make_agency,
    make_completion,
    make_member,
    start_briefing_session,
    start_first_lesson,
)

pytestmark = pytest.mark.django_db


def adopt(agency, *, due_in_days: int, title="Leave-behind SOP"):
    """The agency's own SOP, adopted 30 days ago by members who joined before it, with the
    agency's days set so each member's acknowledgement is due `due_in_days` from today."""
    today = timezone.localdate()
    Membership.objects.filter(agency=agency).update(started_on=today - timedelta(days=60))
    agency.sop_acknowledge_days = 30 + due_in_days
    agency.save(update_fields=["sop_acknowledge_days"])
    return adopt_sop(
        agency=agency, adopted_by=None, title=title,
        text="Officers offer a naloxone kit after every suspected overdose.",
        adopted_on=today - timedelta(days=30),
    )  # fmt: skip


@pytest.fixture
def busy_officer():
    """One officer with something of every kind to do."""
    today = timezone.localdate()
    agency = make_agency(name="Capital City Police Department")
    supervisor = make_member(agency=agency, role="supervisor").user
    officer = make_member(agency=agency, badge_number="417").user
    courses = {
        name: build_course(title=name, lessons=3, recertification_months=24)
        for name in ["Overdue course", "Makeup course", "Soon course", "Renew course", "Started"]
    }
    Assignment.objects.create(
        user=officer,
        agency=agency,
        course=courses["Overdue course"],
        due_on=today - timedelta(days=2),
    )
    makeup = Assignment.objects.create(
        user=officer, agency=agency, course=courses["Makeup course"], due_on=today + timedelta(30)
    )
    session = start_briefing_session(
        supervisor=supervisor, agency=agency, course=courses["Makeup course"]
    )
    Absence.objects.create(
        session=session,
        user=officer,
        user_name=officer.get_full_name(),
        outcome=Absence.Outcome.MAKEUP,
        makeup_due_on=makeup.due_on,
        assignment=makeup,
    )
    Assignment.objects.create(
        user=officer, agency=agency, course=courses["Soon course"], due_on=today + timedelta(5)
    )
    make_completion(user=officer, course=courses["Renew course"], days_ago=700)
    start_first_lesson(user=officer, course=courses["Started"])
    adopt(agency, due_in_days=10)
    return officer, agency, courses


def test_the_list_puts_the_most_urgent_first_with_one_primary_button_each(client, busy_officer):
    officer, agency, courses = busy_officer
    todo = officer_todo(user=officer)
    assert [(item.title, item.action) for item in todo.items] == [
        ("Overdue course", "Start"),
        ("Read and acknowledge: Leave-behind SOP", "Acknowledge"),
        ("Makeup course", "Start"),
        ("Soon course", "Start"),
        ("Renew course", "Renew"),
        ("Started", "Continue"),
    ]
    client.force_login(officer)
    html = client.get("/dashboard/").content.decode()
    titles = re.findall(r'<h3 class="todo-item__title">([^<]+)</h3>', html)
    assert titles[0] == "Overdue course" and titles[-1] == "Started"
    assert "Due soon" in html and "Make-up" in html and "Renewal open" in html
    assert "0 of 3 lessons done" in html
    # The course is listed once, not under both "Assigned to you" and "In progress".
    assert "Assigned to you" not in html and html.count("Overdue course</h3>") == 1
    # The header bar carries the count.
    assert re.search(r'class="site-header__count">6<', html)


def test_an_in_progress_item_continues_at_the_next_lesson_and_shows_progress(client):
    officer = make_member(agency=make_agency()).user
    course = build_course(title="Naloxone basics", lessons=3)
    from courses.progress import mark_lesson_complete

    lessons = [page.specific for page in course.get_children().order_by("path")]
    mark_lesson_complete(user=officer, lesson=lessons[0])
    (item,) = officer_todo(user=officer).items
    assert (item.action, item.url, item.lessons_done, item.lessons_total) == (
        "Continue",
        lessons[1].url,
        1,
        3,
    )
    client.force_login(officer)
    html = client.get("/dashboard/").content.decode()
    assert "1 of 3 lessons done" in html
    assert f'href="{lessons[1].url}"' in html


def test_an_overdue_sop_acknowledgement_is_on_the_list_among_the_overdue(client):
    agency = make_agency()
    officer = make_member(agency=agency).user
    adoption = adopt(agency, due_in_days=-3, title="Our SOP")
    client.force_login(officer)
    html = client.get("/dashboard/").content.decode()
    assert "Read and acknowledge: Our SOP" in html
    (item,) = officer_todo(user=officer).items
    # One tap to the agency's SOP itself, where the acknowledgement is.
    assert (item.badge_label, item.action, item.url) == (
        "Overdue",
        "Acknowledge",
        f"/sop/{adoption.pk}/",
    )
    assert item.due_on == timezone.localdate() - timedelta(days=3)


def test_done_lists_current_certificates_with_pdf_verify_link_and_expiry(
    client, django_capture_on_commit_callbacks
):
    officer = make_member(agency=make_agency()).user
    course = build_course(title="Naloxone basics", lessons=1, recertification_months=24)
    with django_capture_on_commit_callbacks(execute=True):
        completion = make_completion(user=officer, course=course, days_ago=10)
    certificate = completion.certificates.get()
    client.force_login(officer)
    html = client.get("/dashboard/").content.decode()
    assert "Nothing to do right now" in html
    done = html.split('id="done-heading"')[1]
    assert "Naloxone basics" in done
    assert f"/certificates/{certificate.code}/download/" in done
    assert f"/verify/{certificate.code}/" in done
    assert f"Current until {certificate.expires_on:%b} {certificate.expires_on.day}," in done


def test_a_pending_join_request_says_which_agency_and_that_it_waits(client):
    officer = UserFactory()
    agency = make_agency(name="River County Sheriff's Office")
    Membership.objects.create(user=officer, agency=agency, status=Membership.Status.PENDING)
    client.force_login(officer)
    html = client.get("/dashboard/").content.decode()
    assert "River County Sheriff&#x27;s Office" in html
    assert "waiting for approval" in html
    assert "You are not a member of an agency yet" not in html


def test_a_declined_join_request_says_so(client):
    from lms.people.onboarding import decline_membership

    officer = UserFactory()
    agency = make_agency(name="River County Sheriff's Office")
    supervisor = make_member(agency=agency, role="supervisor").user
    request = Membership.objects.create(
        user=officer, agency=agency, status=Membership.Status.PENDING
    )
    decline_membership(membership=request, decided_by=supervisor)
    client.force_login(officer)
    html = client.get("/dashboard/").content.decode()
    assert "was declined" in html and "River County" in html


def test_someone_without_an_agency_is_told_how_to_join(client):
    client.force_login(UserFactory())
    html = client.get("/dashboard/").content.decode()
    assert "You are not a member of an agency yet" in html
