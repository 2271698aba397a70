"""Invitations to join an agency: the agency asks, only the person answers.

Nothing adds a person to an agency without the person's own action (docs/security.md,
"Consent: who can add a person to an agency"). A roster import therefore invites everyone it
names who is not already on the agency's roster, whether or not their address has an account,
and the person accepts or declines signed in, on their own dashboard.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lms.conf import absolute_url
from lms.models import Agency, Invitation, Membership
from lms.people.onboarding import approve_membership


class InvitationRefused(Exception):
    """The invitation cannot be accepted; the message is shown to the person as it is."""


def invite_to_agency(
    *,
    agency: Agency,
    user,
    invited_by,
    first_name: str,
    last_name: str,
    email: str,
    badge_number: str = "",
    rank: str = "",
    unit: str = "",
) -> tuple[Invitation, bool]:
    """The person's open invitation to the agency (created, or its details refreshed).

    Returns (invitation, created). Call inside the caller's transaction.
    """
    details = {
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "badge_number": badge_number,
        "rank": rank,
        "unit": unit,
        "invited_by": invited_by,
    }
    invitation = (
        Invitation.objects.select_for_update()
        .filter(agency=agency, user=user, status=Invitation.Status.OPEN)
        .first()
    )
    if invitation is None:
        return Invitation.objects.create(agency=agency, user=user, **details), True
    for name, value in details.items():
        setattr(invitation, name, value)
    invitation.save()
    return invitation, False


def open_invitations_for(*, user) -> QuerySet[Invitation]:
    """The invitations waiting for this person's answer (for their own dashboard)."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(user=user, status=Invitation.Status.OPEN)
        .select_related("agency", "invited_by")
        .order_by("created_at")
    )


def open_agency_invitations(*, agency: Agency) -> QuerySet[Invitation]:
    """The agency's invitations still waiting for an answer (its roster page)."""
    return Invitation.objects.filter(agency=agency, status=Invitation.Status.OPEN).order_by(
        "last_name", "first_name", "pk"
    )


@transaction.atomic
def accept_invitation(*, invitation: Invitation) -> Membership:
    """The person joins the agency as an officer, with the details the agency gave.

    A request the person already made with the join code is approved instead of duplicated;
    an officer serves in one agency at a time, so an officer membership elsewhere ends
    (lms.people.onboarding), and the agency's standing assignments follow.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("agency").get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise InvitationRefused("This invitation was already answered.")
    if not invitation.agency.is_active:
        raise InvitationRefused("This agency is not taking new members.")
    user = invitation.user
    membership = (
        Membership.objects.select_for_update()
        .filter(user=user, agency=invitation.agency)
        .exclude(status=Membership.Status.ENDED)
        .first()
    )
    if membership is None:
        membership = Membership.objects.create(
            user=user,
            agency=invitation.agency,
            role=Membership.Role.OFFICER,
            status=Membership.Status.PENDING,
            badge_number=invitation.badge_number,
            rank=invitation.rank,
            unit=invitation.unit,
        )
    elif membership.status == Membership.Status.PENDING:
        membership.badge_number = invitation.badge_number or membership.badge_number
        membership.rank = invitation.rank or membership.rank
        membership.unit = invitation.unit or membership.unit
        membership.save(update_fields=["badge_number", "rank", "unit", "updated_at"])
    # The person decided: they are recorded as the one who did.
    membership = approve_membership(membership=membership, decided_by=user)
    invitation.status = Invitation.Status.ACCEPTED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at", "updated_at"])
    return membership


@transaction.atomic
def _close_unanswered(*, invitation: Invitation, status: str) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_open:
        invitation.status = status
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_at", "updated_at"])
    return invitation


def decline_invitation(*, invitation: Invitation) -> Invitation:
    """Nothing changes for the person; the agency's roster stops listing the invitation."""
    return _close_unanswered(invitation=invitation, status=Invitation.Status.DECLINED)


def withdraw_invitation(*, invitation: Invitation) -> Invitation:
    """The agency takes back an unanswered invitation (a mistyped address, someone who left)."""
    return _close_unanswered(invitation=invitation, status=Invitation.Status.WITHDRAWN)


def send_invitation_notices(*, invitation_ids: list[int]) -> int:
    """Tell people who already have an account that an agency invited them (after commit).

    The e-mail goes to the address owner only; the agency never learns which kind it was.
    """
    sent = 0
    url = absolute_url(reverse("lms:dashboard"))
    for invitation in Invitation.objects.filter(
        pk__in=invitation_ids, status=Invitation.Status.OPEN
    ).select_related("agency", "user"):
        context = {"invitation": invitation, "agency": invitation.agency, "url": url}
        subject = render_to_string("lms/email/agency_invitation_subject.txt", context).strip()
        body = render_to_string("lms/email/agency_invitation_message.txt", context)
        send_mail(subject, body, None, [invitation.user.email])
        sent += 1
    return sent
