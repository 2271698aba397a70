"""What a course is made of right now: its live lessons, its live quiz and its completion rule.

Deciding whether a course is complete asks these content questions at every quiz pass and
lesson completion (200 passes at once at roll call, each inside its write transaction). They
change only when an author publishes, unpublishes or moves a page, which renews the content
stamp (lms.freshness), so each worker keeps the answer in memory under that stamp.
"""

from __future__ import annotations

from dataclasses import dataclass

from lms import freshness


@dataclass(frozen=True)
class CourseOutline:
    course_id: int
    lesson_ids: tuple[int, ...]
    quiz_id: int | None
    requires_quiz: bool


_outlines = freshness.KeptPerContent()  # by course id


def outline_of(course) -> CourseOutline | None:
    """The outline of `course` (a CoursePage, or its id); None when there is no such course."""
    return _outlines.get(getattr(course, "pk", course), lambda: _work_out(course))


def _work_out(course) -> CourseOutline | None:
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
