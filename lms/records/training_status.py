"""Is this person trained on this course, and until when? The one answer, from the ledger.

Every page, dashboard, export, reminder, assignment check and certificate asks here (the
dashboards through lms.selectors.states, which builds on `completion_code_case` and `standing_from`).

For one person and one course, reading the certifying completions of the append-only ledger
(lms.Completion, kind "certifying"; refreshers never change a status):

current         the latest completion never expires, or its renewal window has not opened yet
renewal_window  still valid, but within the course's renewal window (default 90 days before
                expiry): the person may renew now, and the renewal starts a new cycle
expired         there were completions, and the latest valid-until date has passed
in_progress     no valid completion, no expired one, but a lesson started or a quiz attempt open
not_started     none of the above

A completion recorded while the course is current (outside the renewal window) is a refresher
(`kind_for_new_completion`): evidence of training that issues no certificate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.models import Agency, Completion
from lms.records.agency_records import countable_for_agency_q

DEFAULT_RENEWAL_WINDOW_DAYS = 90


class TrainingStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    CURRENT = "current", _("Current")
    RENEWAL_WINDOW = "renewal_window", _("Due for renewal")
    EXPIRED = "expired", _("Expired")


# Codes for a (person, course) group computed in SQL (dashboards over whole agencies).
CODE_CURRENT, CODE_RENEWAL_WINDOW, CODE_EXPIRED = 0, 1, 2


@dataclass(frozen=True)
class Standing:
    """A person's training status on one course, with the dates that explain it."""

    status: str = TrainingStatus.NOT_STARTED
    valid_until: datetime | None = None
    renewal_opens_at: datetime | None = None
    last_completed_at: datetime | None = None

    @property
    def label(self) -> str:
        return str(TrainingStatus(self.status).label)

    @property
    def is_valid(self) -> bool:
        """Trained now: current or in the renewal window (an assignment counts as done)."""
        return self.status in (TrainingStatus.CURRENT, TrainingStatus.RENEWAL_WINDOW)

    @property
    def may_renew(self) -> bool:
        """Completing again now starts a new cycle (and issues a new certificate)."""
        return self.status in (TrainingStatus.RENEWAL_WINDOW, TrainingStatus.EXPIRED)

    @property
    def cycle_start(self) -> datetime | None:
        """Lesson progress and quiz passes up to this moment belong to the last cycle: a renewal
        counts only what is done after it. None while current (everything counts)."""
        return self.last_completed_at if self.may_renew else None


def renewal_opens_at(*, valid_until: datetime | None, window_days: int) -> datetime | None:
    if valid_until is None:
        return None
    return valid_until - timedelta(days=window_days)


def standing_from(
    *,
    valid_until: datetime | None,
    never_expires: bool,
    last_completed_at: datetime | None,
    has_activity: bool,
    window_days: int,
    now: datetime,
) -> Standing:
    """The only place the statuses and their precedence are written (see the module doc)."""
    if last_completed_at is None:
        status = TrainingStatus.IN_PROGRESS if has_activity else TrainingStatus.NOT_STARTED
        return Standing(status=status)
    if never_expires:
        return Standing(status=TrainingStatus.CURRENT, last_completed_at=last_completed_at)
    opens = renewal_opens_at(valid_until=valid_until, window_days=window_days)
    if valid_until is not None and valid_until <= now:
        status = TrainingStatus.EXPIRED
    elif opens is not None and opens <= now:
        status = TrainingStatus.RENEWAL_WINDOW
    else:
        status = TrainingStatus.CURRENT
    return Standing(
        status=status,
        valid_until=valid_until,
        renewal_opens_at=opens,
        last_completed_at=last_completed_at,
    )


def certifying_completions() -> models.QuerySet[Completion]:
    """The completions that decide a status (refreshers do not)."""
    return Completion.objects.filter(kind=Completion.Kind.CERTIFYING)


def renewal_windows(*, course_ids: Iterable[int] | None) -> dict[int, int]:
    """Each course's renewal window in days (one query)."""
    CoursePage = apps.get_model("courses", "CoursePage")
    courses = CoursePage.objects.all()
    if course_ids is not None:
        courses = courses.filter(pk__in=list(course_ids))
    return dict(courses.values_list("pk", "renewal_window_days").order_by())


def completion_code_case(*, now: datetime, windows: dict[int, int]) -> Case:
    """current / renewal window / expired of a (user, course) group, in SQL.

    Expects the aliases `never` (certifying completions without expiry) and `valid_until`
    (their latest expiry). Courses are grouped by window length, so the CASE stays short;
    `windows` must hold every course of the groups (`renewal_windows`).
    """
    by_window: dict[int, list[int]] = {}
    for course_id, days in windows.items():
        by_window.setdefault(days, []).append(course_id)
    return Case(
        When(never__gt=0, then=Value(CODE_CURRENT)),
        *(
            When(
                course_id__in=course_ids,
                valid_until__gt=now + timedelta(days=days),
                then=Value(CODE_CURRENT),
            )
            for days, course_ids in sorted(by_window.items())
        ),
        When(valid_until__gt=now, then=Value(CODE_RENEWAL_WINDOW)),
        default=Value(CODE_EXPIRED),
        output_field=IntegerField(),
    )


def activity_keys(*, people: Q, course_ids: list[int] | None) -> set[tuple[int, int]]:
    """(user, course) pairs with a lesson started or a quiz attempt still open (one query, a
    UNION)."""
    return set(activity_pairs(people=people, course_ids=course_ids))


def activity_pairs(*, people: Q, course_ids: list[int] | None):
    """The query behind `activity_keys`: (user, course) rows, a UNION of lesson progress and
    open quiz attempts."""
    in_courses = Q() if course_ids is None else Q(course_id__in=course_ids)
    LessonProgress = apps.get_model("courses", "LessonProgress")
    QuizAttempt = apps.get_model("quiz", "QuizAttempt")
    lessons = LessonProgress.objects.filter(people, in_courses).values_list("user_id", "course_id")
    attempts = (
        QuizAttempt.objects.filter(people, in_courses)
        .exclude(status="completed")
        .values_list("user_id", "course_id")
    )
    return lessons.order_by().union(attempts.order_by())


def training_standings(
    *,
    people: Q,
    course_ids: list[int],
    now: datetime | None = None,
    windows: dict[int, int] | None = None,
    agency: Agency | None = None,
) -> dict[tuple[int, int], Standing]:
    """Standings keyed (user_id, course_id) for the people matched by `people` (a Q over
    `user`, e.g. Q(user__in=queryset) or Q(user_id=7)) and the courses. Three queries, whatever
    the numbers of people and courses (two when the caller has the courses' renewal windows);
    pairs without any record are absent (not started).

    With `agency` (a supervisor's page), only what that agency may count decides
    (lms.records.agency_records.countable_for_agency_q).
    """
    now = now or timezone.now()
    if not course_ids:
        return {}
    if windows is None:
        windows = renewal_windows(course_ids=course_ids)
    countable = Q() if agency is None else countable_for_agency_q(agency)
    grouped = (
        certifying_completions()
        .filter(people, countable, course_id__in=course_ids, completed_at__lte=now)
        .values("user_id", "course_id")
        .annotate(
            never=Count("pk", filter=Q(expires_at__isnull=True)),
            valid_until=Max("expires_at"),
            last=Max("completed_at"),
        )
    )
    rows = grouped.values_list("user_id", "course_id", "never", "valid_until", "last").order_by()
    completed = {(u, c): (never, until, last) for u, c, never, until, last in rows}
    activity = activity_keys(people=people, course_ids=course_ids)
    standings = {}
    for key in completed.keys() | activity:
        never, until, last = completed.get(key, (0, None, None))
        standings[key] = standing_from(
            valid_until=until,
            never_expires=never > 0,
            last_completed_at=last,
            has_activity=key in activity,
            window_days=windows.get(key[1], DEFAULT_RENEWAL_WINDOW_DAYS),
            now=now,
        )
    return standings


def standing_annotations(now: datetime) -> dict[str, Subquery]:
    """Annotations for a queryset of rows with `user_id` and `course_id` (e.g. lesson progress)
    that carry what `training_standing` reads, so a page gets its rows and the standing in one
    query: pass the values of one row to `standing_from_annotations`."""
    mine = certifying_completions().filter(
        user_id=OuterRef("user_id"), course_id=OuterRef("course_id"), completed_at__lte=now
    )
    return {
        "standing_never": Subquery(
            mine.filter(expires_at__isnull=True)
            .values("user_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        "standing_valid_until": Subquery(
            mine.order_by(F("expires_at").desc(nulls_last=True)).values("expires_at")[:1]
        ),
        "standing_last": Subquery(mine.order_by("-completed_at").values("completed_at")[:1]),
    }


def standing_from_annotations(row, *, window_days: int, now: datetime) -> Standing:
    """The standing from a row annotated with `standing_annotations` (the person has lesson
    activity: the row exists)."""
    return standing_from(
        valid_until=row.standing_valid_until,
        never_expires=bool(row.standing_never),
        last_completed_at=row.standing_last,
        has_activity=True,
        window_days=window_days,
        now=now,
    )


def standing_from_entries(
    entries: Iterable[tuple[datetime, datetime | None]],
    *,
    has_activity: bool,
    window_days: int,
    now: datetime,
) -> Standing:
    """The standing from one person's certifying entries for one course, as (completed_at,
    expires_at) pairs already read: the same aggregates `training_standing` asks the database
    for (entries dated after `now` do not count yet), for a caller that read the rows itself."""
    counted = [(done, until) for done, until in entries if done <= now]
    return standing_from(
        valid_until=max((until for _, until in counted if until is not None), default=None),
        never_expires=any(until is None for _, until in counted),
        last_completed_at=max((done for done, _ in counted), default=None),
        has_activity=has_activity,
        window_days=window_days,
        now=now,
    )


def training_standing(
    *, user, course, now: datetime | None = None, has_activity: bool | None = None
) -> Standing:
    """One person's standing on one course (`course` a page or its id). Anonymous: not
    started.

    One query with a course page (its window is on it) and `has_activity` known or not needed
    (a completion decides); at most three otherwise. Callers that already read the person's
    lesson rows pass `has_activity=True` when there are some.
    """
    if not getattr(user, "is_authenticated", False):
        return Standing()
    now = now or timezone.now()
    course_id = getattr(course, "pk", course)
    window_days = getattr(course, "renewal_window_days", None)
    if window_days is None:
        window_days = renewal_windows(course_ids=[course_id]).get(
            course_id, DEFAULT_RENEWAL_WINDOW_DAYS
        )
    never, valid_until, last = (
        certifying_completions()
        .filter(user_id=user.pk, course_id=course_id, completed_at__lte=now)
        .aggregate(
            never=Count("pk", filter=Q(expires_at__isnull=True)),
            valid_until=Max("expires_at"),
            last=Max("completed_at"),
        )
        .values()
    )
    if last is None and has_activity is None:
        has_activity = bool(activity_keys(people=Q(user_id=user.pk), course_ids=[course_id]))
    return standing_from(
        valid_until=valid_until,
        never_expires=bool(never),
        last_completed_at=last,
        has_activity=bool(has_activity),
        window_days=window_days,
        now=now,
    )


def cycle_completion(
    *, user, course, at: datetime, trained_here: bool = False
) -> Completion | None:
    """The certifying completion whose cycle is current at `at`, outside its renewal window:
    a completion recorded at `at` only refreshes it. None when a new completion would start a
    cycle (no completion yet, expired, or in the renewal window).

    For training here (`trained_here`), a cycle started by training recorded from elsewhere
    does not count: we certified nothing then, so our own training starts a cycle and earns
    its certificate."""
    completions = certifying_completions().filter(user=user, course=course, completed_at__lte=at)
    if trained_here:
        completions = completions.exclude(method=Completion.Method.MANUAL)
    latest = completions.order_by("-completed_at", "-pk").first()
    if latest is None:
        return None
    if latest.expires_at is None:
        return latest
    window_days = getattr(course, "renewal_window_days", None) or DEFAULT_RENEWAL_WINDOW_DAYS
    opens = renewal_opens_at(valid_until=latest.expires_at, window_days=window_days)
    return latest if at < opens else None


def assignment_satisfied(now: datetime, *, agency: Agency | None = None) -> Q:
    """For an Assignment queryset annotated with `assigned_day` (TruncDay("created_at")): the
    person completed the course (any kind) on or after the day it was assigned, or is trained
    on it now. The one definition the dashboards, reminders and the officer's list share.

    With `agency` (a supervisor's page), only completions that agency may count
    (lms.records.agency_records.countable_for_agency_q)."""
    countable = Q() if agency is None else countable_for_agency_q(agency)
    since_assigned = Completion.objects.filter(
        countable,
        user_id=OuterRef("user_id"),
        course_id=OuterRef("course_id"),
        completed_at__gte=OuterRef("assigned_day"),
        completed_at__lte=now,
    )
    trained_now = certifying_completions().filter(
        countable,
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        user_id=OuterRef("user_id"),
        course_id=OuterRef("course_id"),
        completed_at__lte=now,
    )
    return Q(Exists(since_assigned)) | Q(Exists(trained_now))
