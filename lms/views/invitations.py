"""A person answers an agency's invitation: POST only, and only their own (404 otherwise).
The inviting agency's supervisors may withdraw an invitation nobody has answered yet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from lms.access import open_invitation_of_agency_or_404, open_invitation_of_person_or_404
from lms.people.invitations import (
    InvitationRefused,
    accept_invitation,
    decline_invitation,
    withdraw_invitation,
)


@login_required
@require_POST
def invitation_accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = open_invitation_of_person_or_404(request.user, invitation_id)
    try:
        membership = accept_invitation(invitation=invitation)
    except InvitationRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"You joined {membership.agency.name}.")
    return redirect("lms:dashboard")


@login_required
@require_POST
def invitation_decline(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = open_invitation_of_person_or_404(request.user, invitation_id)
    decline_invitation(invitation=invitation)
    messages.success(
        request, f"You declined the invitation from {invitation.agency.name}. Nothing changed."
    )
    return redirect("lms:dashboard")


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = open_invitation_of_agency_or_404(request.user, invitation_id)
    withdraw_invitation(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} was withdrawn.")
    return redirect("lms:roster", agency_id=invitation.agency_id)
