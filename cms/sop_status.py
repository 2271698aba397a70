"""The one answer to "is this person's SOP acknowledgement outstanding or overdue, and since
when?". The officer's pages, the supervisor's counts and list, the exports and the CSV all read
it from here, so "SOP outstanding" and "SOP overdue" mean the same thing everywhere.

Rules (docs/records.md):
- the SOP in force is the agency's highest-numbered version, when it is the agency's own text or
  PDF (an old adoption of the generic model SOP is evidence, never in force);
- everyone with an active membership of the agency acknowledges the version in force; an
  acknowledgement of an earlier version does not count;
- a person's acknowledgement is outstanding from max(adoption date, the day they joined) and
  due that many days later (the agency's `sop_acknowledge_days`); overdue the day after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from cms.models import SOPAcknowledgement, SOPAdoption
from lms.models import Agency, Membership


class SOPState:
    NOTHING_ADOPTED = "nothing_adopted"
    ACKNOWLEDGED = "acknowledged"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class SOPStatus:
    state: str
    adoption: SOPAdoption | None = None
    acknowledged_at: dt.datetime | None = None
    outstanding_since: dt.date | None = None
    due_on: dt.date | None = None

    @property
    def outstanding(self) -> bool:
        return self.state in (SOPState.DUE, SOPState.OVERDUE)

    @property
    def overdue(self) -> bool:
        return self.state == SOPState.OVERDUE

    @property
    def overdue_since(self) -> dt.date | None:
        return self.due_on + dt.timedelta(days=1) if self.overdue else None

    def describe(self) -> str:
        """Plain words for exports and lists."""
        if self.state == SOPState.ACKNOWLEDGED:
            return f"acknowledged {timezone.localdate(self.acknowledged_at).isoformat()}"
        if self.state == SOPState.OVERDUE:
            return f"overdue since {self.overdue_since.isoformat()}"
        if self.state == SOPState.DUE:
            return f"due by {self.due_on.isoformat()}"
        return "no SOP adopted"


NOTHING_ADOPTED = SOPStatus(state=SOPState.NOTHING_ADOPTED)


def current_adoption(*, agency: Agency) -> SOPAdoption | None:
    """The SOP version in force: the agency's latest version, if officers can read it."""
    latest = agency.sop_adoptions.order_by("-version").select_related("document").first()
    return latest if latest is not None and latest.is_readable() else None


def joined_on(membership: Membership) -> dt.date:
    """The day the person became an active member (older rows: the day the membership began)."""
    return membership.started_on or timezone.localdate(membership.created_at)


def sop_due_on(*, adoption: SOPAdoption, membership: Membership, days: int) -> dt.date:
    return max(adoption.adopted_on, joined_on(membership)) + dt.timedelta(days=days)


def sop_status(
    *,
    membership: Membership,
    adoption: SOPAdoption | None,
    acknowledged_at: dt.datetime | None,
    today: dt.date,
) -> SOPStatus:
    """One person's status against the version in force (no query: the callers fetch in bulk)."""
    if adoption is None:
        return NOTHING_ADOPTED
    if acknowledged_at is not None:
        return SOPStatus(
            state=SOPState.ACKNOWLEDGED, adoption=adoption, acknowledged_at=acknowledged_at
        )
    since = max(adoption.adopted_on, joined_on(membership))
    due_on = since + dt.timedelta(days=membership.agency.sop_acknowledge_days)
    return SOPStatus(
        state=SOPState.OVERDUE if today > due_on else SOPState.DUE,
        adoption=adoption,
        outstanding_since=since,
        due_on=due_on,
    )


def acknowledged_at_by_user(adoption: SOPAdoption | None) -> dict[int, dt.datetime]:
    if adoption is None:
        return {}
    return dict(adoption.acknowledgements.values_list("user_id", "acknowledged_at"))


def agency_sop_statuses(
    *, agency: Agency, today: dt.date | None = None
) -> dict[int, tuple[Membership, SOPStatus]]:
    """Every active member of the agency, by user id, with their status. Three queries."""
    return _statuses_against(
        agency=agency, adoption=current_adoption(agency=agency), today=today or timezone.localdate()
    )


def _statuses_against(
    *, agency: Agency, adoption: SOPAdoption | None, today: dt.date
) -> dict[int, tuple[Membership, SOPStatus]]:
    acknowledged = acknowledged_at_by_user(adoption)
    memberships = (
        Membership.objects.filter(agency=agency, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    statuses = {}
    for membership in memberships:
        membership.agency = agency  # the days setting, without a query per person
        statuses[membership.user_id] = (
            membership,
            sop_status(
                membership=membership,
                adoption=adoption,
                acknowledged_at=acknowledged.get(membership.user_id),
                today=today,
            ),
        )
    return statuses


def user_sop_statuses(
    *, user, today: dt.date | None = None, memberships: list[Membership] | None = None
) -> list[tuple[Membership, SOPStatus]]:
    """The person's status at each agency they are an active member of (pass `memberships`,
    with their agencies, when the page has them already)."""
    today = today or timezone.localdate()
    if memberships is None:
        memberships = Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE
        ).select_related("agency")
    result = []
    for membership in memberships:
        adoption = current_adoption(agency=membership.agency)
        acknowledgement = (
            adoption.acknowledgements.filter(user=user).first() if adoption is not None else None
        )
        result.append(
            (
                membership,
                sop_status(
                    membership=membership,
                    adoption=adoption,
                    acknowledged_at=acknowledgement.acknowledged_at if acknowledgement else None,
                    today=today,
                ),
            )
        )
    return result


@dataclass(frozen=True)
class SOPCounts:
    adopted: bool
    outstanding: int
    overdue: int


def agency_sop_counts(*, agency: Agency, today: dt.date | None = None) -> SOPCounts:
    """The supervisor's summary: how many acknowledgements are outstanding, how many overdue.

    Counted in the database with the rules of `sop_status` (one query for the version in
    force, one count when there is one): no member is loaded to be counted.
    """
    adoption = current_adoption(agency=agency)
    if adoption is None:
        return SOPCounts(adopted=False, outstanding=0, overdue=0)
    today = today or timezone.localdate()
    # Overdue when today > max(adopted_on, joined_on) + days: both dates before `cutoff`.
    cutoff = today - dt.timedelta(days=agency.sop_acknowledge_days)
    joined_before_cutoff = Q(started_on__lt=cutoff) | Q(
        # joined_on falls back to the local day the membership was created.
        started_on__isnull=True,
        created_at__lt=timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min)),
    )
    acknowledged = SOPAcknowledgement.objects.filter(adoption=adoption, user_id=OuterRef("user_id"))
    counts = (
        Membership.objects.filter(agency=agency, status=Membership.Status.ACTIVE)
        .exclude(Exists(acknowledged))
        .aggregate(
            outstanding=Count("pk"),
            overdue=Count("pk", filter=joined_before_cutoff),
        )
    )
    return SOPCounts(
        adopted=True,
        outstanding=counts["outstanding"],
        overdue=counts["overdue"] if adoption.adopted_on < cutoff else 0,
    )
