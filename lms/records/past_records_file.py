"""Reading a past-training upload (CSV or XLSX) into rows of text, before any database check.

The file goes through lms.spreadsheets (content sniffing, size and padding limits); here the
header is matched to our columns and each row becomes a PastRecordRow of stripped text. What
the rows mean (who, which course, duplicates) is checked by lms.past_records_import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lms.conf import app_settings
from lms.spreadsheets import (
    ImportReport,
    SpreadsheetRefused,
    TableLimits,
    normalise_header,
    read_limited_table,
)
from lms.spreadsheets import too_large_message as spreadsheet_too_large

COLUMNS = ("email", "badge", "course", "date", "method", "hours", "note")
COLUMN_LABELS = {
    "email": "e-mail",
    "badge": "badge",
    "course": "course",
    "date": "date",
    "method": "method",
    "hours": "hours",
    "note": "note",
}
REQUIRED_COLUMNS = ("course", "date", "method")
# Header spellings people use, reduced to lower-case letters and digits.
HEADER_ALIASES = {
    "email": "email",
    "emailaddress": "email",
    "mail": "email",
    "badge": "badge",
    "badgenumber": "badge",
    "badgeno": "badge",
    "shield": "badge",
    "course": "course",
    "coursetitle": "course",
    "coursename": "course",
    "date": "date",
    "completed": "date",
    "datecompleted": "date",
    "completedon": "date",
    "completiondate": "date",
    "method": "method",
    "how": "method",
    "delivery": "method",
    "hours": "hours",
    "hrs": "hours",
    "note": "note",
    "notes": "note",
    "where": "note",
}


@dataclass
class PastRecordRow:
    """One row of the file as typed, then what the checks made of it."""

    line: int
    email: str = ""
    badge: str = ""
    course: str = ""
    date: str = ""
    method: str = ""
    hours: str = ""
    note: str = ""
    problems: list[str] = field(default_factory=list)
    duplicate: str = ""  # why the row is skipped, in words
    person_name: str = ""
    course_title: str = ""

    def raw(self) -> list:
        """What travels, signed, from the preview to the confirmation."""
        return [self.line, *(getattr(self, column) for column in COLUMNS)]

    @classmethod
    def from_raw(cls, raw: list) -> PastRecordRow:
        line, *cells = raw
        return cls(line=int(line), **dict(zip(COLUMNS, (str(c) for c in cells), strict=True)))


@dataclass
class PastRecordsReport(ImportReport):
    """The past-training rows (PastRecordRow), with duplicates told apart from new ones."""

    @property
    def duplicate_rows(self) -> list[PastRecordRow]:
        return [row for row in self.rows if row.duplicate]

    @property
    def new_rows(self) -> list[PastRecordRow]:
        return [row for row in self.rows if not row.problems and not row.duplicate]


def too_large_message(size: int) -> str:
    return spreadsheet_too_large(size, limit=app_settings.past_records_max_bytes)


def read_past_records(*, file_name: str, data: bytes) -> PastRecordsReport:
    """The rows of the upload, or the file's problems in words; no database reads."""
    report = PastRecordsReport(file_name=file_name)
    limits = TableLimits(max_rows=app_settings.past_records_max_rows, sniff_delimiter=True)
    try:
        table = read_limited_table(
            file_name=file_name,
            data=data,
            max_bytes=app_settings.past_records_max_bytes,
            limits=limits,
        )
    except SpreadsheetRefused as refused:
        report.file_problems.append(str(refused))
        return report
    header, body = table[0], table[1:]
    columns = _columns(header, problems=report.file_problems)
    if report.file_problems:
        return report
    if not body:
        report.file_problems.append("The file has a header row but no records.")
        return report
    for line, cells in enumerate(body, start=2):
        row = PastRecordRow(line=line)
        for key, value in zip(columns, cells, strict=False):
            if key:
                setattr(row, key, value)
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            row.problems.append("This row has more cells than the header.")
        report.rows.append(row)
    return report


def _columns(header: list[str], *, problems: list[str]) -> list[str | None]:
    columns: list[str | None] = []
    for label in header:
        key = HEADER_ALIASES.get(normalise_header(label))
        if label and key is None:
            problems.append(
                f"Unknown column “{label}”. Use the columns: "
                + ", ".join(COLUMN_LABELS[c] for c in COLUMNS)
                + "."
            )
        elif key is not None and key in columns:
            problems.append(f"The column “{label}” appears twice.")
        columns.append(key)
    for required in REQUIRED_COLUMNS:
        if required not in columns:
            problems.append(f"The column “{COLUMN_LABELS[required]}” is missing.")
    if "email" not in columns and "badge" not in columns:
        problems.append("The file needs an “e-mail” or a “badge” column to say who trained.")
    return columns
