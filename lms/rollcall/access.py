"""Who may see which roll-call sessions (lms.access holds the same for the other records)."""

from __future__ import annotations

from django.db.models import QuerySet

from lms.access import is_ors_staff, supervised_agencies
from lms.models import Membership
from lms.rollcall.models import RollCallSession


def rollcall_sessions_supervised_by(user) -> QuerySet:
    """Roll-call sessions of the agencies the user supervises (all for ORS staff)."""
    if not user.is_authenticated:
        return RollCallSession.objects.none()
    if is_ors_staff(user):
        return RollCallSession.objects.all()
    return RollCallSession.objects.filter(agency_id__in=supervised_agencies(user).values("pk"))


def rollcall_sessions_open_to(user) -> QuerySet:
    """Sessions the user may check in to: those of agencies where they are an active member."""
    if not user.is_authenticated:
        return RollCallSession.objects.none()
    return RollCallSession.objects.filter(
        agency__memberships__user=user, agency__memberships__status=Membership.Status.ACTIVE
    ).distinct()
