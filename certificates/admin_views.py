"""ORS admin actions on one certificate: revoke (with a reason) and regenerate the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from certificates.forms import RegenerateForm, RevokeForm
from certificates.issuing import regenerate_certificate, revoke_certificate
from certificates.models import Certificate
from certificates.pdf import PdfRenderError
from certificates.rendering import CertificateStorageError
from lms.access import is_ors_staff


def _certificate_for_ors(request, pk: int) -> Certificate:
    if not is_ors_staff(request.user):
        raise PermissionDenied
    return get_object_or_404(Certificate, pk=pk)


def _back(certificate: Certificate):
    return redirect("wagtailsnippets_certificates_certificate:inspect", certificate.pk)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_http_methods(["GET", "POST"])
def revoke_view(request, pk: int):
    certificate = _certificate_for_ors(request, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke_certificate(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Certificate {certificate.code} is revoked.")
            return _back(certificate)
    return TemplateResponse(
        request,
        "certificates/admin/certificate_action.html",
        {
            "certificate": certificate,
            "form": form,
            "header_title": f"Revoke certificate {certificate.code}",
            "page_title": f"Revoke certificate {certificate.code}",
            "action_label": "Revoke certificate",
            "danger": True,
        },
    )


@require_http_methods(["GET", "POST"])
def regenerate_view(request, pk: int):
    certificate = _certificate_for_ors(request, pk)
    form = RegenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            regenerate_certificate(
                certificate=certificate,
                by=request.user,
                reason=form.cleaned_data["reason"],
                corrected_name=form.cleaned_data["corrected_name"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except (PdfRenderError, CertificateStorageError) as exc:
            form.add_error(None, f"The PDF could not be rendered or stored ({exc}). Try again.")
        else:
            messages.success(
                request, f"A new PDF is stored for {certificate.code}; the old one is in history."
            )
            return _back(certificate)
    return TemplateResponse(
        request,
        "certificates/admin/certificate_action.html",
        {
            "certificate": certificate,
            "form": form,
            "files": certificate.files.all(),
            "header_title": f"Regenerate certificate {certificate.code}",
            "page_title": f"Regenerate certificate {certificate.code}",
            "action_label": "Render a new PDF",
            "danger": False,
        },
    )
