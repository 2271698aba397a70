"""Cells of the training matrix, written once for the agency page, its print view and the
officer detail.

A page of the agency matrix is 50 officers × up to 20 courses: an `{% include %}` per cell
cost more than everything else on the page, so cells are built here (one tag for the screen's
rows, one per row of the print view), with the state badges, the cells' labels and the officer
link reversed once per rendering.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from lms.selectors.matrix import MatrixRow
from lms.selectors.states import Cell, State

register = template.Library()

# Training done elsewhere and recorded here (lms.records.past_records): it counts, we did not give it.
_MANUAL = (
    ' <span class="cell-manual" title="Training done elsewhere, recorded by a supervisor or '
    'ORS">Recorded, not trained here</span>'
)


class _CellWriter:
    """Writes cells for one rendering: badges per state and month names are built once."""

    def __init__(self):
        self.badges = {
            state: (
                f'<span class="badge badge--{State.BADGES[state]} cell-state '
                f'cell-state--{state}">{escape(label)}</span>'
            )
            for state, label in State.LABELS.items()
        }
        # What the |date filter writes for "M": the month's three letters, title-cased.
        self.months = [""] + [escape(str(MONTHS_3[month]).title()) for month in range(1, 13)]
        self.titles: dict[int, str] = {}
        self.openers: dict[tuple[int, ...], list[str]] = {}
        self.officer_urls: dict[int, tuple[str, str]] = {}

    def title(self, course) -> str:
        title = self.titles.get(course.pk)
        if title is None:
            title = self.titles[course.pk] = escape(course.title)
        return title

    def labelled_openers(self, courses) -> list[str]:
        """`<td data-label="...">` for each course, built once per rendering (every row of a
        matrix has the same courses)."""
        key = tuple(course.pk for course in courses)
        openers = self.openers.get(key)
        if openers is None:
            openers = self.openers[key] = [
                f'<td data-label="{self.title(course)}">' for course in courses
            ]
        return openers

    def officer_url(self, agency_id: int, user_id: int) -> str:
        """The officer detail page's address: reversed once per agency and rendering (a page
        lists 50 officers), the officer's id put in the place of a 0."""
        parts = self.officer_urls.get(agency_id)
        if parts is None:
            before, zero, after = reverse("lms:officer_detail", args=[agency_id, 0]).rpartition(
                "/0/"
            )
            parts = self.officer_urls[agency_id] = (before + "/", "/" + after) if zero else None
        if parts is None:
            return reverse("lms:officer_detail", args=[agency_id, user_id])
        return f"{parts[0]}{user_id}{parts[1]}"

    def short_date(self, day: date) -> str:
        """As |date:"M j"."""
        return f"{self.months[day.month]} {day.day}"

    def long_date(self, moment: datetime | None) -> str:
        """As |date:"M j, Y": in the current time zone, empty when unknown."""
        if not moment:
            return ""
        moment = template_localtime(moment)
        return f"{self.months[moment.month]} {moment.day}, {moment.year:04d}"

    def cell(self, cell: Cell) -> str:
        """The state badge, the "recorded, not trained here" marker, and the date that matters
        for the state."""
        html = self.badges[cell.state]
        if cell.last_is_manual:
            html += _MANUAL
        if cell.state == State.OVERDUE and cell.due_on:
            html += f"<br><small>due {self.short_date(cell.due_on)}</small>"
        elif cell.state in (State.EXPIRING, State.EXPIRED):
            html += f"<br><small>{self.long_date(cell.valid_until)}</small>"
        return html


def _writer(context) -> _CellWriter:
    # render_context lives as long as one rendering (and follows the active language).
    writer = context.render_context.get(_CellWriter)
    if writer is None:
        writer = context.render_context[_CellWriter] = _CellWriter()
    return writer


@register.simple_tag(takes_context=True)
def matrix_cell(context, cell: Cell) -> SafeString:
    """One cell's content: `{% matrix_cell cell %}`."""
    return mark_safe(_writer(context).cell(cell))  # noqa: S308 - labels and dates escaped


def _officer_heading(writer: _CellWriter, row: MatrixRow, agency_id: int) -> str:
    """The row's heading: the officer's name, linked to their detail page, and badge, rank and
    unit."""
    membership, user = row.membership, row.user
    facts = "".join(
        [
            f"#{escape(membership.badge_number)}" if membership.badge_number else "",
            f" · {escape(membership.rank)}" if membership.rank else "",
            f" · {escape(membership.unit)}" if membership.unit else "",
        ]
    )
    return format_html(
        '<th scope="row" class="matrix__officer"><a href="{}">{}, {}</a> <small>{}</small></th>',
        writer.officer_url(agency_id, membership.user_id),
        user.last_name,
        user.first_name,
        mark_safe(facts),  # noqa: S308 - each part escaped above
    )


@register.simple_tag(takes_context=True)
def matrix_rows(context, rows: list[MatrixRow], agency_id: int) -> SafeString:
    """The `<tr>` of each row of the screen: its heading and its labelled cells. One tag for
    the page's 50 rows, not two per row."""
    writer = _writer(context)
    return mark_safe(  # noqa: S308 - names, badges, titles, labels and dates escaped
        "".join(
            f"<tr>{_officer_heading(writer, row, agency_id)}{_labelled_cells(writer, row)}</tr>\n"
            for row in rows
        )
    )


def _labelled_cells(writer: _CellWriter, row: MatrixRow) -> str:
    write = writer.cell
    return "".join(
        f"{opener}{write(cell)}</td>"
        for opener, cell in zip(writer.labelled_openers(row.courses), row.cells, strict=True)
    )


@register.simple_tag(takes_context=True)
def matrix_row_cells(context, row: MatrixRow, labelled: bool = True) -> SafeString:
    """A row's `<td>` cells. Each is labelled with its course title (the phone layout shows
    the label) unless labelled=False (the print view)."""
    writer = _writer(context)
    if labelled:
        return mark_safe(_labelled_cells(writer, row))  # noqa: S308 - titles, labels, dates escaped
    write = writer.cell
    return mark_safe("".join(f"<td>{write(cell)}</td>" for cell in row.cells))  # noqa: S308
