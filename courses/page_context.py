"""What the course pages show a learner: the page models' get_context and serve call these.

Who may see what and where a learner is are decided in courses/progress.py and
course_accessible_to below; the POST actions are in courses/views.py.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from courses.finish import finish_line
from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    LessonProgress,
    offered_courses,
)
from courses.progress import course_for_lesson, course_progress_for, live_lessons_of
from courses.quiz.models import QuizPage
from courses.review import course_as_approved
from lms.offline import allow_offline_copy, offline_allowed
from lms.records.training_status import Standing, TrainingStatus, training_standings

# Bounds how long a replaced image's old rendition can show in a published lesson body.
LESSON_BODY_CACHE_SECONDS = 60 * 60


def course_accessible_to(*, user, course: CoursePage | None) -> bool:
    """A live course is readable by anyone when public, otherwise by signed-in users."""
    if course is None or not course.live:
        return False
    return course.is_public or getattr(user, "is_authenticated", False)


def login_redirect_unless_allowed(*, request, course: CoursePage) -> HttpResponse | None:
    """Send an anonymous visitor of a private course to log in, and back here afterwards."""
    if course.is_public or request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path())


def lesson_course_or_404(*, lesson: LessonPage, request) -> CoursePage:
    """The lesson's course; a live lesson inside an unpublished course is not shown (404)."""
    course = course_for_lesson(lesson)
    if course is None or not (course.live or getattr(request, "is_preview", False)):
        raise Http404
    request._courses_lesson_course = course
    return course


def _progress_labels(progress) -> dict:
    return {
        "progress": progress,
        "progress_text": _("%(done)s of %(total)s lessons completed")
        % {"done": progress.completed_count, "total": progress.total},
    }


def courses_with_live_lessons(index: CourseIndexPage) -> list[CoursePage]:
    """Published courses that have something to read: a course whose lessons are all drafts
    is not offered to officers, even when its own page is live."""
    courses = offered_courses().child_of(index).order_by("path")
    return list(courses.select_related("cover_image"))


def _index_status(standing: Standing):
    """The course list's wording: "Completed" while trained, else the ledger's status."""
    if standing.is_valid:
        return LessonProgress.Status.COMPLETED
    if standing.status == TrainingStatus.EXPIRED:
        return TrainingStatus.EXPIRED
    if standing.status == TrainingStatus.IN_PROGRESS:
        return LessonProgress.Status.IN_PROGRESS
    return LessonProgress.Status.NOT_STARTED


def course_index_context(*, request, index: CourseIndexPage) -> dict:
    """Published courses with the signed-in learner's status (five queries, any number)."""
    courses = courses_with_live_lessons(index)
    statuses: dict[int, object] = {}
    if request.user.is_authenticated and courses:
        standings = training_standings(
            people=Q(user_id=request.user.pk),
            course_ids=[course.pk for course in courses],
            windows={course.pk: course.renewal_window_days for course in courses},
        )
        for course in courses:
            standing = standings.get((request.user.pk, course.pk), Standing())
            statuses[course.pk] = _index_status(standing)
    return {
        "course_items": [
            {
                "course": course,
                "status": statuses.get(course.pk),
                "status_label": statuses[course.pk].label if course.pk in statuses else "",
            }
            for course in courses
        ]
    }


def _course_as_approved(course: CoursePage) -> tuple[list[LessonPage], QuizPage | None]:
    """A preview's lessons and quiz: as officers will see them once the course is approved (the
    versions under review, or the current drafts), each linking to its own preview."""
    pages = course_as_approved(course)
    lessons = [page for page in pages if isinstance(page, LessonPage)]
    quiz = next((page for page in pages if isinstance(page, QuizPage)), None)
    return lessons, quiz


def course_page_context(*, request, course: CoursePage) -> dict:
    if getattr(request, "is_preview", False):
        # A reviewer previews the course as it will be: lessons and quiz under review included.
        lessons, quiz = _course_as_approved(course)
        progress = course_progress_for(user=request.user, course=course, lessons=lessons)
        progress.quiz = quiz
    else:
        progress = course_progress_for(user=request.user, course=course)
        if not progress.lessons:
            raise Http404(_("This course has no published lessons yet."))
        allow_offline_copy(request)
    finish = None
    if request.user.is_authenticated and progress.standing.is_valid:
        finish = finish_line(request=request, course=course, standing=progress.standing)
    return {
        **_progress_labels(progress),
        "finish": finish,
        "resume_lesson": progress.next_lesson,
        "can_track": request.user.is_authenticated,
        "can_save_offline": offline_allowed(request) and not getattr(request, "is_preview", False),
        # The wallet card is linked from the card's side (certificates.QuickReferenceCard.course);
        # the highest version of the course's card is the current one.
        "quick_reference_card": (
            course.quick_reference_cards.order_by("-version")
            .only("slug", "title", "version")
            .first()
            if course.pk  # an unsaved course (previewed while being created) has none
            else None
        ),
    }


def lesson_page_context(*, request, lesson: LessonPage) -> dict:
    is_preview = getattr(request, "is_preview", False)
    course = getattr(request, "_courses_lesson_course", None) or course_for_lesson(lesson)
    if is_preview:
        lessons = _course_as_approved(course)[0] if course else []
        # The lesson being previewed (perhaps unsaved, or not in the review) in its place.
        lessons = [item for item in lessons if item.pk is None or item.pk != lesson.pk]
        lessons = sorted([*lessons, lesson], key=lambda page: page.path)
        if course is not None and course.pk:
            course.preview_url = reverse("wagtailadmin_pages:view_draft", args=(course.pk,))
    else:
        lessons = list(live_lessons_of(course)) if course else []
    progress = (
        course_progress_for(user=request.user, course=course, lessons=lessons) if course else None
    )
    index = next((i for i, item in enumerate(lessons) if item is lesson or item.pk == lesson.pk), 0)
    if not is_preview:
        allow_offline_copy(request)
    return {
        "course": course,
        **(_progress_labels(progress) if progress else {}),
        "lesson_number": index + 1,
        "lesson_count": len(lessons),
        "previous_lesson": lessons[index - 1] if index > 0 else None,
        "next_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        "lesson_status": progress.status_of(lesson.pk) if progress else None,
        "lesson_body_seconds": LESSON_BODY_CACHE_SECONDS,
        "can_track": request.user.is_authenticated and not is_preview,
    }
