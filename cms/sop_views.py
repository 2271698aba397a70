"""The SOP pages: officers read and acknowledge their own agency's SOP in force; supervisors adopt
versions (own text or PDF), set the days to acknowledge and see who is outstanding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.forms import SOPAdoptionForm, SOPDaysForm
from cms.models import SOPAdoption
from cms.sop import (
    acknowledge_sop,
    acknowledgement_rows,
    acknowledgement_table,
    adopt_sop,
    may_read_agency_sop,
    model_sop,
    set_acknowledge_days,
)
from cms.sop_status import current_adoption, sop_status, user_sop_statuses
from cms.sop_text import model_sop_starting_text
from lms.access import SUPERVISORY_ROLES, agency_visible_to_or_404, supervised_agencies
from lms.audit import audit_export
from lms.models import Agency, Membership
from lms.spreadsheet_exports import csv_response, export_filename
from lms.todo_count import forget_todo_count

DEFAULT_SOP_TITLE = "Leave-behind naloxone SOP"


def _supervisors_of(agency: Agency) -> list[str]:
    """Who an officer asks about the SOP: the agency's active supervisors, by name."""
    memberships = Membership.objects.filter(
        agency=agency, status=Membership.Status.ACTIVE, role__in=SUPERVISORY_ROLES
    ).select_related("user")
    return [m.user.get_full_name() or m.user.email for m in memberships]


def _active_membership(user, agency) -> Membership | None:
    return (
        Membership.objects.filter(user=user, agency=agency, status=Membership.Status.ACTIVE)
        .select_related("agency")
        .first()
    )


def _own_active_membership_or_404(user, adoption_id: int) -> tuple[SOPAdoption, Membership]:
    """The adoption and the user's active membership of its agency; another agency's SOP is a
    404, like every other agency record."""
    adoption = get_object_or_404(SOPAdoption.objects.select_related("agency"), pk=adoption_id)
    membership = _active_membership(user, adoption.agency)
    if membership is None:
        raise Http404("Not your agency's SOP.")
    return adoption, membership


@login_required
@require_GET
def my_sop(request):
    """The officer's view: the SOP in force at each of their agencies and what is due."""
    items = [
        {
            "agency": membership.agency,
            "status": status,
            "ask": [] if status.adoption else _supervisors_of(membership.agency),
        }
        for membership, status in user_sop_statuses(user=request.user)
    ]
    return render(
        request,
        "cms/my_sop.html",
        {"items": items, "supervised": supervised_agencies(request.user).order_by("name")[:50]},
    )


@login_required
@require_GET
def read_sop(request, adoption_id: int):
    """The SOP in force, as its agency's members read it; their supervisors see it too, without
    the acknowledgement form unless they are members themselves."""
    adoption = get_object_or_404(SOPAdoption.objects.select_related("agency"), pk=adoption_id)
    membership = _active_membership(request.user, adoption.agency)
    if membership is None and not may_read_agency_sop(request.user, agency_id=adoption.agency_id):
        raise Http404("Not your agency's SOP.")
    current = current_adoption(agency=adoption.agency)
    if current is None or current.pk != adoption.pk:
        messages.info(request, "That SOP version has been replaced. This is the current one.")
        return redirect("cms:my_sop")
    status = None
    if membership is not None:
        acknowledgement = adoption.acknowledgements.filter(user=request.user).first()
        status = sop_status(
            membership=membership,
            adoption=adoption,
            acknowledged_at=acknowledgement.acknowledged_at if acknowledgement else None,
            today=timezone.localdate(),
        )
    return render(request, "cms/read_sop.html", {"adoption": adoption, "status": status})


@login_required
@require_GET
def sop_pdf(request, adoption_id: int):
    """An agency's own PDF, to its members and supervisors only."""
    adoption = get_object_or_404(SOPAdoption, pk=adoption_id, source=SOPAdoption.Source.OWN)
    if not may_read_agency_sop(request.user, agency_id=adoption.agency_id):
        raise Http404("Not your agency's SOP.")
    response = FileResponse(adoption.document.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="sop-{adoption.agency_id}-version-{adoption.version}.pdf"'
    )
    return response


@login_required
@require_POST
def acknowledge_sop_view(request, adoption_id: int):
    adoption, _membership = _own_active_membership_or_404(request.user, adoption_id)
    current = current_adoption(agency=adoption.agency)
    if current is None or current.pk != adoption.pk:
        messages.error(request, "That SOP version has been replaced. Please read the current one.")
        return redirect("cms:my_sop")
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm you have read and understood the SOP.")
        return redirect("cms:read_sop", adoption_id=adoption.pk)
    acknowledge_sop(user=request.user, adoption=adoption)
    forget_todo_count(request)  # the header's count changes with it
    messages.success(request, "Thank you. Your acknowledgement is recorded.")
    return redirect("cms:my_sop")


def _starting_text(agency: Agency, adoption: SOPAdoption | None) -> dict:
    """What the text form starts from: the version in force, else the model SOP with the
    agency's name filled in."""
    if adoption is not None and adoption.source == SOPAdoption.Source.TEXT:
        return {"source": "text", "title": adoption.title, "text": adoption.text}
    return {
        "source": "text",
        "title": DEFAULT_SOP_TITLE,
        "text": model_sop_starting_text(page=model_sop(), agency_name=agency.name),
    }


@login_required
@require_http_methods(["GET", "POST"])
def agency_sop(request, agency_id: int):
    """The supervisor's view: adopt a version, see who is outstanding, export CSV."""
    agency = agency_visible_to_or_404(request.user, agency_id)
    adoption = current_adoption(agency=agency)
    if request.method == "POST":
        form = SOPAdoptionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            pdf = data["source"] == "own"
            try:
                adopted = adopt_sop(
                    agency=agency,
                    adopted_by=request.user,
                    title=data["title"],
                    text="" if pdf else data["text"],
                    upload=data["document"] if pdf else None,
                    version_label=data["version_label"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Version {adopted.version} adopted. Everyone in {agency.name} is asked to "
                    "read and acknowledge it.",
                )
                return redirect("cms:agency_sop", agency_id=agency.pk)
    else:
        form = SOPAdoptionForm(initial=_starting_text(agency, adoption))
    return _render_agency_sop(request, agency, adoption, form=form)


def _render_agency_sop(request, agency, adoption, *, form=None, days_form=None, status=200):
    rows = acknowledgement_rows(agency=agency) if adoption else []
    latest = agency.sop_adoptions.order_by("-version").first()
    return render(
        request,
        "cms/agency_sop.html",
        {
            "agency": agency,
            "adoption": adoption,
            "retired_model_adoption": latest if latest and not latest.is_readable() else None,
            "rows": rows,
            "outstanding": sum(1 for _m, s in rows if s.outstanding),
            "overdue": sum(1 for _m, s in rows if s.overdue),
            "history": agency.sop_adoptions.annotate(acknowledged=Count("acknowledgements"))[:10],
            "form": form or SOPAdoptionForm(initial=_starting_text(agency, adoption)),
            "days_form": days_form or SOPDaysForm(initial={"days": agency.sop_acknowledge_days}),
        },
        status=status,
    )


@login_required
@require_POST
def agency_sop_days(request, agency_id: int):
    agency = agency_visible_to_or_404(request.user, agency_id)
    days_form = SOPDaysForm(request.POST)
    if days_form.is_valid():
        set_acknowledge_days(agency=agency, days=days_form.cleaned_data["days"])
        messages.success(
            request, f"Everyone now has {agency.sop_acknowledge_days} days to acknowledge."
        )
        return redirect("cms:agency_sop", agency_id=agency.pk)
    return _render_agency_sop(
        request, agency, current_adoption(agency=agency), days_form=days_form, status=400
    )


def _acknowledgements_export(request, agency_id: int, *, excel: bool):
    agency = agency_visible_to_or_404(request.user, agency_id)
    if current_adoption(agency=agency) is None:
        raise Http404
    audit_export(
        request=request,
        agency=agency,
        what=f"SOP acknowledgements CSV{' for Excel' if excel else ''}",
    )
    return csv_response(
        acknowledgement_table(agency=agency),
        filename=export_filename("sop-acknowledgements", agency.name, extension="csv"),
        excel=excel,
    )


@login_required
@require_GET
def agency_sop_csv(request, agency_id: int):
    """UTF-8 without a byte-order mark: for scripts and other systems."""
    return _acknowledgements_export(request, agency_id, excel=False)


@login_required
@require_GET
def agency_sop_excel_csv(request, agency_id: int):
    """UTF-8 with a byte-order mark, so Excel reads accented names right."""
    return _acknowledgements_export(request, agency_id, excel=True)
