"""Trying a quiz as an officer would, from the admin: drawn and graded by the quiz's own rules,
but nothing is written (no attempt, no ledger row, no item-analysis answer).

Editors try the draft they are working on, so the pool comes from the quiz's latest revision,
not the published one. The questions asked travel in a signed form field, so grading happens on
the server against what was shown, with nothing stored between the two requests.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing

from courses.quiz.models import Question, QuizPage

SALT = "quiz.trial"
MAX_AGE_SECONDS = 4 * 60 * 60


def draft_of(quiz: QuizPage) -> QuizPage:
    return quiz.get_latest_revision_as_object() if quiz.latest_revision_id else quiz


def draw_trial(quiz: QuizPage) -> list[dict]:
    """The questions one attempt of the draft quiz would ask, with per-trial choice tokens."""
    ids = [link.question_id for link in quiz.quiz_questions.all()]
    by_id = Question.objects.filter(pk__in=ids, is_active=True).prefetch_related("choices")
    questions = sorted(by_id, key=lambda question: ids.index(question.pk))
    if quiz.max_questions and quiz.max_questions < len(questions):
        questions = random.sample(questions, quiz.max_questions)  # noqa: S311 - not security
    if quiz.random_order:
        random.shuffle(questions)  # noqa: S311
    drawn = []
    for question in questions:
        choices = [
            {"token": secrets.token_urlsafe(6), "text": choice.text, "correct": choice.is_correct}
            for choice in question.choices.all()
        ]
        if quiz.shuffle_choices and question.kind != Question.Kind.TRUE_FALSE:
            random.shuffle(choices)  # noqa: S311
        drawn.append(
            {
                "kind": question.kind,
                "text": question.text,
                "explanation": question.explanation,
                "choices": choices,
            }
        )
    return drawn


def sign_trial(questions: list[dict]) -> str:
    return signing.dumps(questions, salt=SALT, compress=True)


def read_trial(signed: str) -> list[dict]:
    """The questions that were shown; raises signing.BadSignature if changed or too old."""
    return signing.loads(signed, salt=SALT, max_age=MAX_AGE_SECONDS)


@dataclass
class TrialResult:
    questions: list[dict]  # each with "given" (tokens or essay text) and "is_correct"
    correct: int
    gradable: int
    percent: Decimal
    passed: bool


def grade_trial(*, questions: list[dict], answers: dict[int, list[str]], pass_mark: int):
    """Grade like the real quiz: a choice question is right only with exactly the correct set
    of choices; essays are left for a person and not counted."""
    correct = gradable = 0
    for number, question in enumerate(questions, start=1):
        given = answers.get(number, [])
        question["given"] = given
        if question["kind"] == Question.Kind.ESSAY:
            question["is_correct"] = None
            continue
        gradable += 1
        right = {choice["token"] for choice in question["choices"] if choice["correct"]}
        question["is_correct"] = set(given) == right
        correct += question["is_correct"]
    percent = (Decimal(correct) * 100 / (gradable or 1)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return TrialResult(
        questions=questions,
        correct=correct,
        gradable=gradable,
        percent=percent,
        passed=gradable > 0 and percent >= pass_mark,
    )
