from __future__ import annotations

import csv
import io
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import CoursePage
from courses.signals import course_completed
from lms.models import Assignment, Completion
from lms.rollcall import lifecycle, services
from lms.rollcall.models import Attendance, RollCallSession
from tests.factories import UserFactory, make_agency, make_member, start_briefing_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_prompt(settings):
    settings.ROLLCALL_ENFORCE_MFA = False


def _start(client, agency, course):
    response = client.post(
        "/rollcall/start/",
        {
            "agency": agency.pk,
            "course": course.pk,
            "held_on": timezone.localdate().isoformat(),
            "unit": "B-Squad",
            "location": "Muster room",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return RollCallSession.objects.latest("pk")


def test_roll_call_end_to_end_seven_phones_three_ticked(client, squad):
    agency, sergeant, officers, course = squad
    client.force_login(sergeant)
    session = _start(client, agency, course)
    before = time.time()
    page = client.get(f"/rollcall/{session.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code
    # The code rotates; the page shows the one of the window it was rendered in.
    shown = {services.checkin_code(session, at=before), services.checkin_code(session)}
    assert any(code in html for code in shown)

    for officer in officers[:7]:
        client.force_login(officer)
        response = client.post(
            f"/rollcall/{session.pk}/check-in/", {"code": services.checkin_code(session)}
        )
        assert response.status_code == 302
    client.force_login(sergeant)
    response = client.post(f"/rollcall/{session.pk}/tick/", {"user": [o.pk for o in officers[7:]]})
    assert response.status_code == 302
    assert session.attendances.count() == 10
    assert session.attendances.filter(method=Attendance.Method.TICKED).count() == 3

    assert client.post(f"/rollcall/{session.pk}/attest/").status_code == 302
    completions = Completion.objects.filter(course=course)
    assert completions.count() == 10
    # The course has no quiz, so the session counted attendance alone.
    assert set(completions.values_list("method", flat=True)) == {Completion.Method.BRIEFING}
    assert set(completions.values_list("recorded_by", flat=True)) == {sergeant.pk}
    assert all(a.completion_id for a in session.attendances.all())

    # The agency dashboard, the statewide view and the CSV agree.
    dashboard = client.get(f"/dashboard/agency/{agency.pk}/")
    column = dashboard.context["matrix"].columns[0]
    assert (column.complete, column.officers) == (10, 11)
    body = b"".join(client.get(f"/dashboard/agency/{agency.pk}/export.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode())))
    status = rows[0].index("Status")
    assert sorted(r[status] for r in rows[1:]) == ["Complete"] * 10 + ["Not started"]
    sergeant.is_superuser = True
    sergeant.save()
    statewide = client.get("/dashboard/statewide/")
    row = next(r for r, _ in statewide.context["rows"] if r.agency == agency)
    assert row.complete_by_course[course.pk] == 10

    # The whole B-Squad was there: completing proposes no make-up.
    response = client.post(
        f"/rollcall/{session.pk}/complete/",
        {"due_on": (timezone.localdate() + timedelta(days=14)).isoformat()},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == RollCallSession.Status.COMPLETED
    assert not Assignment.objects.exists()


def test_quiz_rule_records_the_officers_pass_as_a_roll_call_completion(client, squad):
    agency, sergeant, officers, course = squad
    session = services.start_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
        held_on=timezone.localdate(),
        completion_rule=RollCallSession.CompletionRule.QUIZ,
    )
    officer = officers[0]
    services.check_in(session=session, user=officer, code=services.checkin_code(session))
    course_completed.send(sender=CoursePage, user=officer, course=course, score=92)
    completion = Completion.objects.get(user=officer)
    assert completion.method == Completion.Method.ROLL_CALL
    assert completion.recorded_by == sergeant
    assert completion.score == 92
    assert Attendance.objects.get(user=officer).completion == completion
    # An officer who did not attend gets an ordinary online completion.
    course_completed.send(sender=CoursePage, user=officers[1], course=course)
    assert Completion.objects.get(user=officers[1]).method == Completion.Method.ONLINE


def test_closing_check_in_of_a_quiz_rule_session_records_no_completion_yet(client, squad):
    agency, sergeant, officers, course = squad
    session = services.start_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
        held_on=timezone.localdate(),
        completion_rule=RollCallSession.CompletionRule.QUIZ,
    )
    services.tick_attendees(session=session, user_ids=[officers[0].pk])
    client.force_login(sergeant)
    response = client.post(f"/rollcall/{session.pk}/attest/", follow=True)
    assert "Check-in closed." in response.content.decode()
    assert "briefings recorded" not in response.content.decode()
    assert not Completion.objects.exists()


def test_wrong_and_expired_codes_are_refused_with_a_message(client, squad):
    agency, sergeant, officers, course = squad
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
    )
    client.force_login(officers[0])
    response = client.post(f"/rollcall/{session.pk}/check-in/", {"code": "000000x"})
    assert response.status_code == 400
    assert "wrong or has expired" in response.content.decode()
    stale = services.checkin_code(session, at=time.time() - 95)
    if stale not in (
        services.checkin_code(session),
        services.checkin_code(session, at=time.time() - 30),
    ):
        response = client.post(f"/rollcall/{session.pk}/check-in/", {"code": stale})
        assert response.status_code == 400
    assert not session.attendances.exists()


def test_previous_window_code_is_still_accepted(squad):
    agency, sergeant, officers, course = squad
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
    )
    now = time.time()
    previous = services.checkin_code(session, at=now - 30)
    assert services.code_is_valid(session, previous, at=now)
    assert not services.code_is_valid(session, services.checkin_code(session, at=now - 90), at=now)


def test_checking_in_twice_says_so_and_keeps_one_attendance(client, squad):
    agency, sergeant, officers, course = squad
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
    )
    client.force_login(officers[0])
    code = services.checkin_code(session)
    client.post(f"/rollcall/{session.pk}/check-in/", {"code": code})
    response = client.post(f"/rollcall/{session.pk}/check-in/", {"code": code}, follow=True)
    assert "already checked in" in response.content.decode()
    assert session.attendances.count() == 1
    with pytest.raises(services.RollCallError, match="already checked in"):
        services.check_in(session=session, user=officers[0], code=code)


def test_checking_in_after_check_in_closed_is_refused_with_what_to_do(client, squad):
    agency, sergeant, officers, course = squad
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
    )
    lifecycle.close_check_in(session=session, supervisor=sergeant)
    client.force_login(officers[0])
    response = client.post(
        f"/rollcall/{session.pk}/check-in/", {"code": services.checkin_code(session)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Check-in for this session has closed" in html
    assert f"ask {sergeant.get_full_name()} to add you" in html
    assert not session.attendances.exists()


def test_another_agencys_officer_gets_a_clear_not_found_page(client, squad):
    agency, sergeant, officers, course = squad
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
    )
    stranger = make_member(agency=make_agency()).user
    client.force_login(stranger)
    response = client.post(
        f"/rollcall/{session.pk}/check-in/", {"code": services.checkin_code(session)}
    )
    assert response.status_code == 404
    assert "not for you" in response.content.decode()
    assert not session.attendances.exists()
    # Nor can they open the supervisor's page.
    assert client.get(f"/rollcall/{session.pk}/").status_code == 404


def test_ticking_another_agencys_officer_writes_nothing(client, squad):
    agency, sergeant, officers, course = squad
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
    )
    stranger = make_member(agency=make_agency()).user
    client.force_login(sergeant)
    response = client.post(
        f"/rollcall/{session.pk}/tick/", {"user": [officers[0].pk, stranger.pk]}, follow=True
    )
    assert "Only officers on this agency" in response.content.decode()
    assert not session.attendances.exists()
    response = client.post(f"/rollcall/{session.pk}/tick/", {"user": ["abc"]}, follow=True)
    assert response.status_code == 200


def test_a_session_cannot_be_dated_more_than_a_day_ahead(client, squad):
    agency, sergeant, officers, course = squad
    client.force_login(sergeant)
    response = client.post(
        "/rollcall/start/",
        {
            "agency": agency.pk,
            "course": course.pk,
            "held_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "completion_rule": "attestation",
        },
    )
    assert response.status_code == 400
    assert "today or tomorrow at the latest" in response.content.decode()
    assert not RollCallSession.objects.exists()


# Presenter mode (the course's roll-call briefing): tests/lms/test_presenter_briefing.py


def test_sign_in_sheet_lists_attendees_in_html_and_pdf(client, squad):
    agency, sergeant, officers, course = squad
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
    )
    services.tick_attendees(session=session, user_ids=[officers[0].pk])
    client.force_login(sergeant)
    html = client.get(f"/rollcall/{session.pk}/sign-in-sheet/").content.decode()
    assert officers[0].get_full_name() in html and "Signature" in html
    pdf = client.get(f"/rollcall/{session.pk}/sign-in-sheet.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_officers_cannot_start_or_run_sessions(client, squad):
    agency, sergeant, officers, course = squad
    session = start_briefing_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
    )
    client.force_login(officers[0])
    assert client.get("/rollcall/start/").status_code == 404
    assert client.post(f"/rollcall/{session.pk}/attest/").status_code == 404
    assert client.get(f"/rollcall/{session.pk}/code.json").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/rollcall/{session.pk}/check-in/").status_code == 404
