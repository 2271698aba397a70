"""What a course is made of right now: its live lessons, its live quiz and its completion rule.

Deciding whether a course is complete asks these content questions at every quiz pass and
lesson completion. They are read from the database each time (two small queries with an id,
one with the page), so a publish, an unpublish or a move is seen by the very next pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from wagtail.models import Page

from courses.models import CoursePage, LessonPage
from courses.quiz.models import QuizPage


@dataclass(frozen=True)
class CourseOutline:
    course_id: int
    lesson_ids: tuple[int, ...]
    quiz_id: int | None
    requires_quiz: bool


def outline_of(course) -> CourseOutline | None:
    """The outline of `course` (a CoursePage, or its id); None when there is no such course."""
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


def live_children_of(course: CoursePage) -> tuple[list, object | None]:
    """The course's live lessons and its first live quiz, in one query.

    Returned as plain Page objects carrying `estimated_minutes` (enough for lists and links);
    call .specific on one when you need the full page.
    """
    lesson_type = ContentType.objects.get_for_model(LessonPage).pk
    quiz_type = ContentType.objects.get_for_model(QuizPage).pk
    children = (
        Page.objects.live()
        .child_of(course)
        .filter(content_type_id__in=[lesson_type, quiz_type])
        .order_by("path")
        .annotate(lesson_minutes=F("lessonpage__estimated_minutes"))
        .only("id", "title", "slug", "path", "depth", "url_path", "live", "content_type_id")
    )
    lessons, quiz = [], None
    for child in children:
        if child.content_type_id == lesson_type:
            child.estimated_minutes = child.lesson_minutes
            lessons.append(child)
        elif quiz is None:
            quiz = child
    return lessons, quiz
