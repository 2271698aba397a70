"""CSV (streamed; plain and Excel variants) and XLSX (write-only) exports of the dashboards."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse

from lms.access import agency_visible_to_or_404
from lms.audit import audit_export
from lms.exports import agency_rows, statewide_rows_for_export
from lms.records.ledger_export import ledger_csv_chunks
from lms.selectors.columns import live_courses
from lms.spreadsheet_exports import CSV_TYPE, UTF8_BOM, csv_response, export_filename, xlsx_response
from lms.statewide import county_rollup, statewide_rows
from lms.views.dashboard_agency import matrix_for_request
from lms.views.dashboard_forms import filter_words
from lms.views.dashboard_statewide import require_ors


def _agency_export(request: HttpRequest, agency_id: int, *, kind: str):
    agency = agency_visible_to_or_404(request.user, agency_id)
    matrix, form = matrix_for_request(request, agency)
    labels = {"csv": "CSV", "excel-csv": "CSV for Excel", "xlsx": "XLSX"}
    audit_export(request=request, agency=agency, what=f"agency training {labels[kind]}")
    titles = {column.course.pk: column.course.title for column in matrix.columns}
    words = ["training", agency.name, *filter_words(form.filters(), course_titles=titles)]
    if kind == "xlsx":
        return xlsx_response(
            agency_rows(matrix),
            filename=export_filename(*words, extension="xlsx"),
            title="Training",
        )
    return csv_response(
        agency_rows(matrix),
        filename=export_filename(*words, extension="csv"),
        excel=kind == "excel-csv",
    )


@login_required
def agency_export_csv(request: HttpRequest, agency_id: int):
    """UTF-8 without a byte-order mark: for scripts and other systems."""
    return _agency_export(request, agency_id, kind="csv")


@login_required
def agency_export_excel_csv(request: HttpRequest, agency_id: int):
    """UTF-8 with a byte-order mark, so Excel reads accented names right."""
    return _agency_export(request, agency_id, kind="excel-csv")


@login_required
def agency_export_xlsx(request: HttpRequest, agency_id: int):
    return _agency_export(request, agency_id, kind="xlsx")


def _statewide_export(request: HttpRequest, *, excel: bool):
    require_ors(request)
    courses = list(live_courses().only("pk", "title", "path"))
    rows = statewide_rows()
    audit_export(request=request, what=f"statewide training CSV{' for Excel' if excel else ''}")
    return csv_response(
        statewide_rows_for_export(courses=courses, rows=rows, counties=county_rollup(rows)),
        filename=export_filename("training", "statewide", extension="csv"),
        excel=excel,
    )


@login_required
def statewide_export_csv(request: HttpRequest):
    return _statewide_export(request, excel=False)


@login_required
def statewide_export_excel_csv(request: HttpRequest):
    return _statewide_export(request, excel=True)


def _ledger_export(request: HttpRequest, *, excel: bool):
    require_ors(request)
    audit_export(request=request, what=f"completion ledger CSV{' for Excel' if excel else ''}")
    chunks = ledger_csv_chunks()
    if excel:
        chunks = _after(UTF8_BOM, chunks)
    response = StreamingHttpResponse(chunks, content_type=CSV_TYPE)
    filename = export_filename("completion", "ledger", "excel" if excel else "", extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _after(first: str, rest):
    yield first
    yield from rest


@login_required
def ledger_export_csv(request: HttpRequest):
    """Every completion in the ledger (ORS only; 404 for anyone else, like the statewide view)."""
    return _ledger_export(request, excel=False)


@login_required
def ledger_export_excel_csv(request: HttpRequest):
    return _ledger_export(request, excel=True)
