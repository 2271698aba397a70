"""Roster uploads are limited by what the file holds, not by what it declares: a small file that
claims a huge sheet, hides a huge one, or is not a spreadsheet gets a clear refusal at once."""

from __future__ import annotations

import codecs

import pytest
from django.core import mail

from lms.models import Membership
from tests.lms.test_roster_import import HEADER, people_count, upload
from tests.uploads import with_cell, with_cell_in_row, with_dimension, with_padding, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_off")]

ROSTER = [
    ["First name", "Last name", "E-mail", "Badge", "Rank", "Unit"],
    ["Ana", "Ortiz", "ana.ortiz@capital-city-pd.example.org", 311, "Police Officer", "Days"],
    ["Ben", "Okafor", "ben.okafor@capital-city-pd.example.org", 312, "Sergeant", "Nights"],
]


@pytest.fixture
def supervisor_client(client, capital_supervisor):
    client.force_login(capital_supervisor)
    return client


def assert_refused_and_nothing_written(response, message: str, before: tuple[int, int]) -> None:
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html, html
    assert "Nothing was imported." in html
    assert 'name="token"' not in html  # nothing waits in the session to be confirmed
    assert (people_count(), Membership.objects.count()) == before
    assert mail.outbox == []


# A hang guard, not a measurement: trusting the declared A1:XFD1048576 builds a padded table of
# 17 billion cells, which never finishes.
@pytest.mark.timeout(60)
def test_a_small_xlsx_declaring_the_largest_sheet_is_read_by_its_real_cells(
    supervisor_client, capital
):
    forged = with_dimension(xlsx_bytes(ROSTER), "A1:XFD1048576")
    assert len(forged) < 6 * 1024
    before = (people_count(), Membership.objects.count())

    response = upload(supervisor_client, capital, name="roster.xlsx", content=forged)

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 officers ready to import" in html
    assert "ana.ortiz@capital-city-pd.example.org" in html
    assert (people_count(), Membership.objects.count()) == before  # a preview writes nothing


def test_an_xlsx_with_data_beyond_the_column_cap_is_refused(supervisor_client, capital):
    forged = with_cell_in_row(
        with_dimension(xlsx_bytes(ROSTER), "A1:XFD3"), 2, "XFD2", "hidden far right"
    )
    before = (people_count(), Membership.objects.count())

    response = upload(supervisor_client, capital, name="roster.xlsx", content=forged)

    assert_refused_and_nothing_written(
        response, "Row 2 has data in column XFD; a file may use at most 12 columns.", before
    )


def test_an_xlsx_with_a_cell_at_the_bottom_of_the_sheet_is_refused(supervisor_client, capital):
    forged = with_cell(xlsx_bytes(ROSTER), "A1048576", "last row")
    before = (people_count(), Membership.objects.count())

    response = upload(supervisor_client, capital, name="roster.xlsx", content=forged)

    assert_refused_and_nothing_written(
        response, "The sheet has far more rows or cells than its data needs", before
    )


def test_an_xlsx_that_unpacks_to_a_huge_sheet_is_refused_before_it_is_parsed(
    supervisor_client, capital
):
    bomb = with_padding(xlsx_bytes(ROSTER), megabytes=24)
    assert len(bomb) < 100 * 1024
    before = (people_count(), Membership.objects.count())

    response = upload(supervisor_client, capital, name="roster.xlsx", content=bomb)

    assert_refused_and_nothing_written(response, "This spreadsheet unpacks to more than", before)


def test_rows_past_the_roster_cap_are_refused_with_the_cap_named(
    supervisor_client, capital, settings
):
    settings.ROLLCALL_ROSTER_MAX_ROWS = 5
    rows = [*ROSTER[:1]] + [
        ["Officer", str(n), f"officer{n}@capital-city-pd.example.org", n, "", ""] for n in range(6)
    ]
    before = (people_count(), Membership.objects.count())

    response = upload(supervisor_client, capital, name="roster.xlsx", content=xlsx_bytes(rows))

    assert_refused_and_nothing_written(
        response, "The file has more than 5 rows; at most 5 can be imported at once.", before
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
            "This is an old-style Excel file (.xls) or a password-protected workbook.",
        ),
        (HEADER.encode(), "This is not a readable .xlsx spreadsheet."),
        (
            # A Word document renamed: a real Office zip, but no workbook inside.
            xlsx_bytes([["x"]]).replace(b"xl/workbook.xml", b"xl/workbook.xmm"),
            "This is not a readable .xlsx spreadsheet.",
        ),
    ],
    ids=["xls-renamed", "csv-renamed", "zip-without-workbook"],
)
def test_files_renamed_to_xlsx_are_refused_with_what_to_do(
    supervisor_client, capital, content, message
):
    before = (people_count(), Membership.objects.count())
    response = upload(supervisor_client, capital, name="roster.xlsx", content=content)
    assert_refused_and_nothing_written(response, message, before)


def test_a_csv_with_a_huge_line_is_refused(supervisor_client, capital):
    huge = HEADER + "Ana,Ortiz,ana@capital-city-pd.example.org" + "," * 100_000 + "\n"
    before = (people_count(), Membership.objects.count())

    response = upload(supervisor_client, capital, content=huge)

    assert_refused_and_nothing_written(response, "Line 2 is longer than 32,768 characters.", before)


def test_a_roster_saved_by_excel_as_unicode_text_is_read(supervisor_client, capital):
    text = HEADER.replace(",", "\t") + "José\tPeña\tjose@capital-city-pd.example.org\t9\t\t\n"
    response = upload(
        supervisor_client, capital, content=codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 officer ready to import" in html
    assert "Peña" in html
