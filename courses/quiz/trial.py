"""Trying a quiz as an officer would, from the admin or inside its preview: drawn and graded by
the quiz's own rules, but nothing is written (no attempt, no ledger row, no item-analysis
answer).

Editors try the version they are looking at: the preview's (the form being edited, or the
revision under review), or from the quiz's admin page its latest draft. What a try needs travels
in signed form fields, so grading happens on the server against what was shown, with nothing
stored between the requests: the *setup* (the pool and rules, so "Try again" draws from the same
version) and the *trial* (the questions drawn, their choices and which are correct). Signed is
not secret: an editor could decode the correct answers of their own try, which records nothing.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing

from courses.quiz.models import Question, QuizPage

SETUP_SALT = "quiz.trial.setup"
TRIAL_SALT = "quiz.trial"
MAX_AGE_SECONDS = 4 * 60 * 60
MAX_ESSAY_CHARS = 10_000


def draft_of(quiz: QuizPage) -> QuizPage:
    return quiz.get_latest_revision_as_object() if quiz.latest_revision_id else quiz


def setup_of(quiz: QuizPage) -> dict:
    """The pool and rules of this version of the quiz (the page may be unsaved or a revision)."""
    return {
        "quiz": quiz.pk,
        "title": quiz.title,
        "pool": [link.question_id for link in quiz.quiz_questions.all()],
        "max_questions": quiz.max_questions,
        "random_order": quiz.random_order,
        "shuffle_choices": quiz.shuffle_choices,
        "pass_mark": quiz.pass_mark,
    }


def sign(value: dict, *, salt: str) -> str:
    return signing.dumps(value, salt=salt, compress=True)


def read(signed: str, *, salt: str) -> dict:
    """What was signed; raises signing.BadSignature if changed or older than four hours."""
    return signing.loads(signed, salt=salt, max_age=MAX_AGE_SECONDS)


def draw_trial(setup: dict) -> dict:
    """The questions one attempt would ask, with per-try choice tokens (active questions only,
    as for officers)."""
    ids = setup["pool"]
    by_id = Question.objects.filter(pk__in=ids, is_active=True).prefetch_related("choices")
    questions = sorted(by_id, key=lambda question: ids.index(question.pk))
    if setup["max_questions"] and setup["max_questions"] < len(questions):
        questions = random.sample(questions, setup["max_questions"])  # noqa: S311 - not security
    if setup["random_order"]:
        random.shuffle(questions)  # noqa: S311
    drawn = []
    for question in questions:
        choices = [
            {"token": secrets.token_urlsafe(6), "text": choice.text, "correct": choice.is_correct}
            for choice in question.choices.all()
        ]
        if setup["shuffle_choices"] and question.kind != Question.Kind.TRUE_FALSE:
            random.shuffle(choices)  # noqa: S311
        drawn.append(
            {
                "kind": question.kind,
                "text": question.text,
                "explanation": question.explanation,
                "choices": choices,
            }
        )
    return {"quiz": setup["quiz"], "pass_mark": setup["pass_mark"], "questions": drawn}


def question_fields(trial: dict) -> list[dict]:
    """The questions as the officer's form shows them (quiz/includes/question_fields.html):
    never which choice is correct."""
    return [
        {
            "position": position,
            "text": question["text"],
            "is_essay": question["kind"] == Question.Kind.ESSAY,
            "is_multiple": question["kind"] == Question.Kind.MULTIPLE,
            "input_type": "checkbox" if question["kind"] == Question.Kind.MULTIPLE else "radio",
            "choices": [
                {"token": choice["token"], "text": choice["text"]} for choice in question["choices"]
            ],
        }
        for position, question in enumerate(trial["questions"], start=1)
    ]


def answers_from(post, *, count: int) -> dict[int, list[str] | str]:
    """The answers posted by the officer's form: choice tokens, or an essay's text."""
    answers: dict[int, list[str] | str] = {}
    for position in range(1, count + 1):
        essay = post.get(f"essay-{position}")
        if essay is not None:
            answers[position] = essay[:MAX_ESSAY_CHARS]
        else:
            answers[position] = [value for value in post.getlist(f"answer-{position}") if value]
    return answers


@dataclass
class TrialResult:
    questions: list[dict]  # as quiz/includes/feedback.html shows them
    correct: int
    gradable: int
    percent: Decimal
    passed: bool
    pass_mark: int


def grade_trial(*, trial: dict, answers: dict[int, list[str] | str]) -> TrialResult:
    """Grade like the real quiz: a choice question is right only with exactly the correct set
    of choices; essays are left for a person and not counted."""
    correct = gradable = 0
    shown = []
    for position, question in enumerate(trial["questions"], start=1):
        given = answers.get(position, [])
        view = {
            "position": position,
            "text": question["text"],
            "explanation": question["explanation"],
            "is_essay": question["kind"] == Question.Kind.ESSAY,
        }
        if view["is_essay"]:
            view.update(essay_answer=given if isinstance(given, str) else "", is_correct=None)
        else:
            chosen = set(given) if isinstance(given, list) else set()
            right = {choice["token"] for choice in question["choices"] if choice["correct"]}
            gradable += 1
            view.update(
                is_correct=chosen == right,
                is_answered=bool(chosen),
                choices=[
                    {
                        "text": choice["text"],
                        "selected": choice["token"] in chosen,
                        "correct": choice["correct"],
                    }
                    for choice in question["choices"]
                ],
            )
            correct += view["is_correct"]
        shown.append(view)
    percent = (Decimal(correct) * 100 / (gradable or 1)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return TrialResult(
        questions=shown,
        correct=correct,
        gradable=gradable,
        percent=percent,
        passed=gradable > 0 and percent >= trial["pass_mark"],
        pass_mark=trial["pass_mark"],
    )
