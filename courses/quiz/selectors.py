"""Read-only queries about quizzes and attempts, shared by views, reports and other apps."""

from __future__ import annotations

from django.db.models import QuerySet

from courses.quiz.models import QuizAttempt, QuizPage


def live_quiz_for_course(course) -> QuizPage | None:
    """The course's published quiz (drafts are hidden), or None."""
    return QuizPage.objects.live().child_of(course).order_by("path").first()


def passing_attempt_for_course(*, user, course) -> QuizAttempt | None:
    """The user's latest passed attempt at the course's live quiz, or None."""
    quiz = live_quiz_for_course(course)
    if quiz is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        QuizAttempt.objects.filter(
            user=user, quiz=quiz, status=QuizAttempt.Status.COMPLETED, passed=True
        )
        .order_by("-finished_at")
        .first()
    )


def attempts_visible_to(user) -> QuerySet[QuizAttempt]:
    """Own attempts; a supervisor's agency's; every attempt for ORS staff or the permission."""
    from lms.access import is_ors_staff, supervised_agencies

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
    from lms.access import is_ors_staff, supervised_agencies

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

    from courses.quiz.models import AttemptQuestion

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
