"""Roll-call session lifecycle, as a supervisor meets it: open -> check-in closed -> completed.

Late officers, officers on another shift, officers already current, the presenter, and what a
session counts as for a course with a quiz and for one that counts attendance alone.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import CoursePage
from courses.progress import mark_lesson_complete
from lms.models import Assignment, Completion
from lms.rollcall import services
from lms.rollcall.models import Absence, Attendance, ExpectedOfficer, RollCallSession
from tests.courses.quiz.helpers import make_quiz, take
from tests.factories import build_course, make_agency, make_completion, make_member
from tests.helpers import lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_prompt(settings):
    settings.ROLLCALL_ENFORCE_MFA = False


@pytest.fixture
def station():
    """A sergeant, four on Day shift, two on Night shift; a course without a quiz."""
    agency = make_agency(name="Riverside Police Department")
    sergeant = make_member(agency=agency, role="supervisor", unit="Day shift").user
    day = [make_member(agency=agency, unit="Day shift").user for _ in range(4)]
    night = [make_member(agency=agency, unit="Night shift").user for _ in range(2)]
    course = build_course(title="Leave-behind naloxone", lessons=1, recertification_months=12)
    return agency, sergeant, day, night, course


def _in_two_weeks() -> str:
    return (timezone.localdate() + timedelta(days=14)).isoformat()


def start_through_the_page(client, *, agency, course, unit="Day shift") -> RollCallSession:
    response = client.post(
        "/rollcall/start/",
        {
            "agency": agency.pk,
            "course": course.pk,
            "held_on": timezone.localdate().isoformat(),
            "unit": unit,
            "location": "Muster room",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return RollCallSession.objects.latest("pk")


def check_in(client, officer, session):
    client.force_login(officer)
    return client.post(
        f"/rollcall/{session.pk}/check-in/", {"code": services.checkin_code(session)}
    )


def test_the_supervisor_sees_open_then_check_in_closed_then_completed(client, station):
    agency, sergeant, day, night, course = station
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=course)
    page = client.get(f"/rollcall/{session.pk}/").content.decode()
    assert "Open for check-in</span>" in page
    assert "Attest attendance and close check-in" in page

    client.post(f"/rollcall/{session.pk}/attest/")
    page = client.get(f"/rollcall/{session.pk}/").content.decode()
    assert "Check-in closed</span>" in page
    assert "checkin-panel" not in page  # no code any more
    assert "Add officers who arrived late" in page

    client.post(f"/rollcall/{session.pk}/complete/", {"due_on": _in_two_weeks()})
    session.refresh_from_db()
    assert session.status == RollCallSession.Status.COMPLETED
    assert session.checkin_closed_at <= session.completed_at
    page = client.get(f"/rollcall/{session.pk}/").content.decode()
    assert "Completed</span>" in page
    assert "Add officers who arrived late" not in page


def test_a_late_officer_is_told_to_ask_the_supervisor_who_adds_them_before_completing(
    client, station
):
    agency, sergeant, day, night, course = station
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=course)
    check_in(client, day[0], session)
    client.force_login(sergeant)
    client.post(f"/rollcall/{session.pk}/attest/")

    late = day[1]
    response = check_in(client, late, session)
    assert response.status_code == 400
    message = response.content.decode()
    assert "Check-in for this session has closed" in message
    assert f"ask {sergeant.get_full_name()} to add you" in message
    assert "from the session page until the session is completed" in message

    client.force_login(sergeant)
    page = client.get(f"/rollcall/{session.pk}/").content.decode()
    assert f'name="user" value="{late.pk}"' in page
    response = client.post(f"/rollcall/{session.pk}/add-late/", {"user": [late.pk]}, follow=True)
    assert f"Added as present: {late.get_full_name()}." in response.content.decode()
    attendance = Attendance.objects.get(session=session, user=late)
    assert attendance.method == Attendance.Method.LATE
    assert attendance.completion.method == Completion.Method.BRIEFING

    client.post(f"/rollcall/{session.pk}/complete/", {"due_on": _in_two_weeks(), "makeup": []})
    assert not Absence.objects.filter(user=late).exists()
    # Once completed, nobody more can be added.
    client.post(f"/rollcall/{session.pk}/add-late/", {"user": [day[2].pk]})
    assert not Attendance.objects.filter(session=session, user=day[2]).exists()


def test_adding_a_late_officer_of_another_agency_is_not_found_and_writes_nothing(client, station):
    agency, sergeant, day, night, course = station
    session = services.start_session(
        supervisor=sergeant, agency=agency, course=course, held_on=timezone.localdate()
    )
    client.force_login(sergeant)
    client.post(f"/rollcall/{session.pk}/attest/")
    stranger = make_member(agency=make_agency()).user
    response = client.post(f"/rollcall/{session.pk}/add-late/", {"user": [day[0].pk, stranger.pk]})
    assert response.status_code == 404
    assert not session.attendances.exists()
    assert not Completion.objects.exists()
    # Nor can a supervisor of another agency add anyone to this session.
    other_sergeant = make_member(agency=make_agency(), role="supervisor").user
    client.force_login(other_sergeant)
    response = client.post(f"/rollcall/{session.pk}/add-late/", {"user": [day[0].pk]})
    assert response.status_code == 404
    assert not session.attendances.exists()


def test_adding_late_while_check_in_is_open_says_to_tick_them_instead(client, station):
    agency, sergeant, day, night, course = station
    session = services.start_session(
        supervisor=sergeant, agency=agency, course=course, held_on=timezone.localdate()
    )
    client.force_login(sergeant)
    response = client.post(f"/rollcall/{session.pk}/add-late/", {"user": [day[0].pk]}, follow=True)
    assert "tick them on the roster instead" in response.content.decode()
    assert not session.attendances.exists()


def test_an_officer_on_another_shift_is_not_proposed_for_a_make_up(client, station):
    agency, sergeant, day, night, course = station
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=course, unit="Day shift")
    assert session.expected_scope == RollCallSession.ExpectedScope.UNIT
    assert set(session.expected.values_list("user_id", flat=True)) == {
        sergeant.pk,
        *(o.pk for o in day),
    }
    for officer in day[:2]:
        check_in(client, officer, session)
    # A Night-shift officer who came anyway counts as present.
    check_in(client, night[0], session)
    client.force_login(sergeant)
    client.post(f"/rollcall/{session.pk}/attest/")

    page = client.get(f"/rollcall/{session.pk}/complete/")
    proposed = {value for value, _ in page.context["form"].fields["makeup"].choices}
    assert proposed == {day[2].pk, day[3].pk}
    assert night[1].get_full_name() not in page.content.decode()

    client.post(
        f"/rollcall/{session.pk}/complete/",
        {"due_on": _in_two_weeks(), "makeup": [day[2].pk, day[3].pk]},
    )
    assert set(Assignment.objects.values_list("user_id", flat=True)) == {day[2].pk, day[3].pk}
    assert not Absence.objects.filter(user__in=night).exists()
    assert Completion.objects.filter(user=night[0], method=Completion.Method.BRIEFING).exists()


def test_an_officer_already_current_is_listed_absent_without_a_make_up(client, station):
    agency, sergeant, day, night, course = station
    make_completion(user=day[0], course=course, days_ago=30)
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=course)
    for officer in day[1:]:
        check_in(client, officer, session)
    client.force_login(sergeant)
    client.post(f"/rollcall/{session.pk}/attest/")

    page = client.get(f"/rollcall/{session.pk}/complete/")
    assert page.context["form"].fields["makeup"].choices == []
    assert f"{day[0].get_full_name()}: already current on the course" in page.content.decode()
    client.post(f"/rollcall/{session.pk}/complete/", {"due_on": _in_two_weeks()})
    absence = Absence.objects.get(session=session, user=day[0])
    assert absence.outcome == Absence.Outcome.ALREADY_CURRENT
    assert absence.assignment is None
    assert not Assignment.objects.exists()


def test_an_officer_whose_completion_expires_soon_is_proposed_for_a_make_up(client, station):
    agency, sergeant, day, night, course = station
    make_completion(user=day[0], course=course, days_ago=350)  # 12-month course: expiring
    session = services.start_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
        held_on=timezone.localdate(),
        unit="Day shift",
    )
    client.force_login(sergeant)
    client.post(f"/rollcall/{session.pk}/attest/")
    page = client.get(f"/rollcall/{session.pk}/complete/")
    assert day[0].pk in {value for value, _ in page.context["form"].fields["makeup"].choices}


def test_the_presenter_is_not_proposed_for_a_make_up(client, station):
    agency, sergeant, day, night, course = station
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=course)
    for officer in day:
        check_in(client, officer, session)
    client.force_login(sergeant)
    client.post(f"/rollcall/{session.pk}/attest/")
    page = client.get(f"/rollcall/{session.pk}/complete/")
    assert f"{sergeant.get_full_name()}: presented the session" in page.content.decode()
    client.post(f"/rollcall/{session.pk}/complete/", {"due_on": _in_two_weeks()})
    absence = Absence.objects.get(session=session, user=sergeant)
    assert absence.outcome == Absence.Outcome.PRESENTER
    assert not Assignment.objects.filter(user=sergeant).exists()


def test_make_ups_are_one_ticked_list_the_supervisor_can_select_none_and_untick(client, station):
    agency, sergeant, day, night, course = station
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=course)
    client.post(f"/rollcall/{session.pk}/attest/")

    page = client.get(f"/rollcall/{session.pk}/complete/")
    html = page.content.decode()
    assert html.count('type="checkbox" name="makeup"') == 4
    assert html.count("checked") == 4  # proposed means ticked
    assert "<select" not in html  # one list, no per-officer dropdowns
    assert 'href="?select=none"' in html and 'href="?select=all"' in html
    none = client.get(f"/rollcall/{session.pk}/complete/?select=none").content.decode()
    assert none.count('type="checkbox" name="makeup"') == 4 and "checked" not in none

    response = client.post(
        f"/rollcall/{session.pk}/complete/",
        {"due_on": _in_two_weeks(), "makeup": [day[0].pk, day[1].pk]},
        follow=True,
    )
    assert "Session completed. Make-ups given: 2." in response.content.decode()
    outcomes = dict(Absence.objects.filter(session=session).values_list("user_id", "outcome"))
    assert outcomes == {
        day[0].pk: Absence.Outcome.MAKEUP,
        day[1].pk: Absence.Outcome.MAKEUP,
        day[2].pk: Absence.Outcome.NO_MAKEUP,
        day[3].pk: Absence.Outcome.NO_MAKEUP,
        sergeant.pk: Absence.Outcome.PRESENTER,
    }
    assignment = Assignment.objects.get(user=day[0])
    assert assignment.due_on.isoformat() == _in_two_weeks()
    assert assignment.reason == f"Make-up for roll-call session #{session.pk}"
    detail = client.get(f"/rollcall/{session.pk}/").content.decode()
    assert f"{day[2].get_full_name()}: no make-up" in detail


def test_a_past_due_date_or_a_make_up_for_someone_not_listed_writes_nothing(client, station):
    agency, sergeant, day, night, course = station
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=course)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(f"/rollcall/{session.pk}/complete/", {"due_on": _in_two_weeks()})
    assert response.status_code == 302  # still open: attest first
    client.post(f"/rollcall/{session.pk}/attest/")

    response = client.post(
        f"/rollcall/{session.pk}/complete/", {"due_on": yesterday, "makeup": [day[0].pk]}
    )
    assert response.status_code == 400
    assert "cannot be in the past" in response.content.decode()
    response = client.post(
        f"/rollcall/{session.pk}/complete/", {"due_on": _in_two_weeks(), "makeup": [night[0].pk]}
    )
    assert response.status_code == 400
    assert "is not one of the available choices" in response.content.decode()
    assert not Absence.objects.exists() and not Assignment.objects.exists()
    session.refresh_from_db()
    assert session.status == RollCallSession.Status.CHECKIN_CLOSED


def test_without_a_shift_the_session_expects_the_people_assigned_the_course(client, station):
    agency, sergeant, day, night, course = station
    for officer in (day[0], night[0]):
        Assignment.objects.create(
            user=officer, agency=agency, course=course, due_on=timezone.localdate()
        )
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=course, unit="")
    assert session.expected_scope == RollCallSession.ExpectedScope.ASSIGNED
    assert set(session.expected.values_list("user_id", flat=True)) == {day[0].pk, night[0].pk}
    # Nobody assigned: the whole agency is expected.
    other = build_course(title="Fentanyl exposure", lessons=1)
    session = start_through_the_page(client, agency=agency, course=other, unit="")
    assert session.expected_scope == RollCallSession.ExpectedScope.AGENCY
    assert session.expected.count() == 7


def test_the_start_page_offers_the_agencys_shifts_and_refuses_others(client, station):
    agency, sergeant, day, night, course = station
    client.force_login(sergeant)
    html = client.get("/rollcall/start/").content.decode()
    assert "Shift or unit: Day shift" in html and "Shift or unit: Night shift" in html
    response = client.post(
        "/rollcall/start/",
        {
            "agency": agency.pk,
            "course": course.pk,
            "held_on": timezone.localdate().isoformat(),
            "unit": "Swing shift",
        },
    )
    assert response.status_code == 400
    assert not RollCallSession.objects.exists() and not ExpectedOfficer.objects.exists()


def test_attendance_alone_course_records_a_roll_call_briefing_at_close_of_check_in(client, station):
    agency, sergeant, day, night, course = station
    quiz_course = build_course(
        title="Naloxone refresher",
        lessons=1,  # a course is offered only with a live lesson
        rollcall_counts_as=CoursePage.RollCallCountsAs.ATTENDANCE,
    )
    make_quiz(course=quiz_course)
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=quiz_course)
    assert session.completion_rule == RollCallSession.CompletionRule.ATTESTATION
    check_in(client, day[0], session)
    assert Completion.objects.count() == 0
    client.force_login(sergeant)
    response = client.post(f"/rollcall/{session.pk}/attest/", follow=True)
    assert "Check-in closed. 1 roll-call briefings recorded." in response.content.decode()
    completion = Completion.objects.get(user=day[0])
    assert completion.method == Completion.Method.BRIEFING
    assert completion.get_method_display() == "Roll-call briefing"
    assert completion.recorded_by == sergeant
    assert "(attendance alone)" in completion.note


def test_attendance_and_quiz_course_completes_when_the_officer_passes_the_quiz_after_the_session(
    client, station
):
    agency, sergeant, day, night, course = station
    quiz_course = build_course(title="Naloxone with quiz", lessons=1, recertification_months=12)
    quiz = make_quiz(course=quiz_course)
    client.force_login(sergeant)
    session = start_through_the_page(client, agency=agency, course=quiz_course)
    assert session.completion_rule == RollCallSession.CompletionRule.QUIZ
    check_in(client, day[0], session)
    page = client.get(f"/rollcall/{session.pk}/check-in/").content.decode()
    assert "Take the quiz" in page
    client.force_login(sergeant)
    client.post(f"/rollcall/{session.pk}/attest/")
    client.post(f"/rollcall/{session.pk}/complete/", {"due_on": _in_two_weeks()})
    assert not Completion.objects.exists()  # attendance alone is not enough for this course

    client.force_login(day[0])
    mark_lesson_complete(user=day[0], lesson=lessons_of(quiz_course)[0])  # read at roll call
    take(client, quiz, right=3)
    completion = Completion.objects.get(user=day[0])
    assert completion.method == Completion.Method.ROLL_CALL
    assert completion.recorded_by == sergeant
    assert completion.score == 100
    assert Attendance.objects.get(session=session, user=day[0]).completion == completion
