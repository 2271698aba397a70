"""Lesson progress and course completion: the one place that decides where a learner is.

Decisions (documented in docs/records.md):
- A GET never changes state, so opening a lesson records nothing. "Started" is recorded by the
  "Lesson complete" POST, which completes this lesson and starts the next one; a lesson is
  "in progress" from then until it is completed. Start / Continue is a plain link.
- Whether the course is done, and until when, is the ledger's answer (lms.records.training_status), the
  same one the dashboards and certificates give: a roll-call completion counts here too.
- course_completed is sent when the rule is met and the course is not current, or is in its
  renewal window or expired (a renewal: only lesson completions and quiz passes after the
  previous completion count), or with a new quiz pass while current (the ledger records that
  as a refresher).
- The completion records the versions of the pages that were learned (lms.records.content_versions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import CoursePage, LessonPage, LessonProgress
from courses.outline import live_children_of, outline_of
from courses.quiz.selectors import latest_pass
from courses.signals import course_completed
from lms.records import hot_sql
from lms.records.training_status import (
    Standing,
    TrainingStatus,
    standing_annotations,
    standing_from_annotations,
    training_standing,
)

__all__ = [
    "CourseProgress",
    "LessonProgress",
    "LessonStatus",
    "check_course_completion",
    "course_for_lesson",
    "course_progress_for",
    "live_lessons_of",
    "mark_lesson_complete",
    "mark_lesson_started",
]

Status = LessonProgress.Status


@dataclass(frozen=True)
class LessonStatus:
    lesson: LessonPage
    status: str
    number: int

    @property
    def is_completed(self) -> bool:
        return self.status == Status.COMPLETED

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass
class CourseProgress:
    course: CoursePage
    lessons: list[LessonStatus]
    standing: Standing = field(default_factory=Standing)
    quiz: object | None = None
    next_lesson: LessonPage | None = None
    extra: dict = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        """Trained now (current, or in the renewal window): the ledger's answer."""
        return self.standing.is_valid

    @property
    def is_expired(self) -> bool:
        return self.standing.status == TrainingStatus.EXPIRED

    @property
    def in_renewal_window(self) -> bool:
        return self.standing.status == TrainingStatus.RENEWAL_WINDOW

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def lesson_minutes(self) -> int:
        """The lessons' own estimates added up; the course's estimate also covers the quiz."""
        return sum(item.lesson.estimated_minutes or 0 for item in self.lessons)

    @property
    def completed_count(self) -> int:
        return sum(1 for item in self.lessons if item.is_completed)

    @property
    def percent(self) -> int:
        # In the renewal window the lessons count again from zero: show that progress.
        if self.standing.status == TrainingStatus.CURRENT:
            return 100
        if not self.lessons:
            return 0
        return round(100 * self.completed_count / self.total)

    @property
    def has_started(self) -> bool:
        return any(item.status != Status.NOT_STARTED for item in self.lessons)

    @property
    def lessons_done(self) -> bool:
        return bool(self.lessons) and self.completed_count == self.total

    @property
    def status(self) -> str:
        if self.is_complete:
            return Status.COMPLETED
        return Status.IN_PROGRESS if self.has_started else Status.NOT_STARTED

    def status_of(self, lesson_id: int) -> str:
        for item in self.lessons:
            if item.lesson.pk == lesson_id:
                return item.status
        return Status.NOT_STARTED


def live_lessons_of(course: CoursePage):
    """The course's published lessons in tree order (one query; enough fields for links)."""
    return (
        LessonPage.objects.live()
        .child_of(course)
        .order_by("path")
        .only("id", "title", "slug", "path", "depth", "url_path", "estimated_minutes", "live")
    )


COURSE_FIELDS_FOR_LESSONS = (
    "id",
    "title",
    "slug",
    "path",
    "depth",
    "url_path",
    "live",
    "locale_id",
    "content_type_id",
    "live_revision_id",
    "is_public",
    "completion_rule",
    "recertification_months",
    "renewal_window_days",
    "estimated_minutes",
    "issues_certificate",
)


def course_for_lesson(lesson: LessonPage) -> CoursePage | None:
    """The lesson's course (one query by tree path, not get_parent().specific's two)."""
    parent_path = lesson.path[: -LessonPage.steplen]
    # Only what lessons need (links, access, the rule): a narrower SELECT compiles and loads
    # noticeably faster than the full page row on every lesson view.
    return CoursePage.objects.filter(path=parent_path).only(*COURSE_FIELDS_FOR_LESSONS).first()


def _status(row: LessonProgress | None, cycle_start: datetime | None) -> str:
    if row is None:
        return Status.NOT_STARTED
    if row.completed_at and (cycle_start is None or row.completed_at > cycle_start):
        return Status.COMPLETED
    if cycle_start is None or row.started_at > cycle_start:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def course_progress_for(*, user, course: CoursePage, lessons=None) -> CourseProgress:
    """Each live lesson's status for the user, the percentage and the lesson to resume at.

    A fixed number of queries: live lessons and quiz (unless lessons are given, then no quiz),
    progress rows, the standing (lms.records.training_status). Anonymous users get everything "not
    started".
    """
    quiz = None
    if lessons is None:
        lessons, quiz = live_children_of(course)
    lessons = list(lessons)
    rows: dict[int, LessonProgress] = {}
    standing = Standing()
    if getattr(user, "is_authenticated", False) and course.pk is not None:
        now = timezone.now()
        # The rows carry the standing (one query); without rows it is read on its own.
        rows = {
            row.lesson_id: row
            for row in LessonProgress.objects.filter(user=user, course=course)
            .only("lesson_id", "started_at", "completed_at")
            .annotate(**standing_annotations(now))
        }
        if rows:
            standing = standing_from_annotations(
                next(iter(rows.values())), window_days=course.renewal_window_days, now=now
            )
        else:
            standing = training_standing(user=user, course=course, now=now)
    cycle_start = standing.cycle_start
    statuses = [
        LessonStatus(lesson=lesson, status=_status(rows.get(lesson.pk), cycle_start), number=i)
        for i, lesson in enumerate(lessons, start=1)
    ]
    progress = CourseProgress(
        course=course,
        lessons=statuses,
        standing=standing,
        quiz=quiz,
    )
    progress.next_lesson = next(
        (item.lesson for item in statuses if not item.is_completed),
        None,
    )
    return progress


def mark_lesson_started(*, user, lesson: LessonPage, course: CoursePage | None = None):
    """Record that the user began the lesson (idempotent; POST-only callers)."""
    course = course or course_for_lesson(lesson)
    now = timezone.now()
    with transaction.atomic():
        row, created = _get_or_create_row(user=user, lesson=lesson, course=course, now=now)
        if created:
            return row
        standing = training_standing(user=user, course=course, now=now, has_activity=True)
        cycle_start = standing.cycle_start
        if cycle_start is not None and row.started_at <= cycle_start:
            # A renewal: this lesson starts over.
            row.started_at, row.completed_at = now, None
            row.save(update_fields=["started_at", "completed_at"])
    return row


def mark_lesson_complete(*, user, lesson: LessonPage) -> LessonProgress:
    """Mark the lesson completed for the user, then complete the course if that was the last step.

    Repeating it changes nothing: the first completion time stays. Calls
    check_course_completion, so every caller (views, demo loaders) gets the same outcome.
    """
    course = course_for_lesson(lesson)
    now = timezone.now()
    with transaction.atomic():
        row, created = _get_or_create_row(
            user=user, lesson=lesson, course=course, now=now, completed=True
        )
        if not created:
            standing = training_standing(user=user, course=course, now=now, has_activity=True)
            cycle_start = standing.cycle_start
            if _status(row, cycle_start) != Status.COMPLETED:
                if cycle_start is not None and row.started_at <= cycle_start:
                    row.started_at = now
                row.completed_at = now
                row.save(update_fields=["started_at", "completed_at"])
        if course is not None:
            check_course_completion(user=user, course=course)
    return row


def _get_or_create_row(*, user, lesson, course, now, completed: bool = False):
    defaults = {"course": course, "started_at": now, "completed_at": now if completed else None}
    try:
        with transaction.atomic():
            return LessonProgress.objects.get_or_create(
                user=user, lesson_id=lesson.pk, defaults=defaults
            )
    except IntegrityError:
        # A concurrent request created it first.
        return LessonProgress.objects.get(user=user, lesson_id=lesson.pk), False


def check_course_completion(*, user, course: CoursePage | int, attempt=None) -> bool:
    """Send course_completed when the user meets the course's completion rule.

    The rule: every live lesson completed in the current cycle and, when the rule asks for it
    and the course has a live quiz, a passed attempt (the given one, or the latest passing one)
    finished in the current cycle. While the course is current, only a new passed attempt
    sends it (a refresher in the ledger). Returns True when this call sent it.

    `course` is the course page or its id. The course's make-up comes from its outline (kept
    per content stamp), so with an id the page itself is loaded only when the course is
    complete: a quiz pass at roll call usually finds lessons still open, or the course done.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    now = timezone.now()
    course_id = getattr(course, "pk", course)
    # No savepoint when nested (a quiz submission, a lesson completion): nothing here is caught
    # and retried, so the caller's transaction is enough and two statements are saved.
    with transaction.atomic(savepoint=False):
        outline = outline_of(course)
        if outline is None:
            return False
        # Lessons first: at roll call a pass usually finds some still open, and then this one
        # query about the officer decides (the completion state cannot make fewer lessons done).
        # All of the officer's lesson rows (a few dozen at most, on the one-per-lesson index)
        # through lms.records.hot_sql: compiling the ORM's IN query cost more CPU than running it.
        done_at: list[datetime] = []
        if outline.lesson_ids:
            wanted = set(outline.lesson_ids)
            done_at = [
                completed_at
                for lesson_id, completed_at in hot_sql.select_values(
                    LessonProgress, ["lesson_id", "completed_at"], where={"user_id": user.pk}
                )
                if lesson_id in wanted and completed_at is not None
            ]
            if len(done_at) < len(outline.lesson_ids):
                return False
        standing = training_standing(user=user, course=course, now=now, has_activity=True)
        cycle_start = standing.cycle_start
        # Renewing (renewal window or expired): only lessons completed since the last
        # completion count.
        in_cycle = [moment for moment in done_at if cycle_start is None or moment > cycle_start]
        if len(in_cycle) < len(outline.lesson_ids):
            return False
        quiz_id = outline.quiz_id if outline.requires_quiz else None
        new_pass = quiz_id is not None and getattr(attempt, "passed", False)
        if standing.status == TrainingStatus.CURRENT and not new_pass:
            # Current: only a new quiz pass is new evidence (the ledger records a refresher);
            # completing a lesson again adds nothing.
            return False
        if quiz_id is not None:
            if attempt is None or not getattr(attempt, "passed", False):
                attempt = latest_pass(user=user, quiz_id=quiz_id)
            finished = getattr(attempt, "finished_at", None)
            if attempt is None or (cycle_start and finished and finished <= cycle_start):
                return False
        if not outline.lesson_ids and quiz_id is None:
            return False  # an empty course teaches nothing
        if not isinstance(course, CoursePage):
            course = CoursePage.objects.get(pk=course_id)
        revision = course.live_revision
        course_completed.send(
            sender=CoursePage,
            user=user,
            course=course,
            revision=revision,
            attempt=attempt,
            score=getattr(attempt, "score_percent", None),
            completed_at=now,
        )
    return True
