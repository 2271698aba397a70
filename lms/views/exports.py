"""CSV (streamed) and XLSX (write-only) exports of the dashboards."""

from __future__ import annotations

import csv
import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from lms.access import agency_visible_to_or_404
from lms.audit import audit_export
from lms.exports import agency_rows, statewide_rows_for_export
from lms.ledger_export import FORMULA_FIRST_CHARACTERS, ledger_csv_chunks
from lms.selectors import county_rollup, live_courses, statewide_rows
from lms.views.dashboard_agency import matrix_for_request
from lms.views.dashboard_statewide import require_ors

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_injection_safe(value):
    # Spreadsheet apps run cells that start with these as formulas.
    if isinstance(value, str) and value[:1] in FORMULA_FIRST_CHARACTERS:
        return "'" + value
    return value


def stream_csv(rows, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([_csv_injection_safe(v) for v in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_file(rows, filename: str, title: str) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([_csv_injection_safe(v) for v in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def _stamp() -> str:
    return timezone.localdate().isoformat()


@login_required
def agency_export_csv(request: HttpRequest, agency_id: int):
    agency = agency_visible_to_or_404(request.user, agency_id)
    matrix, _ = matrix_for_request(request, agency)
    audit_export(request=request, agency=agency, what="agency training CSV")
    return stream_csv(agency_rows(matrix), f"training-{slugify(agency.name)}-{_stamp()}.csv")


@login_required
def agency_export_xlsx(request: HttpRequest, agency_id: int):
    agency = agency_visible_to_or_404(request.user, agency_id)
    matrix, _ = matrix_for_request(request, agency)
    audit_export(request=request, agency=agency, what="agency training XLSX")
    return xlsx_file(
        agency_rows(matrix), f"training-{slugify(agency.name)}-{_stamp()}.xlsx", "Training"
    )


@login_required
def statewide_export_csv(request: HttpRequest):
    require_ors(request)
    courses = list(live_courses().only("pk", "title", "path"))
    rows = statewide_rows()
    audit_export(request=request, what="statewide training CSV")
    return stream_csv(
        statewide_rows_for_export(courses=courses, rows=rows, counties=county_rollup(rows)),
        f"training-statewide-{_stamp()}.csv",
    )


@login_required
def ledger_export_csv(request: HttpRequest):
    """Every completion in the ledger (ORS only; 404 for anyone else, like the statewide view)."""
    require_ors(request)
    audit_export(request=request, what="completion ledger CSV")
    response = StreamingHttpResponse(ledger_csv_chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="completion-ledger-{_stamp()}.csv"'
    return response
