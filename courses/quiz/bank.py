"""Writing to the question bank: one question at a time, or a whole CSV/XLSX file.

`create_question` is the one door every writer uses (admin import, demo content, tests), so
the rules for a well-formed question live in `validate_question` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from courses.quiz.models import Choice, Question, QuestionCategory
from lms.spreadsheets import SpreadsheetRefused, TableLimits, read_table

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


# ---- Importing a spreadsheet -------------------------------------------------------------

IMPORT_COLUMNS = ["kind", "category", "question", "explanation", "correct"] + [
    f"choice_{n}" for n in range(1, MAX_CHOICES + 1)
]
MAX_IMPORT_ROWS = 1000
MAX_IMPORT_BYTES = 2 * 1024 * 1024
IMPORT_LIMITS = TableLimits(max_rows=MAX_IMPORT_ROWS, max_columns=len(IMPORT_COLUMNS) + 10)
KIND_ALIASES = {
    "single": Question.Kind.SINGLE,
    "multiple choice": Question.Kind.SINGLE,
    "multiple": Question.Kind.MULTIPLE,
    "select all": Question.Kind.MULTIPLE,
    "true_false": Question.Kind.TRUE_FALSE,
    "true/false": Question.Kind.TRUE_FALSE,
    "essay": Question.Kind.ESSAY,
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, too big, missing columns)."""


@dataclass
class RowReport:
    number: int  # the spreadsheet row number, header = 1
    text: str
    problems: list[str] = field(default_factory=list)
    existing_id: int | None = None  # a bank question with the same text and kind
    decision: str = ""  # for an existing question: "skip" or "update"


@dataclass
class ImportReport:
    rows: list[RowReport]
    created: int = 0
    updated: int = 0
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(row.problems for row in self.rows)

    @property
    def existing_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.existing_id is not None]

    @property
    def needs_decisions(self) -> bool:
        """Nothing is written until the author says, per row, what to do with a question that
        is already in the bank."""
        return self.ok and any(not row.decision for row in self.existing_rows)


def read_rows(*, uploaded_file) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8) or XLSX upload as dicts keyed by lower-case column name."""
    if getattr(uploaded_file, "size", 0) > MAX_IMPORT_BYTES:
        raise ImportFileError("The file is larger than 2 MB.")
    try:
        table = read_table(
            file_name=getattr(uploaded_file, "name", "") or "",
            data=uploaded_file.read(MAX_IMPORT_BYTES + 1),
            limits=IMPORT_LIMITS,
        )
    except SpreadsheetRefused as error:
        raise ImportFileError(str(error)) from error
    if not table:
        raise ImportFileError("The file is empty.")
    header = [cell.strip().lower() for cell in table[0]]
    missing = [column for column in ("kind", "question", "correct") if column not in header]
    if missing:
        raise ImportFileError(
            "Missing column(s): " + ", ".join(missing) + ". Expected: " + ", ".join(IMPORT_COLUMNS)
        )
    rows = [{header[i]: cell for i, cell in enumerate(row) if i < len(header)} for row in table[1:]]
    return [row for row in rows if any(row.values())]


def _row_to_question(row: dict[str, str]) -> tuple[dict, list[str]]:
    problems: list[str] = []
    kind = KIND_ALIASES.get(row.get("kind", "").strip().lower())
    if kind is None:
        problems.append(
            f"Unknown kind {row.get('kind', '')!r}; use single, multiple, true_false or essay."
        )
        return {}, problems
    texts = [row.get(f"choice_{n}", "") for n in range(1, MAX_CHOICES + 1)]
    while texts and not texts[-1]:
        texts.pop()
    correct_raw = row.get("correct", "").strip().lower()
    if kind == Question.Kind.TRUE_FALSE:
        if correct_raw not in ("true", "false"):
            problems.append("For true_false, 'correct' is true or false.")
        choices = [(t, t.lower() == correct_raw) for t in TRUE_FALSE_TEXTS]
    elif kind == Question.Kind.ESSAY:
        choices = []
    else:
        numbers = [
            part.strip() for part in correct_raw.replace(";", ",").split(",") if part.strip()
        ]
        if not numbers or not all(n.isascii() and n.isdigit() for n in numbers):
            problems.append("'correct' lists the correct choice numbers, e.g. 2 or 1,3.")
            numbers = []
        chosen = {int(n) for n in numbers}
        if any(n < 1 or n > len(texts) for n in chosen):
            problems.append("'correct' names a choice number that has no text.")
        choices = [(t, i in chosen) for i, t in enumerate(texts, start=1)]
    fields = {
        "text": row.get("question", ""),
        "kind": kind,
        "choices": choices,
        "explanation": row.get("explanation", ""),
        "category": row.get("category", ""),
    }
    problems += validate_question(text=fields["text"], kind=kind, choices=choices)
    if len(fields["explanation"]) > 4000:
        problems.append("The explanation is longer than 4,000 characters.")
    if len(fields["category"]) > 120:
        problems.append("The category name is longer than 120 characters.")
    return fields, problems


def question_key(*, text: str, kind: str) -> tuple[str, str]:
    """What makes two questions the same for the importer: text (case and spacing aside) and
    kind."""
    return " ".join(text.split()).casefold(), kind


def _bank_questions_by_key(kinds: set[str]) -> dict[tuple[str, str], int]:
    return {
        question_key(text=text, kind=kind): pk
        for pk, text, kind in Question.objects.filter(kind__in=kinds).values_list(
            "pk", "text", "kind"
        )
    }


def update_question(*, question: Question, fields: dict) -> Question:
    """Replace a bank question's choices, explanation and category with an imported row's.

    Past attempts keep their own copy of every question they asked, so this changes no result.
    """
    with transaction.atomic():
        question.explanation = fields["explanation"].strip()
        question.category = category_named(fields["category"])
        question.save(update_fields=["explanation", "category", "updated_at"])
        question.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(question=question, text=text, is_correct=is_correct, sort_order=i)
            for i, (text, is_correct) in enumerate(fields["choices"])
        )
    return question


def import_questions(
    *, rows: list[dict[str, str]], decisions: dict[int, str] | None = None
) -> ImportReport:
    """Check every row, then write all of them, or nothing when any row has a problem.

    A row whose question is already in the bank (same text and kind) is skipped or updated as
    `decisions` says (row number -> "skip" or "update"); until every such row has a decision
    nothing is written and the report asks for them.
    """
    decisions = decisions or {}
    report = ImportReport(rows=[])
    parsed = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows, start=2):
        fields, problems = _row_to_question(row)
        report.rows.append(
            RowReport(number=number, text=row.get("question", "")[:120], problems=problems)
        )
        parsed.append(fields)
        if fields and not problems:
            key = question_key(text=fields["text"], kind=fields["kind"])
            if key in seen:
                problems.append(f"The same question is already in row {seen[key]} of this file.")
            seen.setdefault(key, number)
    if not report.ok:
        return report
    in_bank = _bank_questions_by_key({fields["kind"] for fields in parsed})
    for row_report, fields in zip(report.rows, parsed, strict=True):
        row_report.existing_id = in_bank.get(question_key(text=fields["text"], kind=fields["kind"]))
        if row_report.existing_id is not None:
            decision = decisions.get(row_report.number, "")
            row_report.decision = decision if decision in ("skip", "update") else ""
    if report.needs_decisions:
        return report
    with transaction.atomic():
        existing = Question.objects.select_for_update(of=("self",)).in_bulk(
            [row.existing_id for row in report.existing_rows]
        )
        for row_report, fields in zip(report.rows, parsed, strict=True):
            if row_report.existing_id is None:
                create_question(**fields)
                report.created += 1
            elif row_report.decision == "update":
                update_question(question=existing[row_report.existing_id], fields=fields)
                report.updated += 1
            else:
                report.skipped += 1
    return report
