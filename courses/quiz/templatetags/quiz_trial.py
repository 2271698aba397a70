"""A quiz's preview lets an editor take it (courses/quiz/trial.py): a template tag rather than
QuizPage.get_context, since the trial reads the question bank through a module that imports the
page models."""

from __future__ import annotations

from django import template
from django.urls import reverse

from courses.quiz.trial import SETUP_SALT, TRIAL_SALT, draw_trial, question_fields, setup_of, sign

register = template.Library()


@register.simple_tag
def quiz_trial(quiz) -> dict:
    """The form that tries the version being previewed (nothing for a quiz never saved)."""
    if quiz.pk is None:
        return {}
    setup = setup_of(quiz)
    trial = draw_trial(setup)
    course = quiz.get_parent()
    return {
        "action": reverse("quiz_try", args=(quiz.pk,)),
        "signed": sign(trial, salt=TRIAL_SALT),
        "setup": sign(setup, salt=SETUP_SALT),
        "fields": question_fields(trial),
        "course_preview_url": reverse("wagtailadmin_pages:view_draft", args=(course.pk,)),
    }
