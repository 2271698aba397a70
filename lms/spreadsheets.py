"""Reading uploaded spreadsheets (CSV or XLSX) by what they hold, never by what they declare.

Every import (the roster, the question bank) reads its upload through `read_table`, so one set
of limits guards them all:

- XLSX is checked as a zip archive before openpyxl sees it: only real Office Open XML
  workbooks, at most `max_unpacked_bytes` once unpacked (Python's zipfile stops at each
  member's recorded size, so a zip bomb cannot unpack past the sum checked here).
- The sheet is read streaming (openpyxl's read-only mode) with its declared `<dimension>`
  thrown away: a 5 KB file may declare A1:XFD1048576, and openpyxl pads every row to the
  declared width and every gap to the declared height when the declaration is trusted.
- Reading stops at the row cap and at the first cell beyond the column cap, and the rows and
  cells read are budgeted (blank ones and openpyxl's padding included, since they cost the
  same to parse) to what a full file at both caps holds, so no file costs much more than the
  largest real one and every refusal comes well within a second, with little memory.
- CSV must be UTF-8 (or UTF-16 with its byte-order mark, as Excel's "Unicode text" saves),
  with no NUL bytes and no line longer than `max_line_chars`.

Each refusal is a `SpreadsheetRefused` whose message says what to do in Excel.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
XLSX_REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
# openpyxl yields a row for every gap in the row numbers and pads rows to their last cell, and
# parsing a blank cell (a bare <c/>: four bytes, compressing to almost nothing) costs as much as
# a full one; a CSV line of commas is the same. So besides the caps on data, the reader stops
# after PADDING_ALLOWANCE times as many cells of any kind as a full file at both caps holds, and
# after twice the row cap plus SPARE_SCANNED_ROWS rows (blank rows cost little each).
SPARE_SCANNED_ROWS = 1_000
PADDING_ALLOWANCE = 4

NOT_A_SPREADSHEET = "This is not a spreadsheet. Upload a .csv or .xlsx file."
NOT_XLSX = (
    "This is not a readable .xlsx spreadsheet. Open it in Excel and save it again as "
    "“Excel Workbook (.xlsx)”."
)
OLD_EXCEL = (
    "This is an old-style Excel file (.xls) or a password-protected workbook. Open it in "
    "Excel and save it as “Excel Workbook (.xlsx)” without a password."
)
NOT_UTF8 = (
    "The file is not in UTF-8 encoding. In Excel choose “Save as… CSV UTF-8”, "
    "or upload the .xlsx file itself."
)
TOO_BIG_INSIDE = (
    "This spreadsheet unpacks to more than {limit} MB, far more than its rows need. Copy the "
    "rows into a new workbook and upload that."
)
TOO_MUCH_PADDING = (
    "The sheet has far more rows or cells than its data needs (empty cells, or cells far below "
    "or to the right of the data). Delete the empty rows and columns around the data (or copy "
    "the data into a new workbook) and upload it again."
)


class SpreadsheetRefused(ValueError):
    """The upload cannot be read as a table; the message is meant for the person uploading."""


@dataclass(frozen=True)
class TableLimits:
    """What one kind of import accepts. Rows are counted below the header, blank rows aside."""

    max_rows: int
    # The roster's six columns and past training's seven, with room for a few blank ones;
    # the question bank sets its own.
    max_columns: int = 12
    max_unpacked_bytes: int = 16 * 1024 * 1024
    max_line_chars: int = 32_768
    sniff_delimiter: bool = False  # rosters come with ; or tabs from some HR systems

    @property
    def max_scanned_rows(self) -> int:
        """Rows of any kind (blank, padding) a file may make the reader go through."""
        return 2 * self.max_rows + SPARE_SCANNED_ROWS

    @property
    def max_scanned_cells(self) -> int:
        """Cells of any kind (blank, padding) a file may make the reader go through: four times
        what a file filling every column of the header and `max_rows` rows holds. Real files
        carry some padding (a highlighted blank column far to the right, an HR export's
        trailing commas), and openpyxl yields every row padded to the widest one."""
        return (self.max_rows + 1) * self.max_columns * PADDING_ALLOWANCE


def read_table(*, file_name: str, data: bytes, limits: TableLimits) -> list[list[str]]:
    """The non-blank rows of an uploaded .csv or .xlsx (header first) as stripped strings.

    Raises SpreadsheetRefused with a message for the uploader when the file is not a
    spreadsheet, cannot be read, or goes past `limits`.
    """
    name = file_name.lower()
    if name.endswith(".csv"):
        rows = _csv_rows(data, limits=limits)
    elif name.endswith(".xlsx"):
        rows = _xlsx_rows(data, limits=limits)
    else:
        raise SpreadsheetRefused(NOT_A_SPREADSHEET)
    with closing(rows):  # a refusal mid-file closes the workbook at once
        return _capped(rows, limits=limits)


def too_large_message(size: int, *, limit: int) -> str:
    return f"The file is too large ({size // 1024} KB); the limit is {limit // 1024} KB."


def read_limited_table(
    *, file_name: str, data: bytes, max_bytes: int, limits: TableLimits
) -> list[list[str]]:
    """An upload's rows, header first; SpreadsheetRefused says in words why not (too large,
    empty, unreadable, no rows). Shared by every import (roster, past training)."""
    if len(data) > max_bytes:
        raise SpreadsheetRefused(too_large_message(len(data), limit=max_bytes))
    if not data:
        raise SpreadsheetRefused("The file is empty.")
    table = read_table(file_name=file_name, data=data, limits=limits)
    if not table:
        raise SpreadsheetRefused("The file has no rows.")
    return table


def cell_text(value) -> str:
    """One cell as text: badge numbers typed as numbers in Excel lose the trailing '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def _capped(rows: Iterable[list], *, limits: TableLimits) -> list[list[str]]:
    """Take rows until the caps; blank rows are skipped and do not count toward the row cap,
    but every row and cell read counts toward the reading budget."""
    table: list[list[str]] = []
    max_scanned_rows, max_scanned_cells = limits.max_scanned_rows, limits.max_scanned_cells
    scanned_cells = 0
    for line, row in enumerate(rows, start=1):
        scanned_cells += len(row)
        if len(row) > limits.max_columns:
            extra = row[limits.max_columns :]
            if extra.count(None) != len(extra):  # padding is None: look closer only if not
                for offset, value in enumerate(extra):
                    if cell_text(value):
                        column = limits.max_columns + offset + 1
                        raise SpreadsheetRefused(
                            f"Row {line} has data in column {get_column_letter(column)}; "
                            f"a file may use at most {limits.max_columns} columns."
                        )
            row = row[: limits.max_columns]
        # Data beyond the columns is named first (above); padding alone meets the budget.
        if line > max_scanned_rows or scanned_cells > max_scanned_cells:
            raise SpreadsheetRefused(TOO_MUCH_PADDING)
        cells = [cell_text(value) for value in row]
        if not any(cells):
            continue
        if len(table) > limits.max_rows:  # the header plus max_rows rows are already in
            raise SpreadsheetRefused(
                f"The file has more than {limits.max_rows:,} rows; at most "
                f"{limits.max_rows:,} can be imported at once. Split it into smaller files."
            )
        table.append(cells)
    return table


# ---- CSV ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        if b"\x00" in data:
            raise SpreadsheetRefused(NOT_A_SPREADSHEET)
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SpreadsheetRefused(NOT_UTF8) from exc
    if "\x00" in text:
        raise SpreadsheetRefused(NOT_A_SPREADSHEET)
    return text


def _checked_lines(text: str, *, max_chars: int) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > max_chars:
            raise SpreadsheetRefused(
                f"Line {number} is longer than {max_chars:,} characters. Check that the file "
                "is a roster or question sheet saved as CSV, one row per line."
            )
        yield line


def _csv_rows(data: bytes, *, limits: TableLimits) -> Iterator[list]:
    text = _decode(data)
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    if limits.sniff_delimiter:
        try:
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
    reader = csv.reader(_checked_lines(text, max_chars=limits.max_line_chars), dialect)
    try:
        yield from reader
    except csv.Error as exc:
        raise SpreadsheetRefused(f"The CSV file cannot be read: {exc}.") from exc


# ---- XLSX --------------------------------------------------------------------------------


def _check_archive(data: bytes, *, limits: TableLimits) -> None:
    """Refuse anything but a workbook of sane unpacked size before openpyxl parses it."""
    if data.startswith(OLE_MAGIC):
        raise SpreadsheetRefused(OLD_EXCEL)
    if not data.startswith(XLSX_MAGIC):
        raise SpreadsheetRefused(NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SpreadsheetRefused(NOT_XLSX) from exc
    names = {member.filename for member in members}
    if len(members) > 1000 or not all(name in names for name in XLSX_REQUIRED_MEMBERS):
        raise SpreadsheetRefused(NOT_XLSX)
    if sum(member.file_size for member in members) > limits.max_unpacked_bytes:
        raise SpreadsheetRefused(
            TOO_BIG_INSIDE.format(limit=limits.max_unpacked_bytes // (1024 * 1024))
        )


def _xlsx_rows(data: bytes, *, limits: TableLimits) -> Iterator[list]:
    _check_archive(data, limits=limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors) for damage
        raise SpreadsheetRefused(NOT_XLSX) from exc
    try:
        if not workbook.worksheets:
            raise SpreadsheetRefused("The workbook has no sheet with rows.")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size is a claim; read only the real cells
        # Rows stream one at a time; _capped counts them against the reading budget.
        for row in _read_or_refuse(sheet.iter_rows(values_only=True)):
            yield list(row)
    finally:
        workbook.close()


def _read_or_refuse(rows: Iterator[tuple]) -> Iterator[tuple]:
    """openpyxl parses lazily, so a damaged sheet fails mid-iteration: say so plainly."""
    try:
        yield from rows
    except Exception as exc:  # damaged XML, bad cell references, unknown types
        raise SpreadsheetRefused(NOT_XLSX) from exc


def normalise_header(value) -> str:
    """A column heading as imports match it: "E-mail address" and "email_address" are one."""
    return "".join(ch for ch in str(value or "").lower() if ch.isalnum())


@dataclass
class ImportReport:
    """What an import's preview shows: the file's own problems, and each row with its own.
    Imports subclass it for their kind of row."""

    file_name: str
    rows: list = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)

    @property
    def has_problems(self) -> bool:
        return bool(self.file_problems) or any(row.problems for row in self.rows)

    @property
    def problem_rows(self) -> list:
        return [row for row in self.rows if row.problems]
