"""The completion ledger as CSV, every row, for ORS: streamed straight from a database cursor.

A million completions must leave at close to the speed of csv.writer over a raw cursor, in
constant memory. So the rows are never model instances: one SELECT of the ledger's snapshot
columns (which survive deleting the user, agency or course), read with fetchmany in chunks
(a server-side cursor on PostgreSQL), dates and scores formatted by the database itself so
both backends print the same text, and each chunk written by one csv.writer call. The only
per-row Python work is the spreadsheet-injection guard, a first-character test on the text
columns; bidirectional-override characters are removed from each chunk's text at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import nullcontext

from django.db import connection, transaction

from lms.models import Completion
from lms.spreadsheet_exports import FORMULA_FIRST_CHARACTERS, strip_bidi_controls

# (header, SQL expression); {column} is filled with the quoted column name.
_UTC_TIMESTAMP = {
    "sqlite": "strftime('%Y-%m-%dT%H:%M:%SZ', {column})",
    "postgresql": "to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
}
_SCORE = {
    "sqlite": "CASE WHEN {column} IS NULL THEN NULL ELSE printf('%.2f', {column}) END",
    "postgresql": "{column}::text",
}

LEDGER_COLUMNS: list[tuple[str, str]] = [
    ("Completion ID", "id"),
    ("Completed at (UTC)", "completed_at"),
    ("Expires at (UTC)", "expires_at"),
    ("Name", "user_name"),
    ("E-mail", "user_email"),
    ("Badge", "badge_number"),
    ("Agency", "agency_name"),
    ("Course", "course_title"),
    ("Course revision", "course_revision_number"),
    # Which version was learned: the newest publication among the course's pages then live
    # (the record's content_versions holds each page's revision).
    ("Content version published (UTC)", "content_published_at"),
    ("Method", "method"),
    # Training done elsewhere (lms.records.past_records): counted, but not trained or certified by us.
    ("Recorded, not trained here", "not_trained_here"),
    ("Method elsewhere", "outside_method"),
    ("Kind", "kind"),
    ("Score (%)", "score"),
    ("Training minutes", "training_minutes"),
    ("Recorded by", "recorded_by_name"),
]
LEDGER_HEADER = [header for header, _ in LEDGER_COLUMNS]
# Free text a person typed (names, titles): the only cells the injection guard must look at.
# The method is one of our own choices and the rest are numbers or dates.
TEXT_COLUMNS = ("user_name", "user_email", "badge_number", "agency_name", "course_title")
TEXT_COLUMNS += ("recorded_by_name",)
CHUNK_ROWS = 2000


def ledger_select_sql(vendor: str | None = None) -> str:
    """The one SELECT of the export, for SQLite or PostgreSQL."""
    vendor = vendor or connection.vendor
    if vendor not in _UTC_TIMESTAMP:
        raise NotImplementedError(f"The ledger export supports SQLite and PostgreSQL, not {vendor}")
    quote = connection.ops.quote_name
    expressions = []
    for _, column in LEDGER_COLUMNS:
        if column in ("completed_at", "expires_at", "content_published_at"):
            expressions.append(_UTC_TIMESTAMP[vendor].format(column=quote(column)))
        elif column == "score":
            expressions.append(_SCORE[vendor].format(column=quote(column)))
        elif column == "not_trained_here":
            manual = Completion.Method.MANUAL.value
            expressions.append(f"CASE WHEN {quote('method')} = '{manual}' THEN 'yes' ELSE '' END")
        else:
            expressions.append(quote(column))
    table = quote(Completion._meta.db_table)
    return f"SELECT {', '.join(expressions)} FROM {table} ORDER BY {quote('id')}"  # noqa: S608 - no user input


class _Buffer(io.StringIO):
    def take(self) -> str:
        text = self.getvalue()
        self.seek(0)
        self.truncate()
        return text


def _guard_formulas(chunk: list[tuple]) -> list:
    """The chunk with any formula-like text cell prefixed by an apostrophe (rows copied only
    when they need it: almost none do)."""
    positions = [
        index for index, (_, column) in enumerate(LEDGER_COLUMNS) if column in TEXT_COLUMNS
    ]
    first = FORMULA_FIRST_CHARACTERS
    for number, row in enumerate(chunk):
        for index in positions:
            value = row[index]
            if value and value[0] in first:
                fixed = list(row)
                for position in positions:
                    cell = fixed[position]
                    if cell and cell[0] in first:
                        fixed[position] = "'" + cell
                chunk[number] = fixed
                break
    return chunk


def ledger_csv_chunks() -> Iterator[str]:
    """The ledger as CSV text, a header and then about CHUNK_ROWS rows per piece.

    One query however long the ledger. On PostgreSQL the read runs in a transaction so the
    server-side cursor streams instead of being materialized. SQLite (WAL) reads a consistent
    snapshot without one, and a transaction there would be BEGIN IMMEDIATE: it would hold the
    write lock, and stop every officer's completion, for as long as the download lasts.
    """
    buffer = _Buffer()
    writer = csv.writer(buffer)
    writer.writerow(LEDGER_HEADER)
    yield buffer.take()
    sql = ledger_select_sql()
    in_transaction = transaction.atomic() if connection.vendor == "postgresql" else nullcontext()
    with in_transaction, connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            writer.writerows(_guard_formulas(chunk))
            # One C-speed pass over the chunk's text: no per-cell work for the bidi controls.
            yield strip_bidi_controls(buffer.take())
