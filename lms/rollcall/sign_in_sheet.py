"""What the roll-call sign-in sheet prints: its rows, walk-in lines and column widths.

The PDF (templates/rollcall/sign_in_sheet_pdf.html) is US Letter portrait with half-inch
margins: a 7.5 in table. Its columns are sized to what they hold: the badge column is as wide as
the widest badge number on the sheet (a badge number never wraps), the name column takes what is
left, and the signature box keeps its 2.7 in whatever the names and badges are. Names are set at
11 pt and wrap, never shrink: xhtml2pdf breaks lines only at spaces, so a word too wide for the
name column is given one (after a hyphen where possible).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils import timezone

from certificates.pdf import break_long_words, text_width_pt

WALK_IN_ROWS, FIRST_PAGE_ROWS = 5, 13
TABLE_WIDTH_PT = 7.5 * 72
TEXT_PT = 11
CELL_PADDING_PT = 8  # 4 pt each side (the PDF template's td padding)
# Percent of the table: "#", "Checked in" and the signature box are fixed; the badge column
# grows from 11% (eight digits) to 20% (about fourteen characters), taken from the name column.
NUMBER_PERCENT, CHECKED_IN_PERCENT, SIGNATURE_PERCENT = 5, 15, 36
BADGE_PERCENT_RANGE = (11, 20)


@dataclass(frozen=True)
class SheetColumns:
    """Column widths in percent of the table (they add up to 100)."""

    number: int
    name: int
    badge: int
    checked_in: int
    signature: int

    def width_pt(self, percent: int) -> float:
        """The room for text in a column of `percent`, inside its padding."""
        return TABLE_WIDTH_PT * percent / 100 - CELL_PADDING_PT


def sheet_columns(badge_numbers: list[str]) -> SheetColumns:
    """Widths that fit the widest badge number on one line, within the badge column's range."""
    widest = max((text_width_pt(badge, size=TEXT_PT) for badge in badge_numbers), default=0)
    needed = math.ceil((widest + CELL_PADDING_PT + 1) * 100 / TABLE_WIDTH_PT)
    low, high = BADGE_PERCENT_RANGE
    badge = min(max(needed, low), high)
    name = 100 - NUMBER_PERCENT - CHECKED_IN_PERCENT - SIGNATURE_PERCENT - badge
    return SheetColumns(
        number=NUMBER_PERCENT,
        name=name,
        badge=badge,
        checked_in=CHECKED_IN_PERCENT,
        signature=SIGNATURE_PERCENT,
    )


def sheet_context(session) -> dict:
    """The sheet's rows for the HTML page and the PDF alike."""
    attendances = list(session.attendances.all())
    columns = sheet_columns([attendance.badge_number for attendance in attendances])
    for attendance in attendances:
        attendance.sheet_name = break_long_words(
            attendance.user_name, max_width_pt=columns.width_pt(columns.name), size=TEXT_PT
        )
        # Only a badge longer than the widest column allows is broken: better than printing
        # over the next column.
        attendance.sheet_badge = break_long_words(
            attendance.badge_number, max_width_pt=columns.width_pt(columns.badge), size=TEXT_PT
        )
    # Walk-ins sign on paper: always a few blank numbered rows, and a first page filled.
    blank_lines = max(WALK_IN_ROWS, FIRST_PAGE_ROWS - len(attendances))
    first_blank = len(attendances) + 1
    return {
        "session": session,
        "attendances": attendances,
        "columns": columns,
        "blank_lines": range(first_blank, first_blank + blank_lines),
        "absences": list(session.absences.all()),
        "printed_at": timezone.localtime(),
    }
