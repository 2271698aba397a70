"""The learner's POST actions on courses (the pages' own context: courses/page_context.py).

Views stay thin: who may see what and where a learner is are decided in courses/progress.py
and courses.page_context.course_accessible_to.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.models import CoursePage, LessonPage, offered_courses
from courses.offline import offline_bundle_of
from courses.page_context import course_accessible_to
from courses.progress import (
    course_for_lesson,
    course_progress_for,
    mark_lesson_complete,
    mark_lesson_started,
)
from lms.offline import name_offline_account, offline_allowed
from lms.records.training_status import TrainingStatus


def _now():
    return timezone.now()


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
    course = offered_courses().filter(pk=course_id).first()
    if not offline_allowed(request) or not course_accessible_to(user=request.user, course=course):
        raise Http404(_("No such course."))
    name_offline_account(request)  # the worker files the saved pages under this account
    return JsonResponse(offline_bundle_of(request=request, course=course).as_json())
