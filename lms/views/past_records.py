"""Importing past training for an agency: choose the agency (ORS), upload -> preview -> confirm,
and the template file.

Every agency page goes through lms.access, so another agency's id is a 404; the file is read
in memory and never stored; the rows come back to the confirmation signed (lms.past_records_import).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.access import agency_visible_to_or_404, supervised_agencies
from lms.agency_forms import AgencyChoiceForm, PastRecordsUploadForm
from lms.conf import app_settings
from lms.models import Completion
from lms.past_records_import import (
    PastRecordsRefused,
    import_past_records,
    preview_past_records,
    sign_rows,
    unsign_rows,
)
from lms.records.past_records import MAX_HOURS, MAX_NOTE_CHARS, PAST_YEARS, earliest_past_date
from lms.records.past_records_file import (
    COLUMN_LABELS,
    COLUMNS,
    PastRecordsReport,
    read_past_records,
    too_large_message,
)
from lms.roles import roles_for
from lms.selectors.columns import live_courses
from lms.spreadsheet_exports import csv_response

TEMPLATE_FILE_NAME = "past-training-template.csv"


@login_required
@require_GET
def past_training_start(request: HttpRequest) -> HttpResponse:
    """Which agency the records are for: ORS always chooses; a supervisor of one goes on."""
    agencies = supervised_agencies(request.user).order_by("name")
    is_ors = roles_for(request).is_ors_staff
    if not is_ors:
        only = list(agencies[:2])
        if not only:
            raise Http404
        if len(only) == 1:
            return redirect("lms:past_training_import", agency_id=only[0].pk)
    form = AgencyChoiceForm(request.GET or None, agencies=agencies)
    if request.GET and form.is_valid():
        return redirect("lms:past_training_import", agency_id=form.cleaned_data["agency"].pk)
    return render(
        request,
        "lms/past_records/choose_agency.html",
        {"form": form},
        status=400 if request.GET and form.errors else 200,
    )


def _page_context(request: HttpRequest, agency) -> dict:
    return {
        "agency": agency,
        "is_ors": roles_for(request).is_ors_staff,
        "columns": [COLUMN_LABELS[c] for c in COLUMNS],
        "methods": [str(label).lower() for _, label in Completion.OutsideMethod.choices],
        "courses": list(live_courses().only("pk", "title", "slug", "path")),
        "earliest": earliest_past_date(timezone.localdate()),
        "past_years": PAST_YEARS,
        "max_hours": MAX_HOURS,
        "max_note_chars": MAX_NOTE_CHARS,
        "max_rows": f"{app_settings.past_records_max_rows:,}",
        "max_size": _size_in_words(app_settings.past_records_max_bytes),
    }


def _size_in_words(size: int) -> str:
    megabytes, rest = divmod(size, 1024 * 1024)
    return f"{megabytes} MB" if megabytes and not rest else f"{size // 1024:,} KB"


@login_required
@require_http_methods(["GET", "POST"])
def past_training_import(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Upload -> preview with every row's problem or duplicate in words."""
    agency = agency_visible_to_or_404(request.user, agency_id)
    context = _page_context(request, agency)
    if request.method == "GET":
        context["form"] = PastRecordsUploadForm()
        return render(request, "lms/past_records/import.html", context)
    form = PastRecordsUploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "lms/past_records/import.html", context, status=400)
    upload = form.cleaned_data["records"]
    if upload.size > app_settings.past_records_max_bytes:  # never read a huge upload into memory
        report = PastRecordsReport(
            file_name=upload.name, file_problems=[too_large_message(upload.size)]
        )
    else:
        report = read_past_records(file_name=upload.name, data=upload.read())
    report = preview_past_records(agency=agency, report=report)
    return _preview(request, context, report)


def _preview(request: HttpRequest, context: dict, report: PastRecordsReport) -> HttpResponse:
    context["report"] = report
    if not report.has_problems and report.new_rows:
        context["signed_rows"] = sign_rows(
            report=report, agency=context["agency"], user=request.user
        )
    return render(
        request,
        "lms/past_records/preview.html",
        context,
        status=400 if report.has_problems else 200,
    )


@login_required
@require_POST
def past_training_confirm(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_visible_to_or_404(request.user, agency_id)
    unsigned = unsign_rows(request.POST.get("rows", ""), agency=agency, user=request.user)
    if unsigned is None:
        messages.error(request, "That preview has expired or was changed. Upload the file again.")
        return redirect("lms:past_training_import", agency_id=agency.pk)
    file_name, rows = unsigned
    try:
        outcome = import_past_records(
            agency=agency, rows=rows, file_name=file_name, imported_by=request.user
        )
    except PastRecordsRefused as refused:
        return _preview(request, _page_context(request, agency), refused.report)
    skipped = (
        f" {outcome.skipped} duplicate{'s' if outcome.skipped != 1 else ''} skipped."
        if outcome.skipped
        else ""
    )
    messages.success(
        request,
        f"Recorded {outcome.recorded} past training record{'s' if outcome.recorded != 1 else ''} "
        f"for {agency.name}, marked “recorded, not trained here”.{skipped}",
    )
    return redirect("lms:agency_dashboard", agency_id=agency.pk)


@login_required
@require_GET
def past_training_template(request: HttpRequest) -> HttpResponse:
    """The header row to fill in (with a BOM, so Excel reads accents right)."""
    if not roles_for(request).supervises_any:
        raise Http404
    return csv_response([list(COLUMNS)], filename=TEMPLATE_FILE_NAME, excel=True)
