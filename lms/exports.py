"""Rows for the dashboard exports. The exports read the same matrix the screen shows.

Each officer × course pair is one row, with the training minutes recorded for it, so training
coordinators can report hours. Rows are produced lazily: the CSV streams them and the XLSX
writes them through openpyxl's write-only mode, so no whole-table copy is built. Cells are
Python values (dates as dates, minutes as numbers); lms.spreadsheets formats them per file type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from lms.selectors import AgencyMatrix, Cell
from lms.statewide import AgencyRow, CountyRow

AGENCY_HEADER = [
    "Agency",
    "Last name",
    "First name",
    "E-mail",
    "Badge",
    "Rank",
    "Unit",
    "Course",
    "Status",
    "Last completed",
    "Valid until",
    "Recorded, not trained here",
    "Due",
    "Training minutes",
    "SOP in force",
    "SOP acknowledged",
]


def _day(moment) -> dt.date | None:
    """The local calendar day: spreadsheets get a real date, CSV prints it ISO."""
    if moment is None:
        return None
    if hasattr(moment, "hour"):
        moment = timezone.localdate(moment)
    return moment


def _valid_until(cell: Cell) -> dt.date | str | None:
    if cell.last_completed_at is None:
        return None
    return "never expires" if cell.never_expires else _day(cell.valid_until)


def sop_acknowledgements(agency) -> tuple[str, dict]:
    """The agency's SOP in force and when each person acknowledged it (one query each).

    Acknowledgements are evidence kept by cms (cms.sop); the training export shows them beside
    the completions so one file answers "trained, and read the SOP?".
    """
    from cms.sop import current_adoption

    adoption = current_adoption(agency=agency)
    if adoption is None:
        return "", {}
    acknowledged = dict(adoption.acknowledgements.values_list("user_id", "acknowledged_at"))
    return f"{adoption.title} ({adoption.version_label})", acknowledged


def agency_rows(matrix: AgencyMatrix) -> Iterator[list]:
    """Header, then one row per officer and course, then a total of minutes per officer."""
    yield AGENCY_HEADER
    sop_label, acknowledged = sop_acknowledgements(matrix.agency)
    for row in matrix.rows:
        membership, user = row.membership, row.user
        sop_acknowledged = _day(acknowledged.get(user.pk)) or ("not yet" if sop_label else "")
        for course, cell in row.items:
            yield [
                matrix.agency.name,
                user.last_name,
                user.first_name,
                user.email,
                membership.badge_number,
                membership.rank,
                membership.unit,
                course.title,
                cell.label,
                _day(cell.last_completed_at),
                _valid_until(cell),
                "yes" if cell.last_is_manual else "",
                _day(cell.due_on),
                cell.training_minutes,
                sop_label,
                sop_acknowledged,
            ]


STATEWIDE_HEADER = ["Level", "Name", "County", "Agencies", "Officers", "Last activity", "Program"]


def statewide_rows_for_export(
    *, courses: list, rows: list[AgencyRow], counties: list[CountyRow]
) -> Iterator[list]:
    yield [*STATEWIDE_HEADER, *(f"{c.title} % complete" for c in courses)]
    for row in rows:
        yield [
            "agency",
            row.agency.name,
            row.agency.county,
            1,
            row.officers,
            _day(row.last_activity),
            row.agency.get_program_status_display(),
            *(row.percent(c.pk) for c in courses),
        ]
    for county in counties:
        yield [
            "county",
            county.label,
            county.county,
            county.agencies,
            county.officers,
            _day(county.last_activity),
            "",
            *(county.percent(c.pk) for c in courses),
        ]
