"""One definition of each training state, shared by every dashboard, export and reminder.

The training status of a person on a course is lms.records.training_status's (current, renewal window,
expired, in progress, not started); the dashboards add one state, overdue, from assignments.
In this order of precedence:

complete     current (lms.records.training_status: never expires, or the renewal window is not open)
expiring     in the course's renewal window (still valid)
overdue      an open (not exempted) assignment is past its due date and no completion was
             recorded on or after the day it was assigned
expired      the latest valid-until date has passed
in_progress  a lesson started (courses.LessonProgress) or a quiz attempt still open
not_started  none of the above

Only certifying completions decide (refreshers do not). "Valid" (complete or expiring) is
`valid_completion_q(now)`: the database and Python agree.
Every function here runs a fixed number of queries, whatever the number of officers, courses
and records (tests assert it at two data sizes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    Q,
)
from django.utils.translation import gettext_lazy as _

from lms.models import Completion
from lms.records.training_status import (
    CODE_CURRENT,
    CODE_EXPIRED,
    CODE_RENEWAL_WINDOW,
)


class State:
    """The six cell states, with labels and the badge class each one is shown with."""

    COMPLETE = "complete"
    EXPIRING = "expiring"
    OVERDUE = "overdue"
    EXPIRED = "expired"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"

    LABELS = {
        COMPLETE: _("Complete"),
        EXPIRING: _("Expiring"),
        OVERDUE: _("Overdue"),
        EXPIRED: _("Expired"),
        IN_PROGRESS: _("In progress"),
        NOT_STARTED: _("Not started"),
    }
    BADGES = {
        COMPLETE: "ok",
        EXPIRING: "warn",
        OVERDUE: "danger",
        EXPIRED: "danger",
        IN_PROGRESS: "muted",
        NOT_STARTED: "muted",
    }
    ALL = tuple(LABELS)
    VALID = (COMPLETE, EXPIRING)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(key, str(label)) for key, label in cls.LABELS.items()]


def valid_completion_q(now: datetime, prefix: str = "") -> Q:
    """Certifying completions that count as done at `now` (complete or expiring)."""
    return Q(**{f"{prefix}kind": Completion.Kind.CERTIFYING}) & (
        Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})
    )


# Completion codes computed in SQL, so the whole agency's states need no datetime parsing.
_CODE_COMPLETE, _CODE_EXPIRING, _CODE_EXPIRED = CODE_CURRENT, CODE_RENEWAL_WINDOW, CODE_EXPIRED
COMPLETION_CODES = (_CODE_COMPLETE, _CODE_EXPIRING, _CODE_EXPIRED)


@dataclass(slots=True)
class Cell:
    """What one person has done about one course, and the state that follows.

    `completion_code`, `assignments` and `has_activity` decide the state; the other fields are
    details loaded only for the people shown (a page of the matrix, an export, one officer).
    """

    state: str = State.NOT_STARTED
    completion_code: int | None = None
    assignments: list[tuple[date, bool]] = field(default_factory=list)
    has_activity: bool = False
    last_completed_at: datetime | None = None
    valid_until: datetime | None = None
    never_expires: bool = False
    last_is_manual: bool = False
    training_minutes: int = 0
    due_on: date | None = None

    @property
    def label(self) -> str:
        return str(State.LABELS[self.state])

    @property
    def badge(self) -> str:
        return State.BADGES[self.state]

    @property
    def is_valid(self) -> bool:
        return self.state in State.VALID


def classify(cell: Cell, *, today: date) -> str:
    """The state of one cell (see `state_of`)."""
    return state_of(
        code=cell.completion_code,
        assignments=cell.assignments,
        has_activity=cell.has_activity,
        today=today,
    )


def state_of(
    *,
    code: int | None,
    assignments: list[tuple[date, bool]] | tuple = (),
    has_activity: bool = False,
    today: date,
) -> str:
    """The state of one person and course; the only place the precedence of states is written.

    `code` is the completion code (`_completion_code`, None without a completion);
    `assignments` holds (due_on, satisfied) pairs: satisfied when a completion was recorded on
    or after the day of the assignment.
    """
    if code == _CODE_COMPLETE:
        return State.COMPLETE
    if code == _CODE_EXPIRING:
        return State.EXPIRING
    if any(due_on < today and not satisfied for due_on, satisfied in assignments):
        return State.OVERDUE
    if code == _CODE_EXPIRED:
        return State.EXPIRED
    if has_activity:
        return State.IN_PROGRESS
    return State.NOT_STARTED
