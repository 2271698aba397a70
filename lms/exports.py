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

from cms.sop_status import NOTHING_ADOPTED, agency_sop_statuses
from lms.selectors.matrix import AgencyMatrix
from lms.selectors.states import Cell
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
    "SOP status",
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


def sop_in_force_label(adoption) -> str:
    if adoption is None:
        return ""
    reference = f", {adoption.version_label}" if adoption.version_label else ""
    return f"{adoption.title} (version {adoption.version}{reference})"


def agency_rows(matrix: AgencyMatrix) -> Iterator[list]:
    """Header, then one row per officer and course, then a total of minutes per officer."""
    yield AGENCY_HEADER
    # Acknowledgements are evidence kept by cms; the training export shows them beside the
    # completions so one file answers "trained, and read the SOP?".
    sop_statuses = agency_sop_statuses(agency=matrix.agency)
    for row in matrix.rows:
        membership, user = row.membership, row.user
        _member, sop = sop_statuses.get(user.pk, (None, NOTHING_ADOPTED))
        sop_acknowledged = _day(sop.acknowledged_at) or ("not yet" if sop.adoption else "")
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
                sop_in_force_label(sop.adoption),
                sop_acknowledged,
                sop.describe() if sop.adoption else "",
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
