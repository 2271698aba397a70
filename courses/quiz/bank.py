"""Writing to the question bank: one question at a time, or a whole CSV/XLSX file.

`create_question` is the one door every writer uses (admin import, demo content, tests), so
the rules for a well-formed question live in `validate_question` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from courses.quiz.models import Choice, Question, QuestionCategory

MAX_CHOICES = 8
TRUE_FALSE_TEXTS = ("True", "False")


def validate_question(*, text: str, kind: str, choices: Sequence[tuple[str, bool]]) -> list[str]:
    """Problems with a question as plain sentences (empty when it is well formed)."""
    problems: list[str] = []
    if kind not in Question.Kind.values:
        problems.append(f"Unknown kind {kind!r}; use one of {', '.join(Question.Kind.values)}.")
        return problems
    if not text or not text.strip():
        problems.append("The question text is empty.")
    elif len(text) > 2000:
        problems.append("The question text is longer than 2,000 characters.")
    if kind == Question.Kind.ESSAY:
        if choices:
            problems.append("Essay questions have no choices.")
        return problems
    if any(not (choice_text or "").strip() for choice_text, _ in choices):
        problems.append("A choice is empty.")
    if any(len(choice_text or "") > 500 for choice_text, _ in choices):
        problems.append("A choice is longer than 500 characters.")
    texts = [(choice_text or "").strip().casefold() for choice_text, _ in choices]
    if len(set(texts)) != len(texts):
        problems.append("Two choices have the same text.")
    correct = sum(1 for _, is_correct in choices if is_correct)
    if kind == Question.Kind.TRUE_FALSE and len(choices) != 2:
        problems.append("A true/false question has exactly two choices.")
    elif len(choices) < 2:
        problems.append("A choice question needs at least two choices.")
    elif len(choices) > MAX_CHOICES:
        problems.append(f"A question has at most {MAX_CHOICES} choices.")
    if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and correct != 1:
        problems.append(f"Exactly one choice must be correct (found {correct}).")
    if kind == Question.Kind.MULTIPLE and correct < 1:
        problems.append("At least one choice must be correct.")
    return problems


def category_named(name: str | None) -> QuestionCategory | None:
    name = (name or "").strip()
    if not name:
        return None
    category, _ = QuestionCategory.objects.get_or_create(name=name)
    return category


def create_question(
    *,
    text: str,
    kind: str,
    choices: Iterable[tuple[str, bool]] = (),
    explanation: str = "",
    category: QuestionCategory | str | None = None,
    image=None,
    image_alt: str = "",
) -> Question:
    """Add a question to the bank; raises ValidationError listing every problem.

    `choices` is a list of (text, is_correct). For true/false an empty list means the usual
    ("True", "False") pair is not guessed: pass which one is correct explicitly.
    """
    choices = [(str(t).strip(), bool(c)) for t, c in choices]
    problems = validate_question(text=text, kind=kind, choices=choices)
    if image is not None and not image_alt.strip():
        problems.append("An image needs a description (alt text).")
    if problems:
        raise ValidationError(problems)
    if isinstance(category, str):
        category = category_named(category)
    with transaction.atomic():
        question = Question.objects.create(
            text=text.strip(),
            kind=kind,
            explanation=explanation.strip(),
            category=category,
            image=image,
            image_alt=image_alt.strip(),
        )
        Choice.objects.bulk_create(
            Choice(question=question, text=choice_text, is_correct=is_correct, sort_order=i)
            for i, (choice_text, is_correct) in enumerate(choices)
        )
    return question
