"""The admin's "Try this quiz" page (see courses/quiz/trial.py)."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from courses.quiz.models import QuizPage
from courses.quiz.trial import draft_of, draw_trial, grade_trial, read_trial, sign_trial


def try_quiz(request, quiz_id: int):
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    if not quiz.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    draft = draft_of(quiz)
    context = {"quiz": draft, "page_title": f"Try: {draft.title}", "error": ""}
    if request.method == "POST":
        try:
            questions = read_trial(request.POST.get("trial", ""))
        except signing.BadSignature:
            context["error"] = "This try has expired or was changed: start again."
        else:
            answers = {
                number: [value for value in request.POST.getlist(f"q{number}") if value]
                for number in range(1, len(questions) + 1)
            }
            context["result"] = grade_trial(
                questions=questions, answers=answers, pass_mark=draft.pass_mark
            )
            return TemplateResponse(request, "quiz/admin/try_quiz.html", context)
    questions = draw_trial(draft)
    context.update(questions=questions, trial=sign_trial(questions))
    return TemplateResponse(
        request, "quiz/admin/try_quiz.html", context, status=400 if context["error"] else 200
    )
