"""Bringing content shipped by an earlier release up to date, without touching ORS edits.

Loaders create content once; when a release corrects shipped text (the 2026-12 content review),
these helpers update only what still reads exactly as it was shipped. Pages use
cms.demo.pages.ensure_shipped_page (no revision saved by a person); bank questions use the
earlier shipped explanation as the fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from courses.quiz.models import Question


@dataclass(frozen=True)
class ShippedQuestion:
    """How a question read in an earlier release: its explanation and any renamed choices."""

    text: str
    explanation: str
    renamed_choices: dict[str, str] = field(default_factory=dict)
    new_text: str = ""  # when the question itself was reworded


def refresh_shipped_questions(*, questions: list, earlier: list[ShippedQuestion]) -> int:
    """Update bank questions still exactly as an earlier release shipped them; the count."""
    current = {row[0]: row for row in questions}
    updated = 0
    for before in earlier:
        question = Question.objects.filter(text=before.text).first()
        if question is None or question.explanation != before.explanation:
            continue  # not loaded, or edited by ORS since
        text, _kind, _choices, explanation, _category = current[before.new_text or before.text]
        question.text = text
        question.explanation = explanation
        question.save(update_fields=["text", "explanation", "updated_at"])
        for old_text, new_text in before.renamed_choices.items():
            question.choices.filter(text=old_text).update(text=new_text)
        updated += 1
    return updated
