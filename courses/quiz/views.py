"""Officer and marker views. They read the request, call the engine, and render.

Attempt URLs carry a random UUID; every lookup is scoped to the requesting user (or, for
markers, to `attempts_visible_to`), so another person's attempt is a 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from courses.finish import finish_line
from courses.models import CoursePage
from courses.quiz import engine
from courses.quiz.missed_topics import missed_topics_for
from courses.quiz.models import AttemptQuestion, Question, QuizAttempt, QuizPage
from courses.quiz.selectors import (
    attempts_visible_to,
    can_mark,
    category_success_for,
    markable_quizzes_for,
)
from lms.records.training_status import training_standing

JUST_FINISHED_COOKIE = "quiz_just_finished"


def _just_finished_salt(request: HttpRequest) -> str:
    # Bound to this session: after signing out and in again the marker no longer counts.
    return f"courses.quiz.just_finished:{request.session.session_key}"


def _mark_just_finished(request: HttpRequest, response: HttpResponse, attempt) -> None:
    """Remember in a signed cookie, not the session, that this browser just finished `attempt`.

    Writing the session would be one more database write per submission at roll call.
    """
    response.set_signed_cookie(
        JUST_FINISHED_COOKIE,
        str(attempt.public_id),
        salt=_just_finished_salt(request),
        max_age=settings.SESSION_COOKIE_AGE,
        path=reverse("courses:quiz:result", kwargs={"public_id": attempt.public_id}),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _was_just_finished(request: HttpRequest, attempt) -> bool:
    value = request.get_signed_cookie(
        JUST_FINISHED_COOKIE,
        default=None,
        salt=_just_finished_salt(request),
        max_age=settings.SESSION_COOKIE_AGE,
    )
    return value == str(attempt.public_id)


def _choice_views(question: AttemptQuestion, *, reveal: bool) -> list[dict]:
    """What a template may know about the choices. Correctness only when `reveal`."""
    selected = set(question.selected_tokens)
    views = []
    for choice in question.choices:
        view = {
            "token": choice["token"],
            "text": choice["text"],
            "selected": choice["token"] in selected,
        }
        if reveal:
            view["correct"] = bool(choice.get("correct"))
        views.append(view)
    return views


def _question_view(question: AttemptQuestion, *, reveal: bool) -> dict:
    return {
        "position": question.position,
        "kind": question.kind,
        "is_multiple": question.kind == Question.Kind.MULTIPLE,
        "is_essay": question.kind == Question.Kind.ESSAY,
        "input_type": "checkbox" if question.kind == Question.Kind.MULTIPLE else "radio",
        "text": question.text,
        "image": question.image,
        "image_alt": question.image_alt,
        "choices": _choice_views(question, reveal=reveal),
        "essay_answer": question.essay_answer,
        "is_answered": question.is_answered,
        "category_name": question.category_name,
        # Only ever filled once the answer is in and the quiz shows feedback.
        "reveal": reveal,
        "is_correct": question.is_correct if reveal else None,
        "explanation": question.explanation if reveal else "",
        "marker_comment": question.marker_comment if reveal else "",
    }


def _own_attempt_or_404(request: HttpRequest, public_id, *, with_quiz: bool = False) -> QuizAttempt:
    # The quiz page (a wide row joined from two tables) only when the page shows it: the
    # attempt keeps its own copy of the quiz's title and rules.
    attempts = QuizAttempt.objects.select_related("quiz") if with_quiz else QuizAttempt.objects
    attempt = get_object_or_404(attempts, public_id=public_id, user=request.user)
    attempt.user = request.user  # its owner is the person asking: no second query for them
    return attempt


@require_POST
def start(request: HttpRequest, quiz_id: int) -> HttpResponse:
    # Drafts (not live) are hidden from officers: no page, no attempts.
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    if not quiz.in_live_course():
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.url)
    try:
        attempt = engine.start_attempt(user=request.user, quiz=quiz)
    except engine.QuizRuleError as refusal:
        messages.error(request, str(refusal))
        return redirect(quiz.url)
    return redirect("courses:quiz:attempt", public_id=attempt.public_id)


@login_required
@require_GET
def attempt_view(request: HttpRequest, public_id) -> HttpResponse:
    attempt = _own_attempt_or_404(request, public_id)
    if engine.expire_if_overdue(attempt):
        messages.warning(request, "Time is up. Your answers given in time were graded.")
    if attempt.is_finished:
        return redirect("courses:quiz:result", public_id=attempt.public_id)
    questions = list(attempt.questions.all())
    total = len(questions)
    answered = sum(1 for q in questions if q.is_answered)
    context = {
        "attempt": attempt,
        "total": total,
        "answered": answered,
        "percent_done": round(answered * 100 / total) if total else 0,
        "feedback_after_each": attempt.feedback == QuizPage.Feedback.AFTER_EACH,
    }
    if attempt.layout == QuizPage.Layout.SINGLE_PAGE:
        context["questions"] = [_question_view(q, reveal=False) for q in questions]
        return render(request, "quiz/attempt_single_page.html", context)

    current = None
    requested = request.GET.get("q", "")
    if _is_number(requested):
        current = next((q for q in questions if q.position == int(requested)), None)
    if current is None:
        current = next((q for q in questions if not q.is_answered), None)
    if current is None:
        context["questions"] = [_question_view(q, reveal=False) for q in questions]
        return render(request, "quiz/attempt_summary.html", context)
    reveal = current.is_answered and context["feedback_after_each"]
    following = next((q for q in questions if not q.is_answered and q.pk != current.pk), None)
    context.update(
        question=_question_view(current, reveal=reveal),
        next_position=following.position if following else None,
        previous_position=current.position - 1 if current.position > 1 else None,
    )
    return render(request, "quiz/attempt_question.html", context)


def _is_number(value: str) -> bool:
    # ASCII only: str.isdigit() also accepts digits such as "٣", which int() turns into 3.
    return value.isascii() and value.isdigit() and len(value) < 6


def _positions(values: list[str]) -> list[int]:
    # A tampered position becomes -1, which no attempt has: the engine refuses it clearly.
    return [int(v) if _is_number(v) else -1 for v in values]


@login_required
@require_POST
def submit(request: HttpRequest, public_id) -> HttpResponse:
    positions = _positions(request.POST.getlist("q"))
    try:
        result = engine.submit_answers(
            user=request.user,
            public_id=public_id,
            positions=positions,
            selections={p: request.POST.getlist(f"answer-{p}") for p in positions},
            essays={p: request.POST.get(f"essay-{p}", "") for p in positions},
            finish="finish" in request.POST,
        )
    except QuizAttempt.DoesNotExist:
        raise Http404 from None  # not this person's attempt, or none at all
    attempt = result.attempt
    if result.already_finished:
        messages.info(request, "This attempt is already finished; nothing was changed.")
        return redirect("courses:quiz:result", public_id=attempt.public_id)
    if result.timed_out:
        messages.warning(request, "Time is up. Answers sent after the time limit were not counted.")
        return redirect("courses:quiz:result", public_id=attempt.public_id)
    if result.errors:
        for error in result.errors:
            messages.error(request, error)
        url = reverse("courses:quiz:attempt", kwargs={"public_id": attempt.public_id})
        valid = [p for p in positions if 0 < p <= attempt.max_points]
        if valid and attempt.layout == QuizPage.Layout.ONE_PER_SCREEN:
            url += f"?q={valid[0]}"
        return redirect(url)
    if attempt.is_finished:
        response = redirect("courses:quiz:result", public_id=attempt.public_id)
        _mark_just_finished(request, response, attempt)
        return response
    url = reverse("courses:quiz:attempt", kwargs={"public_id": attempt.public_id})
    if (
        attempt.feedback == QuizPage.Feedback.AFTER_EACH
        and attempt.layout == QuizPage.Layout.ONE_PER_SCREEN
        and result.saved_positions
    ):
        url += f"?q={result.saved_positions[0]}"
    return redirect(url)


def _paper(attempt: QuizAttempt, *, reveal: bool) -> list[dict]:
    return [_question_view(q, reveal=reveal) for q in attempt.questions.all()]


def _finish_line(request: HttpRequest, attempt: QuizAttempt):
    """The course's finish line, once the pass completed the course."""
    if not attempt.passed or attempt.course_id is None:
        return None
    course = CoursePage.objects.filter(pk=attempt.course_id).first()
    if course is None:
        return None
    standing = training_standing(user=request.user, course=course)
    if not standing.is_valid:
        return None
    return finish_line(request=request, course=course, standing=standing)


@login_required
@require_GET
def result(request: HttpRequest, public_id) -> HttpResponse:
    attempt = _own_attempt_or_404(request, public_id, with_quiz=True)
    engine.expire_if_overdue(attempt)
    if not attempt.is_finished:
        return redirect("courses:quiz:attempt", public_id=attempt.public_id)
    just_finished = _was_just_finished(request, attempt)
    shows_answers = attempt.feedback != QuizPage.Feedback.NEVER and (
        attempt.exam_paper or just_finished
    )
    quiz = attempt.quiz
    failed = attempt.status == QuizAttempt.Status.COMPLETED and not attempt.passed
    context = {
        "finish": _finish_line(request, attempt),
        "missed_topics": missed_topics_for(attempt=attempt) if failed else [],
        "attempt": attempt,
        "quiz": quiz,
        "shows_answers": shows_answers,
        "questions": _paper(attempt, reveal=True) if shows_answers else [],
        "message": (
            (quiz.pass_message if attempt.passed else quiz.fail_message)
            if quiz and attempt.status == QuizAttempt.Status.COMPLETED
            else ""
        ),
        "attempts_left": quiz.attempts_left(user=request.user) if quiz else None,
        "wait_until": quiz.next_attempt_allowed_at(user=request.user) if quiz else None,
    }
    return render(request, "quiz/result.html", context)


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    attempts = QuizAttempt.objects.filter(user=request.user).order_by("-started_at")
    return render(
        request,
        "quiz/history.html",
        {
            "attempts": Paginator(attempts, 50).get_page(request.GET.get("page")),
            "categories": category_success_for(user=request.user),
        },
    )


def _marker_or_404(request: HttpRequest) -> None:
    if not can_mark(request.user):
        raise Http404


@login_required
@require_GET
def marking_list(request: HttpRequest) -> HttpResponse:
    _marker_or_404(request)
    attempts = (
        attempts_visible_to(request.user)
        .exclude(status=QuizAttempt.Status.IN_PROGRESS)
        .select_related("agency")
        .order_by("-finished_at")
    )
    quiz_id = request.GET.get("quiz", "")
    if _is_number(quiz_id):
        attempts = attempts.filter(quiz_id=int(quiz_id))
    officer = request.GET.get("officer", "").replace("\x00", "").strip()[:200]
    if officer:
        attempts = attempts.filter(
            Q(user_name__icontains=officer) | Q(user_email__icontains=officer)
        )
    status = request.GET.get("status", "")
    if status in QuizAttempt.Status.values:
        attempts = attempts.filter(status=status)
    return render(
        request,
        "quiz/marking_list.html",
        {
            "attempts": Paginator(attempts, 50).get_page(request.GET.get("page")),
            "quizzes": markable_quizzes_for(request.user),
            "selected_quiz": quiz_id,
            "officer": officer,
            "status": status,
            "statuses": QuizAttempt.Status.choices[1:],
        },
    )


def _visible_attempt_or_404(request: HttpRequest, public_id) -> QuizAttempt:
    _marker_or_404(request)
    return get_object_or_404(
        attempts_visible_to(request.user).exclude(status=QuizAttempt.Status.IN_PROGRESS),
        public_id=public_id,
    )


@login_required
@require_GET
def marking_detail(request: HttpRequest, public_id) -> HttpResponse:
    attempt = _visible_attempt_or_404(request, public_id)
    return render(
        request,
        "quiz/marking_detail.html",
        {"attempt": attempt, "questions": _paper(attempt, reveal=True)},
    )


@login_required
@require_POST
def mark(request: HttpRequest, public_id, position: int) -> HttpResponse:
    attempt = _visible_attempt_or_404(request, public_id)
    question = get_object_or_404(
        AttemptQuestion, attempt=attempt, position=position, kind=Question.Kind.ESSAY
    )
    verdict = request.POST.get("verdict", "")
    if verdict not in {"correct", "incorrect"}:
        messages.error(request, f"Question {position}: choose correct or incorrect.")
    elif question.attempt.user_id == request.user.pk:
        messages.error(request, "You cannot mark your own answers.")
    else:
        try:
            engine.mark_essay(
                marker=request.user,
                question=question,
                correct=verdict == "correct",
                comment=request.POST.get("comment", "").replace("\x00", "").strip(),
            )
        except engine.QuizRuleError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Question {position} marked.")
    return redirect("courses:quiz:marking_detail", public_id=attempt.public_id)
