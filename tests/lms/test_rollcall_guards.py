"""Roll call cannot be gamed: check-in codes cannot be guessed, sessions cannot be back-dated."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from lms.rollcall import services
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
    before = time.time() - services.rollcall_settings().code_seconds
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
