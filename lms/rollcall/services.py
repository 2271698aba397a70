"""Roll-call session work: start, check in, tick. Views stay thin around these.

Closing check-in, adding late officers and completing a session live in lms.rollcall.lifecycle.

Self check-in uses a code that changes every ROLLCALL_CODE_SECONDS (30 by default): an HMAC of
the session's secret and the time window, so a photo of the screen sent to someone at home stops
working within a minute. The current and the previous window are accepted (slow typists).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.quiz.selectors import live_quiz_for_course
from lms.models import Completion, Membership
from lms.ratelimit import Limit, count_attempt, limit_reached
from lms.records.ledger import course_available_from, record_completion
from lms.rollcall.conf import app_settings
from lms.rollcall.expected import NobodyExpected, expected_members, record_expected
from lms.rollcall.models import Attendance, ExpectedOfficer, RollCallSession


class RollCallError(Exception):
    """A refusal with a message the person can act on; nothing was written."""


class CheckInLimited(RollCallError):
    """Too many wrong codes: check-in is refused for a while, even with the right code."""


# --- Rotating check-in code ----------------------------------------------------------------


def _window(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // app_settings.code_seconds)


def _code_for_window(session: RollCallSession, window: int) -> str:
    digest = hmac.new(session.secret.encode(), str(window).encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:4], 'big') % 1_000_000:06d}"


def checkin_code(session: RollCallSession, *, at: float | None = None) -> str:
    """The six-digit code shown on the session screen right now."""
    return _code_for_window(session, _window(at))


def seconds_until_next_code(*, at: float | None = None) -> int:
    seconds = app_settings.code_seconds
    now = time.time() if at is None else at
    return max(1, int(seconds - now % seconds))


def code_is_valid(session: RollCallSession, code: str, *, at: float | None = None) -> bool:
    code = (code or "").strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return False
    window = _window(at)
    return any(
        hmac.compare_digest(code, _code_for_window(session, w)) for w in (window, window - 1)
    )


# --- Sessions ------------------------------------------------------------------------------


def start_session(
    *,
    supervisor,
    agency,
    course,
    held_on: date,
    unit: str = "",
    location: str = "",
    completion_rule: str | None = None,
) -> RollCallSession:
    """Start a session and record who it is for (see lms.rollcall.expected).

    The course decides what the session counts as (default_completion_rule); an explicit
    `completion_rule` is for loading history, never offered to supervisors.
    """
    problem = session_date_problem(course=course, held_on=held_on)
    if problem:
        raise RollCallError(problem)
    unit = unit.strip()
    try:
        scope, members = expected_members(agency=agency, course=course, unit=unit)
    except NobodyExpected as error:
        raise RollCallError(str(error)) from None
    with transaction.atomic():
        session = RollCallSession.objects.create(
            agency=agency,
            course=course,
            course_title=course.title,
            started_by=supervisor,
            supervisor_name=supervisor.get_full_name(),
            held_on=held_on,
            unit=unit,
            location=location.strip(),
            completion_rule=completion_rule or default_completion_rule(course),
            expected_scope=scope,
        )
        record_expected(session=session, members=members)
    return session


def session_date_problem(*, course, held_on: date) -> str | None:
    """Why a session of `course` cannot be dated `held_on`, or None.

    A session may be set up the day before (a night shift's briefing); it cannot predate the
    course, since attesting it would put training in the ledger before the course existed.
    """
    if held_on > timezone.localdate() + timedelta(days=1):
        return "A session can be dated today or tomorrow at the latest."
    available_from = course_available_from(course)
    if available_from is None:
        return "This course has not been published yet."
    if held_on < available_from:
        return (
            "The date cannot be before the course was first published "
            f"({available_from:%B %-d, %Y})."
        )
    return None


def default_completion_rule(course) -> str:
    """What the course says a session counts as; attendance alone when it has no live quiz."""
    wants_quiz = course.rollcall_counts_as == type(course).RollCallCountsAs.ATTENDANCE_AND_QUIZ
    if wants_quiz and live_quiz_for_course(course) is not None:
        return RollCallSession.CompletionRule.QUIZ
    return RollCallSession.CompletionRule.ATTESTATION


def roster(session: RollCallSession) -> list[Membership]:
    """The agency's active members, the people the session expects first (two queries).

    Everyone is listed, not only the expected: an officer from another shift who turns up
    is present too.
    """
    expected = set(
        ExpectedOfficer.objects.filter(session=session).values_list("user_id", flat=True)
    )
    members = list(
        Membership.objects.filter(agency_id=session.agency_id, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    members.sort(key=lambda m: m.user_id not in expected)
    return members


def _membership(session: RollCallSession, user) -> Membership | None:
    return Membership.objects.filter(
        agency_id=session.agency_id, user=user, status=Membership.Status.ACTIVE
    ).first()


def _attend(session, user, membership, method) -> Attendance:
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                session=session,
                user=user,
                user_name=user.get_full_name(),
                badge_number=membership.badge_number,
                method=method,
            )
    except IntegrityError:
        raise RollCallError(f"{user.get_full_name()} is already checked in.") from None


def _wrong_code_limits(session: RollCallSession, user) -> list[tuple[Limit, str, str]]:
    """(limit, key, refusal) for wrong codes: per person in this session, and per session (a
    group of accounts guessing together)."""
    minutes = max(1, app_settings.checkin_window_seconds // 60)
    return [
        (
            Limit(
                "rollcall-wrong-code",
                app_settings.checkin_wrong_per_person,
                app_settings.checkin_window_seconds,
            ),
            f"{session.pk}:{user.pk}",
            f"Too many wrong codes. Wait {minutes} minutes and try again, or ask your "
            "supervisor to tick you present.",
        ),
        (
            Limit(
                "rollcall-wrong-code-session",
                app_settings.checkin_wrong_per_session,
                app_settings.checkin_window_seconds,
            ),
            f"{session.pk}",
            "Too many wrong codes have been typed for this session. Ask your supervisor to "
            "tick you present.",
        ),
    ]


def check_in(*, session: RollCallSession, user, code: str) -> Attendance:
    """An officer checks in on their phone with the code on the screen.

    Once a limit on wrong codes is reached even the right code is refused, so a guesser learns
    nothing from further tries; the supervisor can still tick the officer present.
    """
    if not session.is_open:
        raise RollCallError(checkin_refusal(session))
    membership = _membership(session, user)
    if membership is None:
        raise RollCallError("This session is for another agency's officers.")
    if Attendance.objects.filter(session=session, user=user).exists():
        raise RollCallError("You are already checked in to this session.")
    limits = _wrong_code_limits(session, user)
    for limit, key, refusal in limits:
        if limit_reached(limit, key=key):
            raise CheckInLimited(refusal)
    if not code_is_valid(session, code):
        for limit, key, _refusal in limits:
            count_attempt(limit, key=key)
        raise RollCallError(
            "That code is wrong or has expired. Type the code on the screen now; it changes "
            f"every {app_settings.code_seconds} seconds."
        )
    return _attend(session, user, membership, Attendance.Method.SELF)


def checkin_refusal(session: RollCallSession) -> str:
    """What an officer who is too late to check in should do next."""
    if session.is_completed:
        return (
            f"This session is completed, so it can no longer record you. If you were there, "
            f"ask {session.supervisor_name} about a make-up."
        )
    return (
        f"Check-in for this session has closed. If you were there, ask "
        f"{session.supervisor_name} to add you: they can do it from the session page until "
        f"the session is completed."
    )


def tick_attendees(*, session: RollCallSession, user_ids: list[int]) -> list[Attendance]:
    """The supervisor marks officers without phones as present; all or nothing."""
    if not session.is_open:
        raise RollCallError("This session is closed; attendance can no longer change.")
    members = {
        m.user_id: m
        for m in Membership.objects.filter(
            agency_id=session.agency_id, status=Membership.Status.ACTIVE, user_id__in=user_ids
        ).select_related("user")
    }
    unknown = set(user_ids) - set(members)
    if unknown:
        raise RollCallError("Only officers on this agency's roster can be ticked.")
    present = set(
        Attendance.objects.filter(session=session, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    with transaction.atomic():
        return [
            _attend(session, members[uid].user, members[uid], Attendance.Method.TICKED)
            for uid in user_ids
            if uid not in present
        ]


def session_moment(session: RollCallSession) -> datetime:
    """When a completion from the session is dated: now on the day, noon for a past date,
    never before the course was first published."""
    now = timezone.now()
    if session.held_on >= timezone.localdate(now):
        return now
    noon = timezone.make_aware(datetime.combine(session.held_on, clock(12)))
    first_published = session.course.first_published_at if session.course else None
    return max(noon, first_published) if first_published else noon


def session_note(session: RollCallSession) -> str:
    where = f", {session.location}" if session.location else ""
    unit = f", {session.unit}" if session.unit else ""
    return f"Roll-call session #{session.pk} on {session.held_on:%Y-%m-%d}{unit}{where}"


def record_quiz_completion_for_attendee(
    *, user, course, revision=None, attempt_id=None, score=None, completed_at=None
) -> Completion | None:
    """When an officer who checked in passes the quiz, record it as a roll-call completion.

    Returns None when the officer has no pending attendance for this course (then the caller
    records an ordinary online completion).
    """
    since = timezone.localdate() - timedelta(days=app_settings.quiz_grace_days)
    with transaction.atomic():
        attendance = (
            Attendance.objects.select_for_update(of=("self",))
            .filter(
                user=user,
                completion__isnull=True,
                session__course=course,
                session__completion_rule=RollCallSession.CompletionRule.QUIZ,
                session__held_on__gte=since,
            )
            .select_related("session", "session__agency", "session__started_by")
            .order_by("-session__held_on", "-pk")
            .first()
        )
        if attendance is None:
            return None
        session = attendance.session
        completion = record_completion(
            user=user,
            course=course,
            method=Completion.Method.ROLL_CALL,
            completed_at=completed_at,
            revision=revision,
            attempt_id=attempt_id,
            score=score,
            recorded_by=session.started_by,
            agency=session.agency,
            note=session_note(session),
        )
        Attendance.objects.filter(pk=attendance.pk).update(completion=completion)
    return completion
