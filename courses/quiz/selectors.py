"""Read-only queries about quizzes and attempts, shared by views, reports and other apps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from courses.quiz.models import AttemptQuestion, QuizAttempt, QuizPage
from lms.access import is_ors_staff, supervised_agencies


def live_quiz_for_course(course) -> QuizPage | None:
    """The course's published quiz (drafts are hidden), or None."""
    return QuizPage.objects.live().child_of(course).order_by("path").first()


def passing_attempt_for_course(*, user, course) -> QuizAttempt | None:
    """The user's latest passed attempt at the course's live quiz, or None."""
    quiz = live_quiz_for_course(course)
    if quiz is None:
        return None
    return latest_pass(user=user, quiz_id=quiz.pk)


def latest_pass(*, user, quiz_id: int) -> QuizAttempt | None:
    """The user's latest passed attempt at the quiz, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        QuizAttempt.objects.filter(
            user=user, quiz_id=quiz_id, status=QuizAttempt.Status.COMPLETED, passed=True
        )
        .order_by("-finished_at")
        .first()
    )


def attempts_visible_to(user) -> QuerySet[QuizAttempt]:
    """Own attempts; a supervisor's agency's; every attempt for ORS staff or the permission."""
    if not getattr(user, "is_authenticated", False):
        return QuizAttempt.objects.none()
    if is_ors_staff(user) or user.has_perm("quiz.view_others_results"):
        return QuizAttempt.objects.all()
    agency_ids = list(supervised_agencies(user).values_list("pk", flat=True))
    own = QuizAttempt.objects.filter(user=user)
    if not agency_ids:
        return own
    return QuizAttempt.objects.filter(agency_id__in=agency_ids) | own


def can_mark(user) -> bool:
    """Whether the user may open the marking page (ORS staff, supervisors, the permission)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        is_ors_staff(user)
        or user.has_perm("quiz.view_others_results")
        or supervised_agencies(user).exists()
    )


def category_success_for(*, user) -> list[dict]:
    """The user's share of correct answers per question category, over finished attempts."""
    from django.db.models import Count, Q

    rows = (
        AttemptQuestion.objects.filter(attempt__user=user, is_correct__isnull=False)
        .exclude(attempt__status=QuizAttempt.Status.IN_PROGRESS)
        .values("category_name")
        .annotate(total=Count("pk"), correct=Count("pk", filter=Q(is_correct=True)))
        .order_by("category_name")
    )
    return [
        {
            "name": row["category_name"] or "Uncategorised",
            "total": row["total"],
            "correct": row["correct"],
            "percent": round(row["correct"] * 100 / row["total"]) if row["total"] else 0,
        }
        for row in rows
    ]


def markable_quizzes_for(user) -> QuerySet[QuizPage]:
    """Quizzes that have finished attempts the user may see (for the marking page filter)."""
    quiz_ids = (
        attempts_visible_to(user).exclude(status=QuizAttempt.Status.IN_PROGRESS).values("quiz_id")
    )
    return QuizPage.objects.filter(pk__in=quiz_ids).order_by("title")


@dataclass
class ItemAnalysisRow:
    """How one bank question performed across finished attempts."""

    question_id: int | None
    question: str
    category: str
    kind: str
    answered: int = 0
    correct: int = 0
    wrong_choices: Counter = field(default_factory=Counter)

    @property
    def share_correct(self) -> Decimal:
        if not self.answered:
            return Decimal("0")
        return (Decimal(self.correct) * 100 / self.answered).quantize(Decimal("0.1"))

    @property
    def most_chosen_wrong_choice(self) -> str:
        if not self.wrong_choices:
            return ""
        return self.wrong_choices.most_common(1)[0][0]

    @property
    def most_chosen_wrong_count(self) -> int:
        if not self.wrong_choices:
            return 0
        return self.wrong_choices.most_common(1)[0][1]

    def __str__(self) -> str:
        return self.question


def item_analysis(*, quiz_id: int | None = None) -> list[ItemAnalysisRow]:
    """Per bank question: answers, share correct and the wrong choice picked most often.

    Reads the attempt snapshots (what was actually asked), streaming rows so memory stays
    flat; questions deleted from the bank are grouped under their snapshot text.
    """
    answers = AttemptQuestion.objects.filter(
        answered_at__isnull=False, is_correct__isnull=False
    ).exclude(attempt__status=QuizAttempt.Status.IN_PROGRESS)
    if quiz_id is not None:
        answers = answers.filter(attempt__quiz_id=quiz_id)
    rows: dict = {}
    for values in (
        answers.values(
            "question_id",
            "text",
            "category_name",
            "kind",
            "is_correct",
            "selected_tokens",
            "choices",
        )
        .order_by("pk")
        .iterator(chunk_size=2000)
    ):
        key = values["question_id"] or values["text"]
        row = rows.get(key)
        if row is None:
            row = rows[key] = ItemAnalysisRow(
                question_id=values["question_id"],
                question=values["text"],
                category=values["category_name"],
                kind=values["kind"],
            )
        row.answered += 1
        if values["is_correct"]:
            row.correct += 1
            continue
        by_token = {c["token"]: c for c in values["choices"]}
        for token in values["selected_tokens"]:
            choice = by_token.get(token)
            if choice is not None and not choice.get("correct"):
                row.wrong_choices[choice["text"]] += 1
    return sorted(rows.values(), key=lambda r: (r.share_correct, r.question))
