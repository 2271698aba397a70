"""Demo agencies, supervisors and about 60 officers (idempotent: a second run changes nothing)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from courses.models import CoursePage
from lms.models import Agency, Assignment, Membership
from lms.records.assignments import assign_course

from .accounts import ensure_demo_user

# (name, type, county, domain, program status). Every name says "(fictional)", and no demo
# agency carries an ORI: the first release's codes had the real NCIC format (REVIEW-2026-12).
FICTIONAL = " (fictional)"
DEMO_AGENCIES = [
    ("Capital City Police Department (fictional)", "municipal_police", "Albany", "capital-city-pd.example.org", "active"),
    ("River County Sheriff's Office (fictional)", "sheriff", "Dutchess", "river-county-so.example.org", "active"),
    ("Lakeview Police Department (fictional)", "municipal_police", "Erie", "lakeview-pd.example.org", "active"),
    ("Harbor Point Police Department (fictional)", "municipal_police", "Suffolk", "harbor-point-pd.example.org", "planning"),
    ("Finger Lakes County Sheriff's Office (fictional)", "sheriff", "Ontario", "flc-sheriff.example.org", "active"),
    ("North Country Transit Police (fictional)", "transit", "St. Lawrence", "nc-transit.example.org", "interested"),
    ("Hudson Valley University Police (fictional)", "campus", "Ulster", "hvu-police.example.org", "planning"),
    ("Mohawk Village Police Department (fictional)", "municipal_police", "Montgomery", "mohawk-village-pd.example.org", "paused"),
    ("Southern Tier Sheriff's Office (fictional)", "sheriff", "Broome", "southern-tier-so.example.org", "active"),
    ("Westshore Police Department (fictional)", "municipal_police", "Monroe", "westshore-pd.example.org", "interested"),
]  # fmt: skip
CAPITAL_CITY = DEMO_AGENCIES[0][0]
RIVER_COUNTY = DEMO_AGENCIES[1][0]
EARLIER_ORIS = ("NY0010100", "NY0140000")  # shipped by the first release; cleared on load

# Named accounts from the README (the first two agencies).
NAMED_ACCOUNTS = [
    ("supervisor@capital-city-pd.example.org", "Sam", "Ortiz", 0, "supervisor", "Sergeant", "Day shift"),
    ("officer@capital-city-pd.example.org", "Olivia", "Chen", 0, "officer", "Police Officer", "Day shift"),
    ("supervisor@river-county-so.example.org", "Rita", "Campbell", 1, "supervisor", "Lieutenant", "Patrol"),
    ("officer@river-county-so.example.org", "Omar", "Haddad", 1, "officer", "Deputy", "Patrol"),
]  # fmt: skip

FIRST_NAMES = [
    "James", "Maria", "Robert", "Aisha", "Michael", "Jennifer", "David", "Linda", "Kevin", "Keisha",
    "Daniel", "Patricia", "Luis", "Susan", "Brian", "Nicole", "Anthony", "Fatima", "Mark", "Grace",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Rodriguez", "Johnson", "Nguyen", "Williams", "O'Brien", "Brown", "Kowalski",
    "Jones", "Patel", "Garcia", "Murphy", "Miller", "Kim", "Davis", "Santos",
]  # fmt: skip
UNITS = ["Day shift", "Evening shift", "Night shift", "Patrol", "Community policing"]
OFFICERS_PER_AGENCY = [12, 10, 6, 5, 6, 4, 4, 3, 6, 4]  # 60 in all


def _agency(row) -> tuple[Agency, bool]:
    name, agency_type, county, domain, status = row
    earlier = Agency.objects.filter(name=name.removesuffix(FICTIONAL)).first()
    if earlier is not None and not Agency.objects.filter(name=name).exists():
        # A database loaded by the first release: mark the agency fictional, drop its ORI.
        earlier.name = name
        if earlier.ori_number in EARLIER_ORIS:
            earlier.ori_number = ""
        earlier.save()
    return Agency.objects.get_or_create(
        name=name,
        defaults={
            "agency_type": agency_type,
            "county": county,
            "allowed_email_domains": domain,
            "program_status": status,
            "contact_email": f"training@{domain}",
        },
    )


def _member(*, user, agency, role, rank="", unit="", badge="") -> bool:
    _, created = Membership.objects.get_or_create(
        user=user,
        agency=agency,
        status=Membership.Status.ACTIVE,
        defaults={
            "role": role,
            "rank": rank,
            "unit": unit,
            "badge_number": badge,
            "started_on": datetime.date(2025, 1, 6),
        },
    )
    return created


def load_people(stdout) -> None:
    """Ten agencies across New York, the README's named accounts, and 60 more officers."""
    agencies = []
    made_agencies = made_people = 0
    for row in DEMO_AGENCIES:
        agency, created = _agency(row)
        agencies.append(agency)
        made_agencies += created
    for email, first, last, index, role, rank, unit in NAMED_ACCOUNTS:
        user, created = ensure_demo_user(email=email, first_name=first, last_name=last)
        made_people += created
        _member(user=user, agency=agencies[index], role=role, rank=rank, unit=unit, badge="1001")
    number = 0
    for index, (agency, count) in enumerate(zip(agencies, OFFICERS_PER_AGENCY, strict=True)):
        domain = DEMO_AGENCIES[index][3]
        for position in range(count):
            first = FIRST_NAMES[number % len(FIRST_NAMES)]
            last = LAST_NAMES[(number * 7 + index) % len(LAST_NAMES)]
            local = f"{first}.{last}".lower().replace("'", "")
            email = f"{local}{number + 1}@{domain}"
            user, created = ensure_demo_user(email=email, first_name=first, last_name=last)
            made_people += created
            _member(
                user=user,
                agency=agency,
                role=Membership.Role.OFFICER,
                rank="Police Officer" if agency.agency_type != "sheriff" else "Deputy",
                unit=UNITS[position % len(UNITS)],
                badge=str(2000 + number),
            )
            number += 1
    stdout.write(
        f"Agencies: {made_agencies} created, {len(agencies) - made_agencies} kept; "
        f"people: {made_people} created ({number + len(NAMED_ACCOUNTS)} in the demo)"
    )


def load_assignments(stdout) -> None:
    """Assign the first live course to Capital City's day shift (once), when a course exists."""
    course = CoursePage.objects.live().order_by("path").first()
    agency = Agency.objects.filter(name=DEMO_AGENCIES[0][0]).first()
    if course is None or agency is None:
        stdout.write("Assignments: no live course yet, skipped")
        return
    if Assignment.objects.filter(agency=agency, course=course).exists():
        stdout.write("Assignments: kept")
        return
    outcome = assign_course(
        course=course,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        agencies=[agency],
        assigned_by=None,
        reason="Demo: annual refresher",
    )
    stdout.write(f"Assignments: {outcome.created} created")
