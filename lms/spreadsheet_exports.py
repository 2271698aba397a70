"""CSV and XLSX responses that open right in Excel, LibreOffice and scripts.

Rows are lists of Python values: ``str``, ``int``, ``float``, ``datetime.date`` and ``None``.
Each format turns them into what its reader expects:

- CSV comes in two variants. The plain one is UTF-8 without a byte-order mark, for scripts and
  other systems. The "Excel" one starts with a UTF-8 byte-order mark, without which Excel reads
  the file as Windows-1252 and prints "Alvarez-Nguyên" as "Alvarez-NguyÃªn". Dates are ISO
  (2026-11-03). A text cell that a spreadsheet would run as a formula gets a leading apostrophe,
  the only neutraliser a CSV has.
- XLSX writes dates as dates and numbers as numbers (so they sort and sum), text as text cells
  (never formulas, so no apostrophe is needed or shown), with column widths that fit the
  content, a frozen header row and an autofilter.

In both, bidirectional-override characters (U+202A-U+202E, U+2066-U+2069) are removed from
text: inside a name they reorder what a reader sees ("Smith" shown as "htimS", or a file name's
extension moved) without changing what is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Spreadsheet apps run a cell starting with one of these as a formula.
FORMULA_FIRST_CHARACTERS = frozenset("=+-@\t\r")
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# A character-class regex, not str.translate: translate falls back to a slow per-character path
# on any non-ASCII text (names such as "Nguyễn"), and cost the ledger export 55% of its time.
_BIDI_PATTERN = re.compile(f"[{BIDI_CONTROLS}]")
UTF8_BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "yyyy-mm-dd"
# Column widths are measured on the first rows (the file streams; the rest are alike).
WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 6, 50


def strip_bidi_controls(text: str) -> str:
    """`text` without the characters that reverse or isolate the direction of what follows."""
    return _BIDI_PATTERN.sub("", text)


def csv_cell(value):
    """One value as a CSV cell: text cleaned and formula-guarded, dates ISO, None empty."""
    if isinstance(value, str):
        value = strip_bidi_controls(value)
        return "'" + value if value[:1] in FORMULA_FIRST_CHARACTERS else value
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list], *, excel: bool) -> Iterator[str]:
    """The rows as CSV text, one line per piece; the Excel variant starts with the BOM."""
    writer = csv.writer(_Echo())
    if excel:
        yield UTF8_BOM
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(rows: Iterable[list], *, filename: str, excel: bool) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(rows, excel=excel), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(rows: list[list]) -> list[float]:
    """Widths in Excel's character units that fit the sampled rows, within sensible bounds."""
    columns = max((len(row) for row in rows), default=0)
    widths = []
    for index in range(columns):
        longest = max(_display_width(row[index]) for row in rows if index < len(row))
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


def _xlsx_cell(sheet, value, *, header: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=strip_bidi_controls(value))
        cell.data_type = "s"  # text, even when it starts with "=": never a formula
    elif isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(sheet, value=local.date())
        cell.number_format = DATE_FORMAT
    elif isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    else:
        cell = WriteOnlyCell(sheet, value=value)
    if header:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def xlsx_response(rows: Iterable[list], *, filename: str, title: str) -> FileResponse:
    """An XLSX file of the rows (the first is the header), written in openpyxl's write-only
    mode so a large agency does not build the whole sheet in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
    for index, width in enumerate(column_widths(sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    count, columns = 0, 0
    for count, row in enumerate(chain(sample, rows), start=1):  # noqa: B007 - count is used after
        columns = max(columns, len(row))
        sheet.append([_xlsx_cell(sheet, value, header=count == 1) for value in row])
    if count and columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{count}"
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def export_filename(*parts: str, extension: str, on: dt.date | None = None) -> str:
    """`training-capital-city-pd-overdue-2026-12-06.csv`: what, whose, which filter, when."""
    words = [slugify(strip_bidi_controls(part)) for part in parts if part]
    day = (on or timezone.localdate()).isoformat()
    return "-".join([*(word for word in words if word), day]) + f".{extension}"
