"""Who a roll-call session is for: fixed when the session starts, so make-ups follow it.

A session started for a shift or unit expects that unit's active members. Without a unit it
expects the agency's people assigned the course (open, not exempted assignments), or every
active member when nobody is assigned it. The list is stored (ExpectedOfficer) because the
roster keeps changing after the briefing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from lms.models import Assignment, Membership
from lms.rollcall.models import ExpectedOfficer, RollCallSession


class NobodyExpected(Exception):
    """The chosen shift or unit has no active member; the message says so."""


def agency_units(*, agency_ids) -> list[str]:
    """The shifts and units in use among the agencies' active members, sorted."""
    return sorted(
        set(
            Membership.objects.filter(agency_id__in=agency_ids, status=Membership.Status.ACTIVE)
            .exclude(unit="")
            .values_list("unit", flat=True)
        ),
        key=str.casefold,
    )


def _active_members(agency) -> QuerySet[Membership]:
    return Membership.objects.filter(agency=agency, status=Membership.Status.ACTIVE)


def expected_members(*, agency, course, unit: str) -> tuple[str, list[Membership]]:
    """(scope, memberships) of the people a new session is for; see the module docstring."""
    Scope = RollCallSession.ExpectedScope
    members = _active_members(agency).select_related("user")
    if unit:
        chosen = list(members.filter(unit=unit))
        if not chosen:
            raise NobodyExpected(f"Nobody in {agency.name} is on “{unit}” now.")
        return Scope.UNIT, chosen
    assigned_ids = Assignment.objects.filter(
        agency=agency, course=course, exempted_at__isnull=True
    ).values("user_id")
    assigned = list(members.filter(user_id__in=assigned_ids))
    if assigned:
        return Scope.ASSIGNED, assigned
    return Scope.AGENCY, list(members)


def record_expected(*, session: RollCallSession, members: list[Membership]) -> None:
    ExpectedOfficer.objects.bulk_create(
        [
            ExpectedOfficer(
                session=session, user=m.user, user_name=m.user.get_full_name(), unit=m.unit
            )
            for m in members
        ]
    )
