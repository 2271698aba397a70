"""Thin views: read the request, call cms functions, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cms.conf import app_settings
from cms.forms import AssistanceRequestForm, ProgramRegistrationForm
from cms.insert_pictures import insert_pictures
from cms.models import FamilyInsert, TechnicalAssistanceRequest
from cms.printables import render_family_insert_pdf
from cms.registration import (
    register_program,
    registration_rate_limited,
    request_technical_assistance,
)
from lms.access import supervised_agencies
from lms.client_ip import client_network


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
