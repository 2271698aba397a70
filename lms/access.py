"""Who may see what. Every view that takes an id goes through these selectors and returns 404
(never 403) for another agency's object.

Roles: an officer sees their own records; a supervisor or agency administrator sees their
agency's; ORS staff (the "ORS staff" group, or a superuser) see everything.
"""

from __future__ import annotations

from django.db.models import QuerySet

from lms.models import Agency, Completion, Membership

ORS_STAFF_GROUP = "ORS staff"
SUPERVISORY_ROLES = (Membership.Role.SUPERVISOR, Membership.Role.AGENCY_ADMIN)


def is_ors_staff(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=ORS_STAFF_GROUP).exists()


def supervised_agencies(user) -> QuerySet[Agency]:
    """Agencies the user supervises (all of them for ORS staff)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if is_ors_staff(user):
        return Agency.objects.all()
    return Agency.objects.filter(
        memberships__user=user,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=SUPERVISORY_ROLES,
    ).distinct()


def completions_visible_to(user) -> QuerySet[Completion]:
    if not user.is_authenticated:
        return Completion.objects.none()
    if is_ors_staff(user):
        return Completion.objects.all()
    own = Completion.objects.filter(user=user)
    agency_ids = list(supervised_agencies(user).values_list("pk", flat=True))
    if not agency_ids:
        return own
    return Completion.objects.filter(agency_id__in=agency_ids) | own
