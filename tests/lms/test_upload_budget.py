"""Every spreadsheet import (the roster, past training, the question bank) reads an upload by
what it holds and stops early: a small file declaring a huge sheet is read by its real cells,
and a small file holding a huge number of blank rows or cells, in XLSX or CSV, is refused with
a message that says what to do, quickly, and nothing is written (docs/security.md, "Upload
limits").

The blank-cell files are the costly ones: parsing a bare ``<c/>`` costs openpyxl as much as a
full cell, and sixty thousand rows of them compress to 35 KB.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.quiz.models import Question
from lms.models import Completion, Invitation, Membership, User
from tests.factories import UserFactory
from tests.uploads import with_blank_rows, with_cell_in_row, with_dimension, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]

PADDING = "The sheet has far more rows or cells than its data needs"


@dataclass
class Import:
    name: str
    url: str
    field: str
    rows: list[list]
    max_columns: int

    def post(self, client, file_name: str, content: bytes):
        return client.post(self.url, {self.field: SimpleUploadedFile(file_name, content)})


@pytest.fixture(params=["roster", "past training", "question bank"])
def kind(request, client, capital, capital_supervisor):
    if request.param == "question bank":
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        return Import(
            name=request.param,
            url="/admin/quiz/import/",
            field="file",
            rows=[
                ["kind", "category", "question", "correct", "choice_1", "choice_2"],
                ["single", "Recognition", "Naloxone is safe to give?", 1, "Yes", "No"],
            ],
            max_columns=23,
        )
    client.force_login(capital_supervisor)
    if request.param == "roster":
        return Import(
            name=request.param,
            url=reverse("lms:roster_import", kwargs={"agency_id": capital.pk}),
            field="roster",
            rows=[
                ["First name", "Last name", "E-mail"],
                ["Ana", "Ortiz", "ana.ortiz@capital-city-pd.example.org"],
            ],
            max_columns=12,
        )
    return Import(
        name=request.param,
        url=reverse("lms:past_training_import", kwargs={"agency_id": capital.pk}),
        field="records",
        rows=[
            ["e-mail", "course", "date", "method"],
            ["nobody@example.org", "X", "2024-01-02", "other"],
        ],
        max_columns=12,
    )


def written() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
        Completion.objects.count(),
        Question.objects.count(),
    )


def refused_at_once(client, kind: Import, file_name: str, content: bytes, message: str) -> None:
    """Refused with the message and nothing written. (How much CPU a refusal costs is measured,
    not asserted: docs/security.md, "Upload limits".)"""
    before = written()
    response = kind.post(client, file_name, content)
    page = response.content.decode()
    assert response.status_code == 400, page[:2000]
    assert message in page, page
    assert written() == before


def padded_csv(kind: Import, *, rows: int, columns: int) -> bytes:
    """`rows` data rows like the import's own, each ending in commas out to `columns` columns,
    as some HR and records systems export them."""
    header, example = kind.rows
    lines = [header, *([example] * rows)]
    return "\n".join(
        ",".join(str(v) for v in line) + "," * (columns - len(line)) for line in lines
    ).encode()


def styled_blank_column(kind: Import, *, rows: int, column: int) -> bytes:
    """`rows` data rows in an XLSX whose column far to the right is highlighted but empty on
    every row: openpyxl yields each row padded out to it."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    workbook = Workbook()
    sheet = workbook.active
    header, example = kind.rows
    highlight = PatternFill("solid", fgColor="FFFF00")
    for number, line in enumerate([header, *([example] * rows)], start=1):
        sheet.append(line)
        sheet.cell(row=number, column=column).fill = highlight
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.timeout(60, func_only=True)  # a hang guard: the declared sheet has 17 billion cells
def test_a_small_xlsx_declaring_the_largest_sheet_is_read_by_its_real_cells(client, kind):
    forged = with_dimension(xlsx_bytes(kind.rows), "A1:XFD1048576")
    assert len(forged) < 6 * 1024

    response = kind.post(client, "forged.xlsx", forged)

    page = response.content.decode()
    assert PADDING not in page and "at most" not in page, page
    assert "not a readable" not in page


def test_an_xlsx_of_sixty_thousand_blank_rows_is_refused_at_once(client, kind):
    padded = with_blank_rows(xlsx_bytes(kind.rows), rows=60_000, cells=30)
    assert len(padded) < 40 * 1024
    refused_at_once(client, kind, "padded.xlsx", padded, PADDING)


def test_an_xlsx_of_blank_rows_without_cells_is_refused_at_once(client, kind):
    refused_at_once(
        client,
        kind,
        "rows.xlsx",
        with_blank_rows(xlsx_bytes(kind.rows), rows=130_000, cells=0),
        PADDING,
    )


def test_data_beyond_the_column_cap_is_refused_naming_the_column(client, kind):
    forged = with_cell_in_row(xlsx_bytes(kind.rows), 2, "XFD2", "hidden far right")
    refused_at_once(
        client,
        kind,
        "wide.xlsx",
        forged,
        f"Row 2 has data in column XFD; a file may use at most {kind.max_columns} columns.",
    )


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("\n" * 900_000, id="blank-lines"),
        pytest.param(("," * 30 + "\n") * 29_000, id="lines-of-commas"),
        pytest.param(("," * 30_000 + "\n") * 29, id="wide-lines-of-commas"),
    ],
)
def test_a_csv_of_blank_lines_or_cells_is_refused_at_once(client, kind, body):
    header = ",".join(str(cell) for cell in kind.rows[0]) + "\n"
    refused_at_once(client, kind, "padded.csv", (header + body).encode(), PADDING)


@pytest.mark.parametrize("columns", [20, 40])
def test_real_padding_within_the_row_cap_is_read_not_refused(client, kind, columns):
    """Trailing commas and a highlighted blank column far to the right are what real exports
    carry: a file of 700 rows padded so is read (its rows are then checked as usual)."""
    width = max(columns, kind.max_columns + 2)
    for name, content in (
        ("padded.csv", padded_csv(kind, rows=700, columns=width)),
        ("styled.xlsx", styled_blank_column(kind, rows=700, column=width)),
    ):
        page = kind.post(client, name, content).content.decode()
        assert PADDING not in page, (name, page[:2000])
        assert "not a readable" not in page and "at most" not in page, (name, page[:2000])
