"""Trying a quiz from the admin (see courses/quiz/trial.py): the quiz's "Try this quiz" button
and the form in its preview both come here. The pages look as the officer's quiz does."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from courses.quiz.models import QuizPage
from courses.quiz.trial import (
    SETUP_SALT,
    TRIAL_SALT,
    answers_from,
    draft_of,
    draw_trial,
    grade_trial,
    question_fields,
    read,
    setup_of,
    sign,
)

EXPIRED = "This try has expired or was changed: start again."


def _setup_for(quiz: QuizPage, signed: str) -> dict | None:
    """The version to draw from: the signed setup of an earlier try of this quiz, else (none
    given) the latest draft; None when a given setup is not genuine."""
    if not signed:
        return setup_of(draft_of(quiz))
    try:
        setup = read(signed, salt=SETUP_SALT)
    except signing.BadSignature:
        return None
    return setup if setup.get("quiz") == quiz.pk else None


def try_quiz(request, quiz_id: int):
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    if not quiz.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    url = reverse("quiz_try", args=(quiz.pk,))
    if request.method == "POST":
        setup = _setup_for(quiz, request.POST.get("setup", ""))
        try:
            trial = read(request.POST.get("trial", ""), salt=TRIAL_SALT)
        except signing.BadSignature:
            trial = None
        if trial is None or setup is None or trial.get("quiz") != quiz.pk:
            return _form(request, quiz, setup_of(draft_of(quiz)), error=EXPIRED, status=400)
        answers = answers_from(request.POST, count=len(trial["questions"]))
        return TemplateResponse(
            request,
            "quiz/trial_result.html",
            {
                "title": setup["title"],
                "result": grade_trial(trial=trial, answers=answers),
                "again_url": f"{url}?{urlencode({'setup': request.POST['setup']})}",
                "edit_url": reverse("wagtailadmin_pages:edit", args=(quiz.pk,)),
            },
        )
    setup = _setup_for(quiz, request.GET.get("setup", ""))
    if setup is None:
        return _form(request, quiz, setup_of(draft_of(quiz)), error=EXPIRED, status=400)
    return _form(request, quiz, setup)


def _form(request, quiz: QuizPage, setup: dict, *, error: str = "", status: int = 200):
    trial = draw_trial(setup)
    return TemplateResponse(
        request,
        "quiz/trial.html",
        {
            "title": setup["title"],
            "error": error,
            "trial": {
                "action": reverse("quiz_try", args=(quiz.pk,)),
                "signed": sign(trial, salt=TRIAL_SALT),
                "setup": sign(setup, salt=SETUP_SALT),
                "fields": question_fields(trial),
            },
            "edit_url": reverse("wagtailadmin_pages:edit", args=(quiz.pk,)),
        },
        status=status,
    )
