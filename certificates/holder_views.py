"""A certificate's own page for its holder (and the supervisors who may see it): everything to
do with it in one place (PDF, wallet card, digital credential, LinkedIn, e-mail), and the reissue
after a name correction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from certificates.credentials.sharing import linkedin_add_url
from certificates.finish_line import certificate_links
from certificates.models import Certificate
from certificates.reissue import reissue_certificate, reissue_problem
from certificates.selectors import certificate_visible_to_or_404


@login_required
@require_GET
def certificate_detail(request: HttpRequest, code: str) -> HttpResponse:
    certificate = certificate_visible_to_or_404(request.user, code)
    certificate = Certificate.objects.select_related("completion", "superseded_by").get(
        pk=certificate.pk
    )
    is_holder = certificate.completion.user_id == request.user.pk
    revoked = certificate.status == Certificate.Status.REVOKED
    shareable = is_holder and not revoked  # LinkedIn and e-mail are the holder's own to use
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "today": timezone.localdate(),
            "is_holder": is_holder,
            "revoked": revoked,
            "linkedin_url": linkedin_add_url(certificate=certificate) if shareable else None,
            "can_email": shareable and bool(request.user.email),
            "reissue_problem": (
                reissue_problem(certificate=certificate, user=request.user) if is_holder else ""
            ),
            **certificate_links(certificate),
        },
    )


@login_required
@require_POST
def certificate_reissue(request: HttpRequest, code: str) -> HttpResponse:
    certificate = certificate_visible_to_or_404(request.user, code)
    certificate = Certificate.objects.select_related("completion").get(pk=certificate.pk)
    if certificate.completion.user_id != request.user.pk:
        # A supervisor may see the certificate, but only its holder reissues it.
        return redirect("certificates:detail", code=certificate.code)
    try:
        new = reissue_certificate(certificate=certificate, user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("certificates:detail", code=certificate.code)
    messages.success(
        request,
        f"Reissued as {new.code} with the name {new.full_name}. "
        f"The old certificate {certificate.code} still verifies, as reissued.",
    )
    return redirect("certificates:detail", code=new.code)
