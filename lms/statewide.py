"""The ORS statewide figures: every agency's members and valid completions per course, and
the same summed by county. Training status rules come from lms.records.training_status (through
`valid_completion_q`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max, Q
from django.utils import timezone

from lms.models import Agency, Completion, Membership
from lms.selectors.states import valid_completion_q


@dataclass
class AgencyRow:
    agency: Agency
    officers: int
    complete_by_course: dict[int, int]
    last_activity: datetime | None = None

    def percent(self, course_id: int) -> int:
        if not self.officers:
            return 0
        return round(100 * self.complete_by_course.get(course_id, 0) / self.officers)


def statewide_rows(*, now=None) -> list[AgencyRow]:
    """Every agency with active members: members, valid completions per course, last activity.

    Three queries, whatever the number of agencies, officers and completions.
    """
    now = now or timezone.now()
    agencies = list(
        Agency.objects.annotate(
            officers=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
        )
        .filter(officers__gt=0)
        .order_by("name")
    )
    rows = {a.pk: AgencyRow(agency=a, officers=a.officers, complete_by_course={}) for a in agencies}
    counts = (
        Completion.objects.filter(
            valid_completion_q(now),
            completed_at__lte=now,
            user__memberships__status=Membership.Status.ACTIVE,
        )
        .values("user__memberships__agency_id", "course_id")
        .annotate(people=Count("user_id", distinct=True))
        .order_by()
    )
    for row in counts:
        agency_row = rows.get(row["user__memberships__agency_id"])
        if agency_row is not None and row["course_id"] is not None:
            agency_row.complete_by_course[row["course_id"]] = row["people"]
    activity = (
        Completion.objects.filter(
            completed_at__lte=now, user__memberships__status=Membership.Status.ACTIVE
        )
        .values("user__memberships__agency_id")
        .annotate(last=Max("completed_at"))
        .order_by()
    )
    for row in activity:
        agency_row = rows.get(row["user__memberships__agency_id"])
        if agency_row is not None:
            agency_row.last_activity = row["last"]
    return list(rows.values())


@dataclass
class CountyRow:
    county: str
    label: str
    agencies: int = 0
    officers: int = 0
    complete_by_course: dict[int, int] = field(default_factory=dict)
    last_activity: datetime | None = None

    percent = AgencyRow.percent


def county_rollup(rows: list[AgencyRow]) -> list[CountyRow]:
    """Statewide rows summed by county (no queries)."""
    by_county: dict[str, CountyRow] = {}
    for row in rows:
        agency = row.agency
        county = by_county.setdefault(
            agency.county, CountyRow(county=agency.county, label=agency.get_county_display())
        )
        county.agencies += 1
        county.officers += row.officers
        for course_id, people in row.complete_by_course.items():
            county.complete_by_course[course_id] = (
                county.complete_by_course.get(course_id, 0) + people
            )
        if row.last_activity and (
            county.last_activity is None or row.last_activity > county.last_activity
        ):
            county.last_activity = row.last_activity
    return sorted(by_county.values(), key=lambda c: c.label)
