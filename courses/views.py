"""The learner's side of courses: page contexts (used by the page models) and the POST actions.

Views stay thin: who may see what and where a learner is are decided in courses/progress.py
and course_accessible_to below.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certificates.finish_line import finish_line_for
from courses.models import CourseIndexPage, CoursePage, LessonPage, LessonProgress
from courses.offline import offline_bundle_of
from courses.progress import (
    course_for_lesson,
    course_progress_for,
    live_lessons_of,
    mark_lesson_complete,
    mark_lesson_started,
)
from lms.offline import allow_offline_copy, name_offline_account, offline_allowed
from lms.todo_count import remember_todo_count
from lms.training_status import Standing, TrainingStatus, training_standings

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
    steplen = CoursePage.steplen
    parents = {
        path[:-steplen]
        for path in LessonPage.objects.live().descendant_of(index).values_list("path", flat=True)
    }
    courses = CoursePage.objects.live().child_of(index).order_by("path")
    return [course for course in courses.select_related("cover_image") if course.path in parents]


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


def _now():
    from django.utils import timezone

    return timezone.now()


def course_page_context(*, request, course: CoursePage) -> dict:
    if getattr(request, "is_preview", False):
        # A reviewer previews the course as it will be: its draft lessons included.
        drafts = (
            [
                page.get_latest_revision_as_object()
                for page in LessonPage.objects.child_of(course).order_by("path")
            ]
            if course.pk
            else []
        )
        progress = course_progress_for(user=request.user, course=course, lessons=drafts)
    else:
        progress = course_progress_for(user=request.user, course=course)
        if not progress.lessons:
            raise Http404(_("This course has no published lessons yet."))
        allow_offline_copy(request)
    finish = None
    if request.user.is_authenticated and progress.standing.is_valid:
        finish = finish_line_for(user=request.user, course=course, standing=progress.standing)
        remember_todo_count(request, finish.todo_count)
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
    lessons = list(live_lessons_of(course)) if course else []
    if is_preview and (lesson.pk is None or lesson.pk not in {item.pk for item in lessons}):
        lessons = sorted([*lessons, lesson], key=lambda page: page.path)
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


def _learner_lesson_or_404(*, request, lesson_id: int) -> tuple[LessonPage, CoursePage]:
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404(_("No such lesson."))
    course = course_for_lesson(lesson)
    if not course_accessible_to(user=request.user, course=course):
        raise Http404(_("No such lesson."))
    return lesson, course


def _login_required_for_post(request):
    if request.user.is_authenticated:
        return None
    # A POST cannot be replayed after login: come back to the page the form was on.
    back = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    from django.utils.http import url_has_allowed_host_and_scheme

    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect_to_login(back)


@require_POST
def lesson_complete(request, lesson_id: int):
    """The "Lesson complete" button: idempotent; goes on to the next unfinished step."""
    if response := _login_required_for_post(request):
        return response
    lesson, course = _learner_lesson_or_404(request=request, lesson_id=lesson_id)
    before = _now()
    mark_lesson_complete(user=request.user, lesson=lesson)
    progress = course_progress_for(user=request.user, course=course)
    if progress.standing.status == TrainingStatus.CURRENT:
        if progress.standing.last_completed_at >= before:
            messages.success(request, _("Course complete. Well done."))
            return redirect(course.get_url(request))
        # Reviewing a completed course: simply move on.
        later = [item.lesson for item in progress.lessons if item.lesson.path > lesson.path]
        return redirect((later[0] if later else course).get_url(request))
    if progress.next_lesson is not None:
        mark_lesson_started(user=request.user, lesson=progress.next_lesson, course=course)
        return redirect(progress.next_lesson.get_url(request))
    if progress.quiz is not None:
        messages.info(request, _("All lessons completed. Take the quiz to finish the course."))
        return redirect(progress.quiz.get_url(request))
    return redirect(course.get_url(request))


@login_required
@require_GET
def course_offline_list(request, course_id: int) -> JsonResponse:
    """What "Save for offline" keeps of a live course (courses/offline.py), for the page's script.

    Only for people whose copies may be kept (lms.offline): anyone else gets 404, like a course
    they cannot open.
    """
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if not offline_allowed(request) or not course_accessible_to(user=request.user, course=course):
        raise Http404(_("No such course."))
    name_offline_account(request)  # the worker files the saved pages under this account
    return JsonResponse(offline_bundle_of(request=request, course=course).as_json())
