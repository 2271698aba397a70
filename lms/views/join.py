"""Joining an agency with its code: /join/<code>/ (the link behind the roll-call QR code)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lms.access import current_membership
from lms.models import Membership
from lms.people.onboarding import (
    SESSION_JOIN_CODE,
    SESSION_JOIN_RESULT,
    JoinRefused,
    agency_for_join_code,
    join_agency,
    join_attempts_exhausted,
    normalise_join_code,
    record_failed_join_attempt,
)
from lms.records.assignments import first_assigned_course_url


@require_http_methods(["GET"])
def join_start(request: HttpRequest) -> HttpResponse:
    """A form to type the code printed under the QR code."""
    code = normalise_join_code(request.GET.get("code", ""))
    if code:
        return redirect("lms:join", code=code)
    return render(request, "lms/join_start.html")


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    if join_attempts_exhausted(request):
        return render(request, "lms/join_rate_limited.html", status=429)
    agency = agency_for_join_code(code)
    if agency is None:
        record_failed_join_attempt(request)
        request.session.pop(SESSION_JOIN_CODE, None)
        return render(request, "lms/join_invalid.html", {"code": code}, status=404)

    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect("lms:join", code=agency.join_code)
        # allauth finishes the join after sign-up or log-in (lms.onboarding_receivers).
        request.session[SESSION_JOIN_CODE] = agency.join_code
        after = "next=" + quote(reverse("lms:join_welcome"))
        return render(
            request,
            "lms/join.html",
            {
                "agency": agency,
                "signup_url": f"{reverse('account_signup')}?{after}",
                "login_url": f"{reverse('account_login')}?{after}",
            },
        )

    existing = (
        Membership.objects.filter(user=request.user, agency=agency)
        .exclude(status=Membership.Status.ENDED)
        .first()
    )
    if request.method == "POST":
        try:
            result = join_agency(user=request.user, agency=agency)
        except JoinRefused as exc:
            messages.error(request, str(exc))
            return redirect("lms:join", code=agency.join_code)
        request.session[SESSION_JOIN_RESULT] = "pending" if result.is_pending else "joined"
        return redirect("lms:join_welcome")
    return render(request, "lms/join.html", {"agency": agency, "membership": existing})


@login_required
@require_http_methods(["GET"])
def join_welcome(request: HttpRequest) -> HttpResponse:
    """After joining: the assigned course, or the dashboard; or a note while approval waits."""
    result = request.session.pop(SESSION_JOIN_RESULT, None)
    if result == "rotated":
        messages.error(
            request,
            "That join code was changed while you were signing up. Ask your supervisor for "
            "the new code or QR code.",
        )
    pending = Membership.objects.filter(
        user=request.user, status=Membership.Status.PENDING
    ).select_related("agency")
    if pending and current_membership(request.user) is None:
        return render(request, "lms/join_pending.html", {"pending": pending})
    if result == "joined":
        membership = current_membership(request.user)
        if membership is not None:
            messages.success(request, f"You joined {membership.agency.name}.")
    return redirect(first_assigned_course_url(user=request.user) or "/dashboard/")
