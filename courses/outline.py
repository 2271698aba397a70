"""What a course is made of right now: its live lessons, its live quiz and its completion rule.

Deciding whether a course is complete asks these content questions at every quiz pass and
lesson completion. They are read from the database each time (two small queries with an id,
one with the page), so a publish, an unpublish or a move is seen by the very next pass.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CourseOutline:
    course_id: int
    lesson_ids: tuple[int, ...]
    quiz_id: int | None
    requires_quiz: bool


def outline_of(course) -> CourseOutline | None:
    """The outline of `course` (a CoursePage, or its id); None when there is no such course."""
    from courses.models import CoursePage
    from courses.progress import live_children_of

    if not isinstance(course, CoursePage):
        course = (
            CoursePage.objects.filter(pk=course).only("path", "depth", "completion_rule").first()
        )
        if course is None:
            return None
    lessons, quiz = live_children_of(course)
    return CourseOutline(
        course_id=course.pk,
        lesson_ids=tuple(lesson.pk for lesson in lessons),
        quiz_id=quiz.pk if quiz is not None else None,
        requires_quiz=course.requires_quiz,
    )
