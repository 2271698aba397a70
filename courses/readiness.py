"""Before the quiz: the lessons still to do, so an officer is warned before starting an attempt
that would not complete the course on its own."""

from __future__ import annotations

from dataclasses import dataclass

from courses.models import CoursePage
from courses.progress import course_progress_for


@dataclass(frozen=True)
class LessonsLeft:
    count: int
    total: int
    next_lesson_url: str


def lessons_left_before_quiz(*, user, quiz) -> LessonsLeft | None:
    """None when every lesson is done (or the quiz is not part of a course)."""
    course = CoursePage.objects.filter(
        path=quiz.path[: -CoursePage.steplen], depth=quiz.depth - 1
    ).first()
    if course is None:
        return None
    progress = course_progress_for(user=user, course=course)
    left = progress.total - progress.completed_count
    if left <= 0:
        return None
    return LessonsLeft(
        count=left,
        total=progress.total,
        # Every completion rule asks for all lessons (courses.progress.check_course_completion).
        next_lesson_url=progress.next_lesson.url if progress.next_lesson else course.url,
    )
