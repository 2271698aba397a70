"""Roll call cannot be gamed: check-in codes cannot be guessed, sessions cannot be back-dated."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as clock

import pytest
from django.utils import timezone

from courses.models import CoursePage
from lms.models import Completion
from lms.rollcall import lifecycle, services
from lms.rollcall.conf import app_settings as rollcall_settings
from lms.rollcall.models import Attendance, RollCallSession

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_prompt(settings):
    settings.ROLLCALL_ENFORCE_MFA = False


@pytest.fixture
def session(squad):
    agency, sergeant, _officers, course = squad
    return services.start_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
        held_on=timezone.localdate(),
        completion_rule=RollCallSession.CompletionRule.ATTESTATION,
    )


def wrong_codes(session, count: int) -> list[str]:
    """Six-digit codes that are neither this window's nor the previous window's."""
    before = time.time() - rollcall_settings.code_seconds
    valid = {services.checkin_code(session), services.checkin_code(session, at=before)}
    return [code for code in (f"{n:06d}" for n in range(count + 3)) if code not in valid][:count]


def check_in(client, session, code):
    return client.post(f"/rollcall/{session.pk}/check-in/", {"code": code})


def test_three_hundred_wrong_codes_are_refused_after_the_fifth(client, squad, session):
    officer = squad[2][0]
    client.force_login(officer)
    statuses = [check_in(client, session, code).status_code for code in wrong_codes(session, 300)]
    assert statuses[:5] == [400] * 5
    assert set(statuses[5:]) == {429}
    # Even the right code is refused now, so further guesses teach nothing.
    response = check_in(client, session, services.checkin_code(session))
    assert response.status_code == 429
    assert "Too many wrong codes. Wait 10 minutes" in response.content.decode()
    assert not Attendance.objects.filter(session=session).exists()


def test_one_officers_wrong_codes_do_not_lock_out_the_next_officer(client, squad, session):
    first, second = squad[2][:2]
    client.force_login(first)
    for code in wrong_codes(session, 6):
        check_in(client, session, code)
    client.force_login(second)
    assert check_in(client, session, services.checkin_code(session)).status_code == 302
    assert Attendance.objects.get(session=session).user == second


def test_a_session_guessed_at_from_many_accounts_closes_check_in_but_not_ticking(
    client, squad, session, settings
):
    settings.ROLLCALL_CHECKIN_WRONG_PER_SESSION = 8
    _agency, sergeant, officers, _course = squad
    codes = iter(wrong_codes(session, 20))
    for officer in officers[:2]:
        client.force_login(officer)
        for _ in range(4):
            check_in(client, session, next(codes))
    client.force_login(officers[2])
    response = check_in(client, session, services.checkin_code(session))
    assert response.status_code == 429
    assert "Too many wrong codes have been typed for this session" in response.content.decode()
    assert not Attendance.objects.exists()
    client.force_login(sergeant)
    client.post(f"/rollcall/{session.pk}/tick/", {"user": [officers[2].pk]})
    assert Attendance.objects.get().user == officers[2]


def start_form(client, squad, held_on: str):
    agency, sergeant, _officers, course = squad
    client.force_login(sergeant)
    return client.post(
        "/rollcall/start/",
        {
            "agency": agency.pk,
            "course": course.pk,
            "held_on": held_on,
            "completion_rule": "attestation",
        },
    )


def published_days_ago(course, days: int, hour: int = 9):
    day = timezone.localdate() - timedelta(days=days)
    moment = timezone.make_aware(datetime.combine(day, clock(hour)))
    CoursePage.objects.filter(pk=course.pk).update(first_published_at=moment)
    course.refresh_from_db()
    return moment


def test_a_session_dated_1901_is_refused_with_the_publication_date_and_nothing_written(
    client, squad
):
    response = start_form(client, squad, "1901-01-01")
    assert response.status_code == 400
    published = timezone.localdate(squad[3].first_published_at)
    assert (
        f"cannot be before the course was first published ({published:%B %-d, %Y})"
        in response.content.decode()
    )
    assert not RollCallSession.objects.exists()


def test_sessions_between_the_courses_publication_and_tomorrow_are_accepted(client, squad):
    published_days_ago(squad[3], 30)
    today = timezone.localdate()
    for held_on in [today - timedelta(days=30), today, today + timedelta(days=1)]:
        assert start_form(client, squad, held_on.isoformat()).status_code == 302, held_on
    assert start_form(client, squad, (today - timedelta(days=31)).isoformat()).status_code == 400
    assert RollCallSession.objects.count() == 3


def test_the_service_refuses_a_back_dated_session_for_every_caller(squad):
    agency, sergeant, _officers, course = squad
    with pytest.raises(services.RollCallError, match="before the course was first published"):
        services.start_session(
            supervisor=sergeant,
            agency=agency,
            course=course,
            held_on=date(1901, 1, 1),
            completion_rule=RollCallSession.CompletionRule.ATTESTATION,
        )
    assert not RollCallSession.objects.exists()


def test_attesting_a_session_stored_with_an_old_date_writes_nothing(client, squad):
    agency, sergeant, officers, course = squad
    # A session saved before dates were checked.
    session = RollCallSession.objects.create(
        agency=agency,
        course=course,
        course_title=course.title,
        started_by=sergeant,
        supervisor_name=sergeant.get_full_name(),
        held_on=date(1901, 1, 1),
        completion_rule=RollCallSession.CompletionRule.ATTESTATION,
    )
    services.tick_attendees(session=session, user_ids=[officers[0].pk])
    client.force_login(sergeant)
    response = client.post(f"/rollcall/{session.pk}/attest/", follow=True)
    assert "dated before its course was first published" in response.content.decode()
    assert not Completion.objects.exists()
    session.refresh_from_db()
    assert session.attested_at is None


def test_a_session_on_the_day_of_publication_is_never_recorded_before_it(squad):
    agency, sergeant, officers, course = squad
    published = published_days_ago(course, 3, hour=18)  # after the noon a past session gets
    session = services.start_session(
        supervisor=sergeant,
        agency=agency,
        course=course,
        held_on=timezone.localdate(published),
        completion_rule=RollCallSession.CompletionRule.ATTESTATION,
    )
    services.tick_attendees(session=session, user_ids=[officers[0].pk])
    (completion,) = lifecycle.close_check_in(session=session, supervisor=sergeant)
    assert completion.completed_at >= published
