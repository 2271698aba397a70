"""Supervisor pages for one agency: roster, join code and QR, approvals, roster import.

Every view takes the agency (or membership) id through lms.access, so another agency's id is a
404. State changes are POST only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.sop_status import NOTHING_ADOPTED, agency_sop_statuses
from lms.access import agency_visible_to_or_404, managed_membership_or_404, supervised_agencies
from lms.agency_forms import RosterUploadForm
from lms.conf import app_settings
from lms.models import Membership
from lms.people.invitations import open_agency_invitations
from lms.people.onboarding import (
    UNDO_END_DAYS,
    RestoreRefused,
    approve_membership,
    decline_membership,
    end_membership,
    join_qr_svg,
    join_start_address,
    join_url,
    restorable_memberships,
    restore_membership,
)
from lms.people.roster import (
    COLUMN_LABELS,
    COLUMNS,
    RosterPreview,
    RosterRefused,
    import_roster,
    parse_roster,
    stash_preview,
    take_stashed_rows,
    too_large_message,
)


@login_required
@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = list(supervised_agencies(request.user).order_by("name")[:200])
    if not agencies:
        raise Http404
    if len(agencies) == 1:
        return redirect("lms:roster", agency_id=agencies[0].pk)
    return render(request, "lms/agency_list.html", {"agencies": agencies})


@login_required
@require_GET
def roster(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_visible_to_or_404(request.user, agency_id)
    memberships = (
        Membership.objects.filter(agency=agency)
        .exclude(status=Membership.Status.ENDED)
        .select_related("user")
        .order_by("status", "user__last_name", "user__first_name")
    )
    pending = [m for m in memberships if m.status == Membership.Status.PENDING]
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    sop_statuses = agency_sop_statuses(agency=agency)
    recently_ended = (
        restorable_memberships(agency=agency)
        .select_related("user")
        .order_by("-ended_on", "user__last_name")
    )
    return render(
        request,
        "lms/roster.html",
        {
            "agency": agency,
            "pending": pending,
            "active": active,
            "active_rows": [
                (m, sop_statuses.get(m.user_id, (m, NOTHING_ADOPTED))[1]) for m in active
            ],
            "invited": list(open_agency_invitations(agency=agency)),
            "recently_ended": list(recently_ended),
            "undo_days": UNDO_END_DAYS,
        },
    )


@login_required
@require_GET
def join_code(request: HttpRequest, agency_id: int) -> HttpResponse:
    """The QR code to show on a screen at roll call, with the link and code in text."""
    agency = agency_visible_to_or_404(request.user, agency_id)
    return render(
        request,
        "lms/join_code.html",
        {
            "agency": agency,
            "join_url": join_url(agency),
            "join_start_address": join_start_address(),
            # segno writes the SVG from the URL alone; no user input reaches it unescaped.
            "qr_svg": mark_safe(join_qr_svg(agency)),  # noqa: S308
        },
    )


@login_required
@require_POST
def rotate_join_code(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_visible_to_or_404(request.user, agency_id)
    agency.rotate_join_code()
    messages.success(request, "The join code was changed. The old link and QR code no longer work.")
    return redirect("lms:join_code", agency_id=agency.pk)


@login_required
@require_POST
def membership_approve(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = managed_membership_or_404(request.user, membership_id)
    approve_membership(membership=membership, decided_by=request.user)
    messages.success(request, f"{membership.user.get_full_name()} joined {membership.agency}.")
    return redirect("lms:roster", agency_id=membership.agency_id)


@login_required
@require_POST
def membership_decline(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = managed_membership_or_404(request.user, membership_id)
    decline_membership(membership=membership, decided_by=request.user)
    messages.success(request, f"The request from {membership.user.get_full_name()} was declined.")
    return redirect("lms:roster", agency_id=membership.agency_id)


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, membership_id: int) -> HttpResponse:
    """The officer leaves the agency; their training records stay. GET asks to confirm (the
    roster links here, so one mistaken tap changes nothing); POST ends it."""
    membership = managed_membership_or_404(request.user, membership_id)
    if request.method == "GET":
        if membership.status != Membership.Status.ACTIVE:
            return redirect("lms:roster", agency_id=membership.agency_id)
        return render(
            request,
            "lms/membership_end_confirm.html",
            {"membership": membership, "agency": membership.agency, "undo_days": UNDO_END_DAYS},
        )
    end_membership(membership=membership, decided_by=request.user)
    messages.success(
        request,
        f"{membership.user.get_full_name()} left {membership.agency}. Their records are kept; "
        f"you can undo this from the roster for {UNDO_END_DAYS} days.",
    )
    return redirect("lms:roster", agency_id=membership.agency_id)


@login_required
@require_POST
def membership_restore(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Undo "left the agency" within UNDO_END_DAYS."""
    membership = managed_membership_or_404(request.user, membership_id)
    try:
        restore_membership(membership=membership, decided_by=request.user)
    except RestoreRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, f"{membership.user.get_full_name()} is a member of {membership.agency} again."
        )
    return redirect("lms:roster", agency_id=membership.agency_id)


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Upload -> preview with per-row problems. The file is read in memory, never stored."""
    agency = agency_visible_to_or_404(request.user, agency_id)
    context = {
        "agency": agency,
        "columns": [COLUMN_LABELS[c] for c in COLUMNS],
    }
    if request.method == "GET":
        context["form"] = RosterUploadForm()
        return render(request, "lms/roster_import.html", context)
    form = RosterUploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "lms/roster_import.html", context, status=400)
    upload = form.cleaned_data["roster"]
    if upload.size > app_settings.roster_max_bytes:  # never read a huge upload into memory
        preview = RosterPreview(
            file_name=upload.name, file_problems=[too_large_message(upload.size)]
        )
    else:
        preview = parse_roster(file_name=upload.name, data=upload.read())
    context["preview"] = preview
    if not preview.has_problems:
        context["token"] = stash_preview(session=request.session, agency=agency, preview=preview)
    return render(
        request, "lms/roster_preview.html", context, status=400 if preview.has_problems else 200
    )


@login_required
@require_POST
def roster_import_confirm(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_visible_to_or_404(request.user, agency_id)
    rows = take_stashed_rows(
        session=request.session, agency=agency, token=request.POST.get("token", "")
    )
    if rows is None:
        messages.error(
            request, "That preview has expired or was already imported. Upload the file again."
        )
        return redirect("lms:roster_import", agency_id=agency.pk)
    try:
        outcome = import_roster(agency=agency, rows=rows, imported_by=request.user)
    except RosterRefused as exc:
        messages.error(request, str(exc))
        return redirect("lms:roster_import", agency_id=agency.pk)
    # One wording whether or not an address had an account: the agency must not learn which.
    messages.success(
        request,
        f"Roster imported: {outcome.invited} invited to join {agency.name} (each person joins "
        f"when they accept), {outcome.updated} already on the roster updated.",
    )
    return redirect("lms:roster", agency_id=agency.pk)
