"""Roll-call session work: start, check in, tick, attest, close. Views stay thin around these.

Self check-in uses a code that changes every ROLLCALL_CODE_SECONDS (30 by default): an HMAC of
the session's secret and the time window, so a photo of the screen sent to someone at home stops
working within a minute. The current and the previous window are accepted (slow typists).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.ledger import course_available_from, record_completion
from lms.models import Assignment, Completion, Membership
from lms.ratelimit import Limit, count_attempt, limit_reached
from lms.rollcall.models import Absence, Attendance, RollCallSession

DEFAULT_CODE_SECONDS = 30
DEFAULT_QUIZ_GRACE_DAYS = 7
DEFAULT_MAKEUP_DAYS = 14
# Wrong check-in codes allowed in a window: a mistyped code or two per officer is normal; a
# guess hits one time in 500,000 (two valid codes in a million).
DEFAULT_CHECKIN_WRONG_PER_PERSON = 5
DEFAULT_CHECKIN_WRONG_PER_SESSION = 100
DEFAULT_CHECKIN_WINDOW_SECONDS = 600


class RollCallError(Exception):
    """A refusal with a message the person can act on; nothing was written."""


class CheckInLimited(RollCallError):
    """Too many wrong codes: check-in is refused for a while, even with the right code."""


@dataclass(frozen=True)
class RollCallSettings:
    code_seconds: int
    quiz_grace_days: int
    makeup_days: int
    checkin_wrong_per_person: int = DEFAULT_CHECKIN_WRONG_PER_PERSON
    checkin_wrong_per_session: int = DEFAULT_CHECKIN_WRONG_PER_SESSION
    checkin_window_seconds: int = DEFAULT_CHECKIN_WINDOW_SECONDS


def rollcall_settings() -> RollCallSettings:
    """Typed access to the ROLLCALL_* settings, with defaults."""

    def read(name: str, default: int) -> int:
        return int(getattr(settings, name, default))

    return RollCallSettings(
        code_seconds=read("ROLLCALL_CODE_SECONDS", DEFAULT_CODE_SECONDS),
        quiz_grace_days=read("ROLLCALL_QUIZ_GRACE_DAYS", DEFAULT_QUIZ_GRACE_DAYS),
        makeup_days=read("ROLLCALL_MAKEUP_DAYS", DEFAULT_MAKEUP_DAYS),
        checkin_wrong_per_person=read(
            "ROLLCALL_CHECKIN_WRONG_PER_PERSON", DEFAULT_CHECKIN_WRONG_PER_PERSON
        ),
        checkin_wrong_per_session=read(
            "ROLLCALL_CHECKIN_WRONG_PER_SESSION", DEFAULT_CHECKIN_WRONG_PER_SESSION
        ),
        checkin_window_seconds=read(
            "ROLLCALL_CHECKIN_WINDOW_SECONDS", DEFAULT_CHECKIN_WINDOW_SECONDS
        ),
    )


# --- Rotating check-in code ----------------------------------------------------------------


def _window(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // rollcall_settings().code_seconds)


def _code_for_window(session: RollCallSession, window: int) -> str:
    digest = hmac.new(session.secret.encode(), str(window).encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:4], 'big') % 1_000_000:06d}"


def checkin_code(session: RollCallSession, *, at: float | None = None) -> str:
    """The six-digit code shown on the session screen right now."""
    return _code_for_window(session, _window(at))


def seconds_until_next_code(*, at: float | None = None) -> int:
    seconds = rollcall_settings().code_seconds
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
    completion_rule: str,
) -> RollCallSession:
    problem = session_date_problem(course=course, held_on=held_on)
    if problem:
        raise RollCallError(problem)
    return RollCallSession.objects.create(
        agency=agency,
        course=course,
        course_title=course.title,
        started_by=supervisor,
        supervisor_name=supervisor.get_full_name(),
        held_on=held_on,
        unit=unit.strip(),
        location=location.strip(),
        completion_rule=completion_rule,
    )


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
    """Quiz when the course has a live quiz, otherwise the supervisor's attestation."""
    from courses.quiz.selectors import live_quiz_for_course

    if live_quiz_for_course(course) is not None:
        return RollCallSession.CompletionRule.QUIZ
    return RollCallSession.CompletionRule.ATTESTATION


def roster(session: RollCallSession) -> list[Membership]:
    """The agency's active members, the session's unit first (one query)."""
    members = list(
        Membership.objects.filter(agency_id=session.agency_id, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if session.unit:
        members.sort(key=lambda m: m.unit != session.unit)
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
    config = rollcall_settings()
    minutes = max(1, config.checkin_window_seconds // 60)
    return [
        (
            Limit(
                "rollcall-wrong-code",
                config.checkin_wrong_per_person,
                config.checkin_window_seconds,
            ),
            f"{session.pk}:{user.pk}",
            f"Too many wrong codes. Wait {minutes} minutes and try again, or ask your "
            "supervisor to tick you present.",
        ),
        (
            Limit(
                "rollcall-wrong-code-session",
                config.checkin_wrong_per_session,
                config.checkin_window_seconds,
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
        raise RollCallError("This session is closed; check-in has ended.")
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
            f"every {rollcall_settings().code_seconds} seconds."
        )
    return _attend(session, user, membership, Attendance.Method.SELF)


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


def _session_moment(session: RollCallSession, *, first_published: datetime) -> datetime:
    """Noon of the session's day (now for today's), never before the course was published."""
    now = timezone.now()
    if session.held_on >= timezone.localdate(now):
        return now
    noon = timezone.make_aware(datetime.combine(session.held_on, clock(12)))
    return max(noon, first_published)


def attest_delivery(*, session: RollCallSession, supervisor) -> list[Completion]:
    """The supervisor attests the lesson was delivered: a completion for each attendee."""
    if session.needs_quiz:
        raise RollCallError("This course needs each officer to pass the quiz; attest is off.")
    if session.course is None:
        raise RollCallError("The course of this session no longer exists.")
    if session.attested_at is not None:
        raise RollCallError("Delivery of this session was already attested.")
    first_published = session.course.first_published_at
    if first_published is None or session.held_on < timezone.localdate(first_published):
        # Sessions dated before the rule above existed; the ledger must not predate the course.
        raise RollCallError(
            "This session is dated before its course was first published, so it cannot be "
            "attested. Start a new session with the right date."
        )
    with transaction.atomic():
        session = RollCallSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
        if session.attested_at is not None:
            raise RollCallError("Delivery of this session was already attested.")
        completions = []
        moment = _session_moment(session, first_published=first_published)
        for attendance in session.attendances.filter(completion__isnull=True).select_related(
            "user"
        ):
            if attendance.user is None:
                continue
            completion = record_completion(
                user=attendance.user,
                course=session.course,
                method=Completion.Method.ROLL_CALL,
                completed_at=moment,
                recorded_by=supervisor,
                agency=session.agency,
                note=_session_note(session),
            )
            Attendance.objects.filter(pk=attendance.pk).update(completion=completion)
            completions.append(completion)
        RollCallSession.objects.filter(pk=session.pk).update(attested_at=timezone.now())
    return completions


def _session_note(session: RollCallSession) -> str:
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
    since = timezone.localdate() - timedelta(days=rollcall_settings().quiz_grace_days)
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
            note=_session_note(session),
        )
        Attendance.objects.filter(pk=attendance.pk).update(completion=completion)
    return completion


@dataclass
class AbsenceDecision:
    user_id: int
    makeup_due_on: date | None = None
    exemption_reason: str = ""


def absent_members(session: RollCallSession) -> list[Membership]:
    present = set(session.attendances.values_list("user_id", flat=True))
    return [m for m in roster(session) if m.user_id not in present]


def close_session(
    *, session: RollCallSession, supervisor, decisions: list[AbsenceDecision]
) -> list[Absence]:
    """Close check-in; each absent roster officer gets a make-up assignment or an exemption."""
    if not session.is_open:
        raise RollCallError("This session is already closed.")
    if session.course is None:
        raise RollCallError("The course of this session no longer exists.")
    absent = {m.user_id: m for m in absent_members(session)}
    by_user = {d.user_id: d for d in decisions}
    if set(by_user) - set(absent):
        raise RollCallError("Only absent officers on this agency's roster can be given make-up.")
    today = timezone.localdate()
    default_due = today + timedelta(days=rollcall_settings().makeup_days)
    absences = []
    with transaction.atomic():
        locked = RollCallSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
        if not locked.is_open:
            raise RollCallError("This session is already closed.")
        for user_id, membership in absent.items():
            decision = by_user.get(user_id) or AbsenceDecision(user_id=user_id)
            reason = decision.exemption_reason
            if reason and reason not in Absence.ExemptionReason.values:
                raise RollCallError("Choose leave, injury or deployment as the exemption reason.")
            due = None if reason else (decision.makeup_due_on or default_due)
            if due is not None and due < today:
                raise RollCallError("A make-up due date cannot be in the past.")
            assignment, _ = Assignment.objects.get_or_create(
                user_id=user_id,
                agency_id=session.agency_id,
                course=session.course,
                due_on=due or today,
                defaults={
                    "assigned_by": supervisor,
                    "reason": f"Make-up for roll-call session #{session.pk}",
                    "exempted_at": timezone.now() if reason else None,
                    "exemption_reason": Absence.ExemptionReason(reason).label if reason else "",
                },
            )
            absences.append(
                Absence.objects.create(
                    session=session,
                    user_id=user_id,
                    user_name=membership.user.get_full_name(),
                    assignment=assignment,
                    makeup_due_on=due,
                    exemption_reason=reason,
                )
            )
        RollCallSession.objects.filter(pk=session.pk).update(
            status=RollCallSession.Status.CLOSED, closed_at=timezone.now()
        )
    session.refresh_from_db()
    return absences
