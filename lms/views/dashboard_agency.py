"""The supervisor's agency dashboard: matrix, print view, officer detail, and one record of
training done elsewhere."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cms.sop_status import agency_sop_counts
from lms.access import agency_and_supervised_or_404, agency_visible_to_or_404
from lms.models import Assignment, Membership
from lms.records.agency_records import (
    agency_completions_of,
    certificates_held_elsewhere,
)
from lms.records.past_records import record_past_training
from lms.roles import roles_for
from lms.selectors.columns import active_members, live_courses
from lms.selectors.facts import user_cells
from lms.selectors.matrix import build_matrix, load_agency_data
from lms.selectors.states import Cell, State
from lms.views.dashboard_forms import ManualCompletionForm, MatrixFilterForm, filter_words

PAGE_SIZE = 50


def matrix_for_request(request: HttpRequest, agency, *, expiring_within: timedelta | None = None):
    """The filtered matrix and its form; the screen, print view and exports all use this.

    `expiring_within`: see `load_agency_data` (the screen counts what expires soon)."""
    data = load_agency_data(agency=agency, expiring_within=expiring_within)
    form = MatrixFilterForm(
        request.GET or None,
        matrix_courses=data.all_courses,
        units=data.units,
        ranks=data.ranks,
    )
    matrix = build_matrix(data, form.filters())
    return matrix, form


def _agency_and_nav_or_404(request, agency_id: int):
    """The agency (lms.access decides, 404 otherwise) and the navigation's context."""
    ors = roles_for(request).is_ors_staff  # known for the navigation already: no query
    agency, supervised = agency_and_supervised_or_404(request.user, agency_id, ors_staff=ors)
    return agency, {"is_ors": ors, "supervised": supervised, "current": agency.pk}


EXPIRING_SOON_DAYS = 30


def action_counts(*, agency, matrix) -> dict[str, int]:
    """What a supervisor acts on, counted first on the page: overdue (from the matrix, no
    query), people × courses with a certifying completion expiring within 30 days that the
    agency may count (lms.records.agency_records), over the whole agency (from the matrix's facts, loaded with `expiring_within`, no query), SOP
    acknowledgements outstanding and overdue (cms.sop_status), pending join requests. Three
    queries, two without an SOP in force."""
    sop = agency_sop_counts(agency=agency)
    pending = Membership.objects.filter(agency=agency, status=Membership.Status.PENDING).count()
    return {
        "overdue": len(matrix.overdue_keys),
        "expiring": len(matrix.data.facts.expiring_soon),
        "sop_outstanding": sop.outstanding,
        "sop_overdue": sop.overdue,
        "pending": pending,
        "sop_adopted": sop.adopted,
    }


@login_required
def agency_dashboard(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency, nav = _agency_and_nav_or_404(request, agency_id)
    matrix, form = matrix_for_request(
        request, agency, expiring_within=timedelta(days=EXPIRING_SOON_DAYS)
    )
    # Rows (memberships, cells, details) are built for this page only.
    page = Paginator(matrix.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "lms/dashboard/agency.html",
        {
            "agency": agency,
            "matrix": matrix,
            "form": form,
            "page": page,
            "query": form.query_string(),
            "states": State.choices(),
            "counts": action_counts(agency=agency, matrix=matrix),
            "expiring_days": EXPIRING_SOON_DAYS,
            **nav,
        },
    )


@login_required
def agency_print(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency, nav = _agency_and_nav_or_404(request, agency_id)
    matrix, form = matrix_for_request(request, agency)
    titles = {column.course.pk: column.course.title for column in matrix.columns}
    words = filter_words(form.filters(), course_titles=titles)
    return render(
        request,
        "lms/dashboard/agency_print.html",
        {"agency": agency, "matrix": matrix, "filter_label": "" if words == ["all"] else words},
    )


def _member_or_404(agency, user_id: int):
    return get_object_or_404(active_members(agency=agency), user_id=user_id)


@login_required
def officer_detail(request: HttpRequest, agency_id: int, user_id: int) -> HttpResponse:
    agency, nav = _agency_and_nav_or_404(request, agency_id)
    membership = _member_or_404(agency, user_id)
    officer = membership.user
    courses = list(live_courses())
    # What belongs to this agency only, plus public certificates (lms.records.agency_records).
    cells = user_cells(user=officer, course_ids=[c.pk for c in courses], agency=agency)
    rows = [(c, cells.get((officer.pk, c.pk)) or Cell()) for c in courses]
    return render(
        request,
        "lms/dashboard/officer_detail.html",
        {
            "agency": agency,
            "membership": membership,
            "officer": officer,
            "rows": rows,
            "completions": agency_completions_of(agency=agency, person=officer),
            "certificates_elsewhere": certificates_held_elsewhere(agency=agency, person=officer),
            "assignments": Assignment.objects.filter(user=officer, agency=agency)
            .select_related("course")
            .order_by("-due_on"),
            **nav,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_completion_view(request: HttpRequest, agency_id: int, user_id: int) -> HttpResponse:
    agency = agency_visible_to_or_404(request.user, agency_id)
    membership = _member_or_404(agency, user_id)
    courses = list(live_courses())
    form = ManualCompletionForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            record_past_training(
                officer=membership.user,
                course=form.courses[form.cleaned_data["course"]],
                completed_on=form.cleaned_data["completed_on"],
                outside_method=form.cleaned_data["outside_method"],
                hours=form.cleaned_data["hours"],
                note=form.cleaned_data["note"],
                recorded_by=request.user,
                agency=agency,
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(
                request,
                f"Recorded training done elsewhere for {membership.user.get_full_name()} "
                "(marked “recorded, not trained here”; no certificate is issued).",
            )
            return redirect("lms:officer_detail", agency.pk, membership.user_id)
    return render(
        request,
        "lms/dashboard/record_completion.html",
        {"agency": agency, "membership": membership, "form": form},
        status=400 if request.method == "POST" else 200,
    )
