"""/dashboard/: the landing page after sign-in. One page reaches every view a person has:
their own training, each agency they supervise, and the statewide view for ORS staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from lms.access import supervised_agencies
from lms.conf import app_settings
from lms.invitations import open_invitations_for
from lms.models import Membership
from lms.offline import allow_offline_copy, offline_allowed
from lms.roles import roles_for
from lms.selectors import officer_overview


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


def offline_saves_for(overview, *, completions, cards) -> dict:
    """What the dashboard's script saves on the officer's phone without being asked: the
    courses assigned or in progress, their certificates and cards (docs/officer-guide.md)."""
    course_ids = dict.fromkeys(
        item.course.pk for item in (*overview.assigned, *overview.in_progress)
    )
    return {
        "courses": [
            reverse("courses:course_offline_list", kwargs={"course_id": pk}) for pk in course_ids
        ],
        "urls": [url for _completion, url in completions if url]
        + [url for _c, url in cards if url],
    }


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
    offline_saves = None
    if offline_allowed(request):
        allow_offline_copy(request)
        offline_saves = offline_saves_for(overview, completions=completions, cards=cards)
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
            "expiring_days": app_settings.expiring_within_days,
            "offline_saves": offline_saves,
        },
    )
