"""Taking a quiz: start (or resume) an attempt, record answers, grade, mark essays.

Everything is decided here on the server. The browser only ever sees per-attempt random
choice tokens and question positions; a submission naming anything else is refused whole.
Every write happens under a row lock on the attempt (select_for_update on PostgreSQL, an
IMMEDIATE transaction on SQLite), and finishing is a conditional UPDATE on the status, so
a double submission or a replay grades an attempt exactly once.
"""

from __future__ import annotations

import logging
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.formats import date_format

from courses.models import CoursePage
from courses.quiz.models import AttemptQuestion, Question, QuizAttempt, QuizPage
from courses.quiz.signals import quiz_passed
from lms.records import hot_sql
from lms.records.ledger import current_agency_id

logger = logging.getLogger(__name__)

MAX_ESSAY_CHARS = 10_000
# Answers that arrive a few seconds after the limit (a slow network) still count.
DEADLINE_GRACE = timedelta(seconds=15)
_random = random.SystemRandom()


class QuizRuleError(Exception):
    """A rule of the quiz refuses the request; the message is shown to the officer as is."""


@dataclass
class SubmitResult:
    attempt: QuizAttempt
    errors: list[str] = field(default_factory=list)
    saved_positions: list[int] = field(default_factory=list)
    finished_now: bool = False
    already_finished: bool = False
    timed_out: bool = False


def _course_of(quiz: QuizPage):
    """The quiz's course: one narrow query by tree path (not get_parent() and then the page)."""
    parent_path = quiz.path[: -QuizPage.steplen]
    return CoursePage.objects.filter(path=parent_path).only("id", "title").first()


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def is_past_deadline(attempt: QuizAttempt, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return attempt.deadline is not None and now > attempt.deadline + DEADLINE_GRACE


def _snapshot_choices(question: Question, *, shuffle: bool) -> list[dict]:
    choices = [
        {
            "token": secrets.token_urlsafe(9),
            "text": choice.text,
            "correct": choice.is_correct,
            "choice_id": choice.pk,
        }
        for choice in question.choices.all()
    ]
    # True/false keeps its natural order; shuffling it only confuses.
    if shuffle and question.kind != Question.Kind.TRUE_FALSE:
        _random.shuffle(choices)
    return choices


def _pool_of(quiz: QuizPage) -> tuple[Question, ...]:
    """The quiz's questions with their categories, images and choices (two queries)."""
    return tuple(quiz.pool().select_related("category", "image").prefetch_related("choices"))


def _draw_questions(quiz: QuizPage) -> list[Question]:
    pool = list(_pool_of(quiz))
    if quiz.max_questions and quiz.max_questions < len(pool):
        chosen = set(_random.sample(range(len(pool)), quiz.max_questions))
        pool = [q for i, q in enumerate(pool) if i in chosen]
    if quiz.random_order:
        _random.shuffle(pool)
    return pool


def start_attempt(*, user, quiz: QuizPage) -> QuizAttempt:
    """Resume the user's open attempt, or start a new one if the quiz's rules allow it."""
    now = timezone.now()
    with transaction.atomic():
        open_attempt = (
            QuizAttempt.objects.select_for_update()
            .filter(user=user, quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS)
            .first()
        )
        if open_attempt is not None:
            if not is_past_deadline(open_attempt, now):
                return open_attempt
            _finish_locked(open_attempt, now=now, timed_out=True)
        used = quiz.finished_attempts(user=user).count()
        if quiz.max_attempts and used >= quiz.max_attempts:
            raise QuizRuleError(
                "You have used your only attempt at this quiz."
                if quiz.max_attempts == 1
                else f"You have used all {quiz.max_attempts} attempts at this quiz."
            )
        wait_until = quiz.next_attempt_allowed_at(user=user)
        if wait_until is not None:
            raise QuizRuleError(f"You can try this quiz again from {_local(wait_until)}.")
        questions = _draw_questions(quiz)
        if not questions:
            raise QuizRuleError("This quiz has no questions yet. Please try again later.")
        course = _course_of(quiz)
        try:
            with transaction.atomic():
                attempt = QuizAttempt.objects.create(
                    user=user,
                    quiz=quiz,
                    course=course,
                    agency_id=current_agency_id(user),
                    attempt_number=used + 1,
                    started_at=now,
                    deadline=(
                        now + timedelta(minutes=quiz.time_limit_minutes)
                        if quiz.time_limit_minutes
                        else None
                    ),
                    max_points=len(questions),
                    pass_mark=quiz.pass_mark,
                    feedback=quiz.feedback,
                    layout=quiz.layout,
                    exam_paper=quiz.exam_paper,
                    quiz_title=quiz.title,
                    course_title=course.title if course else "",
                    user_name=user.get_full_name(),
                    user_email=user.email,
                )
        except IntegrityError:
            # Another request opened it a moment ago: resume that one.
            return QuizAttempt.objects.get(
                user=user, quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS
            )
        AttemptQuestion.objects.bulk_create(
            AttemptQuestion(
                attempt=attempt,
                position=position,
                question=question,
                category=question.category,
                category_name=question.category.name if question.category else "",
                kind=question.kind,
                text=question.text,
                explanation=question.explanation,
                image=question.image,
                image_alt=question.image_alt,
                choices=_snapshot_choices(question, shuffle=quiz.shuffle_choices),
            )
            for position, question in enumerate(questions, start=1)
        )
    return attempt


def _grade_choice(question: AttemptQuestion, tokens: list[str]) -> bool:
    # Select-all-that-apply is all or nothing: exactly the correct set.
    return set(tokens) == set(question.correct_tokens)


def _validate(
    question: AttemptQuestion, tokens: list[str], essay: str
) -> tuple[str | None, list[str], str]:
    label = f"Question {question.position}"
    if question.kind == Question.Kind.ESSAY:
        essay = essay.replace("\x00", "")  # PostgreSQL text cannot hold NUL
        if len(essay) > MAX_ESSAY_CHARS:
            return (
                f"{label}: your answer is {len(essay):,} characters long; the limit is "
                f"{MAX_ESSAY_CHARS:,}. Please shorten it.",
                [],
                "",
            )
        essay = essay.strip()
        if not essay:
            return f"{label}: please write an answer.", [], ""
        return None, [], essay
    tokens = list(dict.fromkeys(tokens))  # keep order, drop repeats
    if not tokens:
        return f"{label}: please choose an answer.", [], ""
    valid = {c["token"] for c in question.choices}
    if any(token not in valid for token in tokens):
        return (
            f"{label}: that answer is not one of this question's choices. "
            "Please reload the page and choose again.",
            [],
            "",
        )
    if question.kind != Question.Kind.MULTIPLE and len(tokens) > 1:
        return f"{label}: please choose only one answer.", [], ""
    return None, tokens, ""


def submit_answers(
    *,
    user,
    public_id,
    positions: list[int],
    selections: dict[int, list[str]],
    essays: dict[int, str],
    finish: bool = False,
) -> SubmitResult:
    """Record answers for the given positions (all or none) of `user`'s attempt `public_id`,
    and finish when asked. Raises QuizAttempt.DoesNotExist when the attempt is not theirs.

    A question already answered in an attempt that shows feedback after each question keeps
    its first answer (the officer has seen the correct one), so the back button and replays
    change nothing.
    """
    if not connections[router.db_for_write(QuizAttempt)].features.has_select_for_update:
        # SQLite has no row locks: a transaction here takes the whole database's write lock.
        # A resent finishing submission (a double tap at roll call) is answered from an
        # unlocked read instead of queueing behind every other officer's submission.
        attempt = _own_attempt(user, public_id, lock=False)
        if attempt.is_finished:
            return SubmitResult(attempt=attempt, already_finished=True)
    now = timezone.now()
    with transaction.atomic():
        # With row locks (PostgreSQL) this one locked read both finds the person's own attempt
        # and makes a double tap wait for the first copy; a separate ownership read first was
        # one query more per request at roll call, where the server's CPU is the limit.
        attempt = _own_attempt(user, public_id, lock=True)
        result = SubmitResult(attempt=attempt)
        if attempt.is_finished:
            result.already_finished = True
            return result
        if is_past_deadline(attempt, now):
            _finish_locked(attempt, now=now, timed_out=True)
            attempt.refresh_from_db()
            result.attempt = attempt
            result.timed_out = True
            return result
        questions = {
            q.position: q for q in hot_sql.select(AttemptQuestion, where={"attempt_id": attempt.pk})
        }
        if not positions and not finish:
            result.errors.append("Nothing was submitted. Please choose an answer.")
        pending: list[tuple[AttemptQuestion, list[str], str]] = []
        for position in dict.fromkeys(positions):
            question = questions.get(position)
            if question is None:
                result.errors.append(
                    "The form named a question that is not part of this attempt. "
                    "Please reload the page and try again."
                )
                continue
            if question.is_answered and attempt.feedback == QuizPage.Feedback.AFTER_EACH:
                continue
            error, tokens, essay = _validate(
                question, selections.get(position, []), essays.get(position, "")
            )
            if error:
                result.errors.append(error)
            else:
                pending.append((question, tokens, essay))
        if result.errors:
            return result
        for question, tokens, essay in pending:
            question.selected_tokens = tokens
            question.essay_answer = essay
            question.answered_at = now
            question.is_correct = (
                None if question.kind == Question.Kind.ESSAY else _grade_choice(question, tokens)
            )
            result.saved_positions.append(question.position)
        hot_sql.update_each([q for q, _, _ in pending], ANSWER_FIELDS)
        if finish:
            unanswered = [p for p, q in sorted(questions.items()) if not q.is_answered]
            if unanswered:
                result.errors.append(
                    "Please answer every question before finishing (still open: "
                    + ", ".join(str(p) for p in unanswered)
                    + ")."
                )
                return result
            result.finished_now = _finish_locked(
                attempt, now=now, timed_out=False, questions=list(questions.values())
            )
            if not result.finished_now:
                attempt.refresh_from_db()
            result.attempt = attempt
    return result


ANSWER_FIELDS = ("selected_tokens", "essay_answer", "answered_at", "is_correct")


def _own_attempt(user, public_id, *, lock: bool) -> QuizAttempt:
    """The person's attempt `public_id` (QuizAttempt.DoesNotExist when it is not theirs)."""
    found = hot_sql.select(
        QuizAttempt, where={"public_id": public_id, "user_id": user.pk}, lock=lock
    )
    if not found:
        raise QuizAttempt.DoesNotExist("No such attempt for this person.")
    attempt = found[0]
    attempt.user = user  # grading a pass needs the person; no second query for them
    return attempt


def expire_if_overdue(attempt: QuizAttempt) -> bool:
    """Finish an open attempt whose time limit has passed. True when it was finished now."""
    if attempt.is_finished or not is_past_deadline(attempt):
        return False
    with transaction.atomic():
        locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.is_finished:
            return False
        finished = _finish_locked(locked, now=timezone.now(), timed_out=True)
    attempt.refresh_from_db()
    return finished


def _score(attempt: QuizAttempt, correct: int | None = None) -> tuple[Decimal, Decimal, bool]:
    if correct is None:
        correct = attempt.questions.filter(is_correct=True).count()
    points = Decimal(correct)
    total = attempt.max_points or 1
    percent = (points * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return points, percent, percent >= attempt.pass_mark


def _close(attempt: QuizAttempt, *, from_status: str, **fields) -> bool:
    """Move the attempt on from `from_status` (once), and keep the instance in step."""
    changed = hot_sql.update_where(
        QuizAttempt, where={"pk": attempt.pk, "status": from_status}, values=fields
    )
    if changed:
        for name, value in fields.items():
            setattr(attempt, name, value)
    return bool(changed)


def _finish_locked(
    attempt: QuizAttempt,
    *,
    now: datetime,
    timed_out: bool,
    questions: list[AttemptQuestion] | None = None,
) -> bool:
    """Grade and close an attempt (caller holds the lock). False when it was already closed.

    Graded from the attempt's questions in memory (the caller's, when it has them loaded).
    """
    questions = list(attempt.questions.all()) if questions is None else questions
    # Unanswered questions (a time-out) score nothing, essays included.
    unanswered = [q for q in questions if q.answered_at is None]
    if unanswered:
        AttemptQuestion.objects.filter(pk__in=[q.pk for q in unanswered]).update(is_correct=False)
        for question in unanswered:
            question.is_correct = False
    if any(q.kind == Question.Kind.ESSAY and q.is_correct is None for q in questions):
        return _close(
            attempt,
            from_status=QuizAttempt.Status.IN_PROGRESS,
            status=QuizAttempt.Status.AWAITING_MARKING,
            finished_at=now,
            timed_out=timed_out,
            updated_at=now,
        )
    points, percent, passed = _score(attempt, sum(1 for q in questions if q.is_correct))
    changed = _close(
        attempt,
        from_status=QuizAttempt.Status.IN_PROGRESS,
        status=QuizAttempt.Status.COMPLETED,
        finished_at=now,
        timed_out=timed_out,
        score_points=points,
        score_percent=percent,
        passed=passed,
        updated_at=now,
    )
    if changed and passed:
        _announce_pass(attempt)
    return changed


def _announce_pass(attempt: QuizAttempt) -> None:
    """Tell course progress (courses.receivers), which decides whether the course is now
    complete."""
    if attempt.course_id is None or attempt.user_id is None:
        return
    quiz_passed.send(sender=QuizAttempt, attempt=attempt)


def mark_essay(
    *, marker, question: AttemptQuestion, correct: bool, comment: str = ""
) -> AttemptQuestion:
    """Score one essay answer once; the attempt is graded when its last essay is marked."""
    now = timezone.now()
    if len(comment) > MAX_ESSAY_CHARS:
        raise QuizRuleError(f"The comment is longer than {MAX_ESSAY_CHARS:,} characters.")
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(pk=question.attempt_id)
        if attempt.status != QuizAttempt.Status.AWAITING_MARKING:
            raise QuizRuleError("This attempt is not waiting for marking; nothing was changed.")
        changed = AttemptQuestion.objects.filter(
            pk=question.pk, kind=Question.Kind.ESSAY, is_correct__isnull=True
        ).update(is_correct=correct, marked_by=marker, marked_at=now, marker_comment=comment)
        if not changed:
            raise QuizRuleError("This answer has already been marked; nothing was changed.")
        still_open = attempt.questions.filter(
            kind=Question.Kind.ESSAY, is_correct__isnull=True
        ).exists()
        if not still_open:
            points, percent, passed = _score(attempt)
            closed = _close(
                attempt,
                from_status=QuizAttempt.Status.AWAITING_MARKING,
                status=QuizAttempt.Status.COMPLETED,
                score_points=points,
                score_percent=percent,
                passed=passed,
                updated_at=now,
            )
            if closed and passed:
                _announce_pass(attempt)
    question.refresh_from_db()
    return question
