"""Open Badges credentials: downloads, e-mail, checking what people bring,
and the public documents verifiers fetch (DID document, JWKS, status lists). Views stay thin."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates.credentials.badge import JWT_MEDIA_TYPE, build_credential, sign_credential
from certificates.credentials.checking import check_credential
from certificates.credentials.issuer import did_document, issuer_did, jwks, key_id
from certificates.credentials.jose import sign_compact
from certificates.credentials.keys import signing_key
from certificates.credentials.sharing import email_allowed, email_certificate
from certificates.credentials.status_list import list_count, status_list_credential
from certificates.forms import CredentialCheckForm
from certificates.models import Certificate
from certificates.pdf import PdfRenderError
from certificates.rendering import CertificateStorageError
from certificates.selectors import certificate_visible_to_or_404
from certificates.verification import verification_allowed

PUBLIC_DOCUMENT_MAX_AGE = 3600
STATUS_LIST_MAX_AGE = 300  # how long a verifier may keep a status list: revocation's delay


def _is_holder(request: HttpRequest, certificate: Certificate) -> bool:
    return certificate.completion.user_id == request.user.pk


@login_required
@require_GET
def credential_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The certificate as an Open Badges credential: the same people as its PDF, never revoked."""
    certificate = certificate_visible_to_or_404(request.user, code)
    if fmt not in {"jwt", "json"}:
        raise Http404("No such format.")
    if certificate.status == Certificate.Status.REVOKED:
        return render(
            request,
            "certificates/certificate_revoked.html",
            {"certificate": certificate},
            status=410,
        )
    credential = build_credential(certificate=certificate)
    if fmt == "jwt":
        response = HttpResponse(sign_credential(credential), content_type=JWT_MEDIA_TYPE)
    else:
        response = HttpResponse(
            json.dumps(credential, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="credential-{certificate.code}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def certificate_email(request: HttpRequest, code: str) -> HttpResponse:
    """E-mail me my certificate: to the holder's own address only, a few times an hour."""
    certificate = certificate_visible_to_or_404(request.user, code)
    if not _is_holder(request, certificate):
        raise Http404("No such certificate.")
    back = redirect("certificates:detail", code=certificate.code)
    if certificate.status == Certificate.Status.REVOKED:
        messages.error(request, "This certificate was revoked, so it cannot be sent.")
        return back
    if not request.user.email:
        messages.error(request, "Your account has no e-mail address to send the certificate to.")
        return back
    if not email_allowed(user=request.user):
        messages.error(
            request, "You have asked for several copies in the last hour. Try again later."
        )
        return back
    try:
        email_certificate(certificate=certificate, to=request.user.email)
    except (PdfRenderError, CertificateStorageError):
        messages.error(
            request,
            "The PDF could not be prepared just now, so nothing was sent. Try again in a few minutes.",
        )
        return back
    messages.success(request, f"Sent to {request.user.email}, with the PDF attached.")
    return back


@require_http_methods(["GET", "POST"])
def verify_credential(request: HttpRequest) -> HttpResponse:
    """Check a pasted or uploaded credential (public, rate-limited like /verify/)."""
    form = CredentialCheckForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if not verification_allowed(request):
            response = render(request, "certificates/verify_rate_limited.html", status=429)
            response["Retry-After"] = "60"
            return response
        if form.is_valid():
            result = check_credential(form.credential_text())
        else:
            status = 400
    return render(
        request,
        "certificates/verify_credential.html",
        {"form": form, "result": result, "issuer_did": issuer_did()},
        status=status,
    )


def _public_json(document: dict, *, max_age: int) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"indent": 2})
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"  # verifiers run in other sites' pages too
    return response


@require_GET
def did_json(request: HttpRequest) -> JsonResponse:
    response = _public_json(did_document(), max_age=PUBLIC_DOCUMENT_MAX_AGE)
    response["Content-Type"] = "application/did+json"
    return response


@require_GET
def jwks_json(request: HttpRequest) -> JsonResponse:
    return _public_json(jwks(), max_age=PUBLIC_DOCUMENT_MAX_AGE)


@require_GET
def status_list(request: HttpRequest, number: int) -> HttpResponse:
    """The signed BitstringStatusListCredential (a VC-JWT), cacheable for a few minutes."""
    if not 1 <= number <= list_count():
        raise Http404("No such status list.")
    key = signing_key()
    token = sign_compact(
        payload=status_list_credential(number=number, issuer=issuer_did()),
        key=key,
        kid=key_id(key.public),
        typ="vc+jwt",
    )
    response = HttpResponse(token, content_type=JWT_MEDIA_TYPE)
    response["Cache-Control"] = f"public, max-age={STATUS_LIST_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
