"""/dashboard/: the landing page after sign-in. One page reaches every view a person has:
their own training, each agency they supervise, and the statewide view for ORS staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from cms.sop_status import user_sop_statuses
from lms.access import supervised_agencies
from lms.invitations import open_invitations_for
from lms.models import Membership
from lms.roles import roles_for
from lms.selectors import expiring_within_days, officer_overview


def certificate_link(completion) -> str:
    """The download link of a completion's certificate, when one was issued."""
    certificate = next(iter(getattr(completion, "certificate_list", [])), None)
    if certificate is None:
        return ""
    try:
        return reverse("certificates:download", kwargs={"code": certificate.code})
    except NoReverseMatch:
        return ""


def card_link(card) -> str:
    try:
        return reverse("certificates:card", kwargs={"slug": card.slug})
    except NoReverseMatch:
        return ""


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = roles_for(request)  # already known for the navigation: no query
    ors = roles.is_ors_staff
    agencies = (
        list(supervised_agencies(user).order_by("name")) if roles.supervises_any and not ors else []
    )
    memberships = list(
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).select_related(
            "agency"
        )
    )
    overview = officer_overview(user=user)
    invitations = list(open_invitations_for(user=user))
    completions = [(c, certificate_link(c)) for c in overview.completions]
    cards = [(card, card_link(card)) for card in overview.cards]
    return render(
        request,
        "lms/dashboard/dashboard.html",
        {
            "is_ors": ors,
            "supervised": agencies,
            "memberships": memberships,
            "invitations": invitations,
            "overview": overview,
            "completions": completions,
            "cards": cards,
            "expiring_days": expiring_within_days(),
            "sop_statuses": [
                status
                for _membership, status in user_sop_statuses(user=user, memberships=memberships)
                if status.adoption is not None
            ],
        },
    )
