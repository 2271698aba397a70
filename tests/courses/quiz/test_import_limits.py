"""The question importer reads uploads through the same limits as the roster: a file that
declares or hides a huge sheet is read by its real cells or refused at once, importing nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.quiz.models import Question, QuestionCategory
from tests.uploads import with_cell_in_row, with_dimension, with_padding, xlsx_bytes

from .test_admin_bank_and_reports import _csv, ors  # noqa: F401 (ors is a fixture)

pytestmark = pytest.mark.django_db

BANK = [
    ["kind", "category", "question", "correct", "choice_1", "choice_2"],
    ["single", "Recognition", "Naloxone is safe to give?", 1, "Yes", "No"],
]


def import_file(client, name: str, content: bytes):
    return client.post("/admin/quiz/import/", {"file": SimpleUploadedFile(name, content)})


def assert_refused_and_nothing_imported(response, message: str) -> None:
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page, page
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()


@pytest.mark.timeout(60)  # a hang guard: the declared sheet has 17 billion cells
def test_a_question_sheet_declaring_the_largest_sheet_is_read_by_its_real_cells(ors):  # noqa: F811
    forged = with_dimension(xlsx_bytes(BANK), "A1:XFD1048576")

    response = import_file(ors, "bank.xlsx", forged)

    assert "Imported 1 question." in response.content.decode()
    assert Question.objects.get().text == "Naloxone is safe to give?"


def test_a_question_sheet_with_data_beyond_the_column_cap_is_refused(ors):  # noqa: F811
    forged = with_cell_in_row(with_dimension(xlsx_bytes(BANK), "A1:XFD2"), 2, "XFD2", "x")

    response = import_file(ors, "bank.xlsx", forged)

    assert_refused_and_nothing_imported(
        response, "Row 2 has data in column XFD; a file may use at most 23 columns."
    )


def test_a_question_sheet_that_unpacks_to_a_huge_sheet_is_refused(ors):  # noqa: F811
    response = import_file(ors, "bank.xlsx", with_padding(xlsx_bytes(BANK), megabytes=24))

    assert_refused_and_nothing_imported(response, "This spreadsheet unpacks to more than 16 MB")


def test_more_questions_than_the_cap_are_refused(ors):  # noqa: F811
    rows = [["essay", "", f"Question {n}?", "", "", "", "", ""] for n in range(1001)]

    response = ors.post("/admin/quiz/import/", {"file": _csv(rows)})

    assert_refused_and_nothing_imported(
        response, "The file has more than 1,000 rows; at most 1,000 can be imported at once."
    )


def test_an_old_excel_file_renamed_xlsx_is_refused_with_what_to_do(ors):  # noqa: F811
    response = import_file(ors, "bank.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))

    assert_refused_and_nothing_imported(response, "This is an old-style Excel file (.xls)")
