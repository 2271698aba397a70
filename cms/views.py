"""Thin views: read the request, call cms functions, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.conf import app_settings
from cms.forms import AssistanceRequestForm, ProgramRegistrationForm, SOPAdoptionForm
from cms.insert_pictures import insert_pictures
from cms.models import FamilyInsert, SOPAdoption, TechnicalAssistanceRequest
from cms.printables import render_family_insert_pdf
from cms.registration import (
    register_program,
    registration_rate_limited,
    request_technical_assistance,
)
from cms.sop import (
    acknowledge_sop,
    acknowledgement_status,
    acknowledgements_csv,
    adopt_sop,
    current_adoption,
    model_sop,
)
from lms.access import supervised_agencies
from lms.client_ip import client_network
from lms.models import Membership
from lms.todo_count import forget_todo_count


@require_http_methods(["GET", "POST"])
def register_program_view(request):
    form = ProgramRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if registration_rate_limited(ip=client_network(request)):
            return render(request, "cms/rate_limited.html", status=429)
        if form.is_bot():
            return redirect("cms:register_program_thanks")  # tell a bot nothing
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            registration = register_program(data=data)
            request.session["cms_registration_id"] = registration.pk
            return redirect("cms:register_program_thanks")
    return render(
        request,
        "cms/register_program.html",
        {"form": form, "response_time": app_settings.registration_response_time},
    )


@require_GET
def register_program_thanks(request):
    return render(request, "cms/register_program_thanks.html")


@login_required
@require_http_methods(["GET", "POST"])
def request_assistance_view(request):
    agencies = supervised_agencies(request.user).order_by("name")
    if not agencies.exists():
        raise Http404("Only supervisors can request technical assistance.")
    form = AssistanceRequestForm(
        request.POST if request.method == "POST" else None, agencies=agencies
    )
    if request.method == "POST":
        if registration_rate_limited(ip=client_network(request), scope="assistance"):
            return render(request, "cms/rate_limited.html", status=429)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "agency"}
            request_technical_assistance(
                user=request.user, agency=form.cleaned_data["agency"], data=data
            )
            messages.success(
                request,
                "Your request was sent to the ORS team. We e-mailed you a copy; "
                "someone will contact you.",
            )
            return redirect("cms:request_assistance")
    recent = TechnicalAssistanceRequest.objects.filter(agency__in=agencies).select_related(
        "agency"
    )[:5]
    return render(request, "cms/request_assistance.html", {"form": form, "recent": recent})


# Family insert -----------------------------------------------------------------------------


@require_GET
def family_insert_index(request):
    inserts = [FamilyInsert.current(code) for code, _label in FamilyInsert.Language.choices]
    return render(request, "cms/family_insert_index.html", {"inserts": [i for i in inserts if i]})


@require_GET
def family_insert_current(request, language: str):
    insert = FamilyInsert.current(language)
    if insert is None:
        raise Http404
    return redirect(insert.get_absolute_url())


@require_GET
def family_insert_version(request, language: str, version: str):
    insert = get_object_or_404(FamilyInsert, language=language, version=version)
    current = FamilyInsert.current(language)
    is_current = current.pk == insert.pk
    return render(
        request,
        "cms/family_insert.html",
        {
            "insert": insert,
            "current": current,
            "is_current": is_current,
            "pictures": insert_pictures(language=insert.language) if is_current else [],
        },
    )


@require_GET
def family_insert_pdf(request, language: str, version: str):
    insert = get_object_or_404(FamilyInsert, language=language, version=version)
    response = HttpResponse(render_family_insert_pdf(insert=insert), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="family-insert-{insert.language}-{insert.version}.pdf"'
    )
    return response


# SOP ----------------------------------------------------------------------------------------


@login_required
@require_GET
def my_sop(request):
    """The officer's view: the SOP in force at each of their agencies and their acknowledgement."""
    items = []
    for membership in Membership.objects.filter(
        user=request.user, status=Membership.Status.ACTIVE
    ).select_related("agency"):
        adoption = current_adoption(agency=membership.agency)
        ack = adoption.acknowledgements.filter(user=request.user).first() if adoption else None
        items.append({"agency": membership.agency, "adoption": adoption, "ack": ack})
    return render(
        request,
        "cms/my_sop.html",
        {
            "items": items,
            "today": timezone.localdate(),
            "supervised": supervised_agencies(request.user).order_by("name")[:50],
        },
    )


@login_required
@require_POST
def acknowledge_sop_view(request, adoption_id: int):
    adoption = get_object_or_404(
        SOPAdoption,
        pk=adoption_id,
        agency__memberships__user=request.user,
        agency__memberships__status=Membership.Status.ACTIVE,
    )
    if current_adoption(agency=adoption.agency).pk != adoption.pk:
        messages.error(request, "That SOP version has been replaced. Please read the current one.")
        return redirect("cms:my_sop")
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm you have read and understood the SOP.")
        return redirect("cms:my_sop")
    acknowledge_sop(user=request.user, adoption=adoption)
    forget_todo_count(request)
    messages.success(request, "Thank you. Your acknowledgement is recorded.")
    return redirect("cms:my_sop")


def _supervised_agency_or_404(user, agency_id: int):
    return get_object_or_404(supervised_agencies(user), pk=agency_id)


@login_required
@require_http_methods(["GET", "POST"])
def agency_sop(request, agency_id: int):
    """The supervisor's view: adopt a version, see who has not acknowledged, export CSV."""
    agency = _supervised_agency_or_404(request.user, agency_id)
    bound = request.method == "POST"
    form = SOPAdoptionForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adopt_sop(
                agency=agency,
                adopted_by=request.user,
                version_label=data["version_label"],
                acknowledge_by=data["acknowledge_by"],
                upload=data["document"] if data["source"] == "own" else None,
                title=data.get("title", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "SOP adoption recorded. Officers are asked to acknowledge it."
            )
            return redirect("cms:agency_sop", agency_id=agency.pk)
    adoption = current_adoption(agency=agency)
    rows = acknowledgement_status(adoption=adoption) if adoption else []
    return render(
        request,
        "cms/agency_sop.html",
        {
            "agency": agency,
            "adoption": adoption,
            "rows": rows,
            "missing": sum(1 for r in rows if r.acknowledgement is None),
            "history": agency.sop_adoptions.all()[:10],
            "form": form,
            "model_sop": model_sop(),
        },
    )


@login_required
@require_GET
def agency_sop_csv(request, agency_id: int):
    agency = _supervised_agency_or_404(request.user, agency_id)
    adoption = current_adoption(agency=agency)
    if adoption is None:
        raise Http404
    response = HttpResponse(
        acknowledgements_csv(adoption=adoption), content_type="text/csv; charset=utf-8"
    )
    filename = f"sop-acknowledgements-{agency.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
