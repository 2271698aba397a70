"""A roll-call session's life after check-in opens: close check-in, add late officers, complete.

open for check-in --close_check_in--> check-in closed --complete_session--> completed

Closing check-in is the supervisor's attestation of who was present: for a course that counts
attendance alone it records a roll-call briefing for each of them; for a course that wants the
quiz, each officer's pass records the completion (lms.rollcall.services). Until the session is
completed the supervisor can add officers who arrived late. Completing records what happens to
each expected person who was absent: a make-up assignment, or why there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from lms.models import Assignment, Completion, Membership
from lms.notifications import events as notification_events
from lms.records.assignments import give_assignments
from lms.records.ledger import record_completion
from lms.rollcall.conf import app_settings
from lms.rollcall.currency import users_current_on_course
from lms.rollcall.models import Absence, Attendance, ExpectedOfficer, RollCallSession
from lms.rollcall.services import (
    RollCallError,
    session_moment,
    session_note,
)


def _locked(session: RollCallSession) -> RollCallSession:
    return (
        RollCallSession.objects.select_for_update(of=("self",))
        .select_related("agency", "course")
        .get(pk=session.pk)
    )


def _record_briefing(*, session: RollCallSession, attendance: Attendance, supervisor) -> Completion:
    """Attendance alone counts: a roll-call briefing completion, dated the session's day."""
    completion = record_completion(
        user=attendance.user,
        course=session.course,
        method=Completion.Method.BRIEFING,
        completed_at=session_moment(session),
        recorded_by=supervisor,
        agency=session.agency,
        note=f"{session_note(session)} (attendance alone)",
    )
    Attendance.objects.filter(pk=attendance.pk).update(completion=completion)
    return completion


def close_check_in(*, session: RollCallSession, supervisor) -> list[Completion]:
    """The supervisor attests who was present; check-in closes and the code stops working.

    Returns the roll-call briefings recorded (none for a course that wants the quiz).
    """
    if session.course is None:
        raise RollCallError("The course of this session no longer exists.")
    with transaction.atomic():
        session = _locked(session)
        if not session.is_open:
            raise RollCallError("Check-in for this session is already closed.")
        first_published = session.course.first_published_at
        if first_published is None or session.held_on < timezone.localdate(first_published):
            # Sessions saved before dates were checked; the ledger must not predate the course.
            raise RollCallError(
                "This session is dated before its course was first published, so it cannot be "
                "attested. Start a new session with the right date."
            )
        now = timezone.now()
        completions = []
        if not session.needs_quiz:
            for attendance in session.attendances.filter(
                completion__isnull=True, user__isnull=False
            ).select_related("user"):
                completions.append(
                    _record_briefing(session=session, attendance=attendance, supervisor=supervisor)
                )
        RollCallSession.objects.filter(pk=session.pk).update(
            status=RollCallSession.Status.CHECKIN_CLOSED, attested_at=now, checkin_closed_at=now
        )
    return completions


def add_late_attendees(
    *, session: RollCallSession, supervisor, user_ids: list[int]
) -> list[Attendance]:
    """Officers who arrived after check-in closed, added by the supervisor; all or nothing.

    Only the session's own agency's active members: the view answers 404 before this for
    anyone else, and the check here keeps the rule for every caller.
    """
    if not user_ids:
        raise RollCallError("Choose at least one officer who arrived late.")
    with transaction.atomic():
        session = _locked(session)
        if session.is_open:
            raise RollCallError("Check-in is still open: tick them on the roster instead.")
        if session.is_completed:
            raise RollCallError("This session is completed; nobody can be added any more.")
        members = {
            m.user_id: m
            for m in Membership.objects.filter(
                agency_id=session.agency_id,
                status=Membership.Status.ACTIVE,
                user_id__in=user_ids,
            ).select_related("user")
        }
        if set(user_ids) - set(members):
            raise RollCallError("Only active members of this agency can be added.")
        present = set(
            session.attendances.filter(user_id__in=user_ids).values_list("user_id", flat=True)
        )
        added = []
        for user_id in dict.fromkeys(user_ids):
            if user_id in present:
                continue
            membership = members[user_id]
            attendance = Attendance.objects.create(
                session=session,
                user=membership.user,
                user_name=membership.user.get_full_name(),
                badge_number=membership.badge_number,
                method=Attendance.Method.LATE,
            )
            if not session.needs_quiz and session.course is not None:
                _record_briefing(session=session, attendance=attendance, supervisor=supervisor)
            added.append(attendance)
    return added


@dataclass
class MakeupProposal:
    """The absent expected people: those proposed for a make-up, and the others with why."""

    proposed: list[ExpectedOfficer] = field(default_factory=list)
    already_current: list[ExpectedOfficer] = field(default_factory=list)
    presenter: list[ExpectedOfficer] = field(default_factory=list)

    @property
    def absent(self) -> list[ExpectedOfficer]:
        return self.proposed + self.already_current + self.presenter


def propose_makeups(*, session: RollCallSession) -> MakeupProposal:
    """Make-ups go to expected people who were absent, not current, and not the presenter."""
    present = set(session.attendances.values_list("user_id", flat=True))
    absent = [e for e in session.expected.filter(user__isnull=False) if e.user_id not in present]
    current = (
        users_current_on_course(
            course=session.course,
            user_ids=[e.user_id for e in absent],
            at=timezone.now(),
            agency=session.agency,
        )
        if session.course is not None
        else set()
    )
    proposal = MakeupProposal()
    for expected in absent:
        if expected.user_id == session.started_by_id:
            proposal.presenter.append(expected)
        elif expected.user_id in current:
            proposal.already_current.append(expected)
        else:
            proposal.proposed.append(expected)
    return proposal


def default_makeup_due_on() -> date:
    return timezone.localdate() + timedelta(days=app_settings.makeup_days)


def complete_session(
    *, session: RollCallSession, supervisor, makeup_user_ids: list[int], due_on: date
) -> list[Absence]:
    """Complete the session: every absent expected person gets an Absence with its outcome.

    Those in `makeup_user_ids` (which must be among the proposed) get a make-up assignment due
    `due_on`; the other proposed people are recorded as "no make-up", and the current and the
    presenter with that reason. All or nothing.
    """
    if session.course is None:
        raise RollCallError("The course of this session no longer exists.")
    if due_on < timezone.localdate():
        raise RollCallError("The make-up due date cannot be in the past.")
    with transaction.atomic():
        session = _locked(session)
        if session.is_open:
            raise RollCallError("Close check-in first: attest who was present.")
        if session.is_completed:
            raise RollCallError("This session is already completed.")
        proposal = propose_makeups(session=session)
        proposed_ids = {e.user_id for e in proposal.proposed}
        chosen = set(makeup_user_ids)
        if chosen - proposed_ids:
            raise RollCallError(
                "Make-ups can only go to the absent officers listed; reload the page."
            )
        absences, makeups = [], []
        Outcome = Absence.Outcome
        outcomes = [(e, Outcome.PRESENTER) for e in proposal.presenter]
        outcomes += [(e, Outcome.ALREADY_CURRENT) for e in proposal.already_current]
        outcomes += [
            (e, Outcome.MAKEUP if e.user_id in chosen else Outcome.NO_MAKEUP)
            for e in proposal.proposed
        ]
        for expected, outcome in outcomes:
            assignment = None
            if outcome == Outcome.MAKEUP:
                assignment = Assignment.objects.filter(
                    user_id=expected.user_id,
                    agency_id=session.agency_id,
                    course=session.course,
                    due_on=due_on,
                ).first()
                if assignment is None:
                    # A make-up replaces the person's earlier open assignment of the course.
                    assignment = Assignment(
                        user_id=expected.user_id,
                        agency_id=session.agency_id,
                        course=session.course,
                        due_on=due_on,
                        assigned_by=supervisor,
                        reason=f"Make-up for roll-call session #{session.pk}",
                    )
                    give_assignments([assignment])
                    makeups.append(assignment)
            absences.append(
                Absence.objects.create(
                    session=session,
                    user_id=expected.user_id,
                    user_name=expected.user_name,
                    outcome=outcome,
                    assignment=assignment,
                    makeup_due_on=due_on if outcome == Outcome.MAKEUP else None,
                )
            )
        RollCallSession.objects.filter(pk=session.pk).update(
            status=RollCallSession.Status.COMPLETED, completed_at=timezone.now()
        )
        notification_events.assignments_given(assignments=makeups, makeup=True)
    return absences
