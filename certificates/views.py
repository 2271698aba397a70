"""Certificate downloads, public verification and quick reference cards. Views stay thin."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from certificates.cards import render_card_sheet_pdf, render_wallet_card_pdf
from certificates.codes import normalize_code
from certificates.conf import app_settings
from certificates.forms import CertificateFilterForm, VerifyForm
from certificates.models import Certificate, QuickReferenceCard
from certificates.pdf import PdfRenderError
from certificates.rendering import (
    CertificateStorageError,
    ensure_certificate_pdf,
    open_certificate_pdf,
)
from certificates.selectors import certificate_visible_to_or_404, certificates_visible_to
from certificates.verification import verification_allowed, verification_record
from lms.access import supervised_agencies
from lms.offline import allow_offline_copy

# ---------------------------------------------------------------------------------------------
# Officers and supervisors

PDF_BLOCK_SIZE = 64 * 1024


def _filtered_certificates(request: HttpRequest):
    visible = certificates_visible_to(request.user).select_related("completion")
    course_titles = sorted(set(visible.values_list("course_title", flat=True)))
    form = CertificateFilterForm(request.GET or None, course_titles=course_titles)
    certificates = visible
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            certificates = certificates.filter(
                Q(full_name__icontains=data["q"]) | Q(code__iexact=normalize_code(data["q"]) or "")
            )
        if data["course"]:
            certificates = certificates.filter(course_title=data["course"])
        if data["completed_from"]:
            certificates = certificates.filter(completed_on__gte=data["completed_from"])
        if data["completed_to"]:
            certificates = certificates.filter(completed_on__lte=data["completed_to"])
        today = timezone.localdate()
        state = data["state"]
        if state == "revoked":
            certificates = certificates.filter(status=Certificate.Status.REVOKED)
        elif state == "expired":
            certificates = certificates.filter(
                status=Certificate.Status.VALID, expires_on__lte=today
            )
        elif state == "valid":
            certificates = certificates.filter(status=Certificate.Status.VALID).filter(
                Q(expires_on__isnull=True) | Q(expires_on__gt=today)
            )
        elif state == "current":
            certificates = certificates.filter(superseded_by__isnull=True)
    elif form.is_bound:
        certificates = certificates.none()
    return form, certificates.order_by("-completed_on", "full_name", "pk")


@login_required
@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    form, certificates = _filtered_certificates(request)
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    is_supervisor = supervised_agencies(request.user).exists()
    allow_offline_copy(request)
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "form": form,
            "page_obj": page,
            "certificates": page.object_list,
            "is_supervisor": is_supervisor,
            "query_string": request.GET.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _unavailable(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    return render(
        request,
        "certificates/certificate_unavailable.html",
        {"certificate": certificate},
        status=503,
    )


def _revoked(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    return render(
        request, "certificates/certificate_revoked.html", {"certificate": certificate}, status=410
    )


@login_required
@require_GET
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    """The only way to a certificate's PDF: the file sits in storage nothing serves directly."""
    certificate = certificate_visible_to_or_404(request.user, code)
    if certificate.status == Certificate.Status.REVOKED:
        return _revoked(request, certificate)
    try:
        pdf = open_certificate_pdf(certificate=certificate)
    except (PdfRenderError, CertificateStorageError):
        return _unavailable(request, certificate)
    # Not marked for offline copies here: naming the account would cost the role queries this
    # hot path avoids. The officer dashboard tells the phone to keep these (lms/views/dashboard).
    response = FileResponse(
        pdf,
        as_attachment=True,
        filename=certificate.download_filename(),
        content_type="application/pdf",
    )
    # A certificate (about 70 kB) goes out in two pieces, not FileResponse's 4 kB ones (a
    # stored file may go by sendfile instead; one rendered just now is sent from memory).
    response.block_size = PDF_BLOCK_SIZE
    return response


@login_required
@require_POST
def certificate_retry(request: HttpRequest, code: str) -> HttpResponse:
    certificate = certificate_visible_to_or_404(request.user, code)
    try:
        ensure_certificate_pdf(certificate=certificate)
    except (PdfRenderError, CertificateStorageError):
        return _unavailable(request, certificate)
    messages.success(request, "Your certificate is ready to download.")
    return redirect("certificates:list")


@login_required
@require_GET
def certificate_zip(request: HttpRequest) -> HttpResponse:
    form, certificates = _filtered_certificates(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Check the filters: " + " ".join(form.non_field_errors()))
        return redirect(reverse("certificates:list") + "?" + request.GET.urlencode())
    limit = app_settings.zip_max_certificates
    selected = list(certificates[: limit + 1])
    if not selected:
        messages.error(request, "No certificates match these filters.")
        return redirect(reverse("certificates:list") + "?" + request.GET.urlencode())
    if len(selected) > limit:
        messages.error(
            request, f"More than {limit} certificates match. Narrow the filters and try again."
        )
        return redirect(reverse("certificates:list") + "?" + request.GET.urlencode())
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in selected:
            if certificate.status == Certificate.Status.REVOKED:
                missing.append(f"{certificate.code} {certificate.full_name} (revoked)")
                continue
            try:
                ensure_certificate_pdf(certificate=certificate)
                with certificate.pdf.open("rb") as handle:
                    archive.writestr(certificate.download_filename(), handle.read())
            except (PdfRenderError, CertificateStorageError, OSError):
                missing.append(f"{certificate.code} {certificate.full_name}")
        if missing:
            archive.writestr(
                "NOT-INCLUDED.txt",
                "These certificates are not included (revoked ones never are; try the "
                "others again later):\n" + "\n".join(missing) + "\n",
            )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="certificates-{stamp}.zip"'
    return response


# ---------------------------------------------------------------------------------------------
# Public verification


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "certificates/verify_rate_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_form.html", {"form": form})


def _lookup(code: str) -> tuple[str | None, Certificate | None]:
    normalized = normalize_code(code)
    if normalized is None:
        return None, None
    certificate = (
        Certificate.objects.select_related("superseded_by").filter(code=normalized).first()
    )
    return normalized, certificate


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    if not verification_allowed(request):
        return _too_many(request)
    normalized, certificate = _lookup(code)
    if certificate is None:
        return render(
            request,
            "certificates/verify_not_found.html",
            {"code": code, "form": VerifyForm(initial={"code": code})},
            status=404,
        )
    if normalized != code:
        return redirect("certificates:verify", code=normalized)
    record = verification_record(certificate)
    # The address may break where a phone's line ends, but before the code, never inside it.
    address_head, _, address_tail = record["verification_url"].rpartition(record["code"])
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "record": record,
            "address_head": address_head,
            "address_tail": address_tail,
        },
    )


@require_GET
def verify_json(request: HttpRequest, code: str) -> JsonResponse:
    if not verification_allowed(request):
        return JsonResponse({"error": "Too many lookups; try again in a minute."}, status=429)
    _, certificate = _lookup(code)
    if certificate is None:
        return JsonResponse({"error": "No certificate has this code.", "code": code}, status=404)
    return JsonResponse(verification_record(certificate))


# ---------------------------------------------------------------------------------------------
# Quick reference cards (public: they are leave-behind job aids)


def _card(slug: str, version: int | None) -> QuickReferenceCard:
    cards = QuickReferenceCard.objects.filter(slug=slug).select_related("course")
    card = cards.filter(version=version).first() if version else cards.order_by("-version").first()
    if card is None:
        raise Http404("No such card.")
    return card


@require_GET
def card_detail(request: HttpRequest, slug: str, version: int | None = None) -> HttpResponse:
    card = _card(slug, version)
    current = card.current_version()
    allow_offline_copy(request)
    return render(
        request,
        "certificates/quick_reference_card.html",
        {"card": card, "current": current, "superseded": current.pk != card.pk},
    )


@require_GET
def card_wallet_pdf(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    card = _card(slug, version)
    allow_offline_copy(request)
    response = HttpResponse(render_wallet_card_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{card.slug}-v{card.version}-wallet.pdf"'
    return response


@require_GET
def card_sheet_pdf(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    card = _card(slug, version)
    allow_offline_copy(request)
    response = HttpResponse(render_card_sheet_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{card.slug}-v{card.version}-sheet-8-up.pdf"'
    )
    return response


def _card_for(certificate: Certificate) -> QuickReferenceCard | None:
    """The newest version of the card linked to the certificate's course, else the newest card."""
    cards = QuickReferenceCard.objects.order_by("-version", "-pk")
    course_id = certificate.completion.course_id if certificate.completion_id else None
    return (course_id and cards.filter(course_id=course_id).first()) or cards.first()


@login_required
@require_GET
def personal_wallet_card_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The wallet card with the holder's name, expiry and a QR code to their verification page;
    not for a revoked certificate (the card would vouch for it)."""
    certificate = certificate_visible_to_or_404(request.user, code)
    card = _card_for(certificate)
    if card is None or certificate.status == Certificate.Status.REVOKED:
        raise Http404("No wallet card for this certificate")
    allow_offline_copy(request)
    response = HttpResponse(
        render_wallet_card_pdf(card, certificate=certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="wallet-card-{certificate.code}.pdf"'
    return response
