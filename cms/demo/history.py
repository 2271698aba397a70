"""Demo history: months of training records so every dashboard and report has something to show.

Deterministic (fixed seed; dates fixed relative to today) and idempotent: when the marker
completion exists, nothing is added. Runs last in DEMO_STEPS, after people, courses and the
toolkit. Certificates are issued by the certificates app's own receiver after commit.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from certificates.issuing import issue_certificate, revoke_certificate
from cms.demo import roll_call_course
from cms.demo.sop import load_demo_sops
from cms.models import (
    AssistanceNote,
    ProgramRegistration,
    RegistrationNote,
    TechnicalAssistanceRequest,
)
from courses.models import CoursePage
from courses.progress import live_lessons_of, mark_lesson_complete
from lms.demo.accounts import ORS_EMAIL
from lms.demo.people import CAPITAL_CITY, DEMO_AGENCIES, RIVER_COUNTY
from lms.models import Agency, Assignment, Completion, Membership, User
from lms.records.assignments import give_assignments
from lms.records.ledger import record_completion
from lms.rollcall.lifecycle import close_check_in, complete_session, default_makeup_due_on
from lms.rollcall.models import RollCallSession
from lms.rollcall.services import start_session, tick_attendees

SEED = 20261125
HISTORY_NOTE = "Demo history"
CAPITAL = CAPITAL_CITY
RIVER = RIVER_COUNTY
CAPITAL_OFFICER = "officer@capital-city-pd.example.org"
RIVER_OFFICER = "officer@river-county-so.example.org"

# The oldest record is 18 months old: the demo course stands for one taught for two years, so
# no record (and no roll-call session, which may not predate its course) comes before it.
HISTORY_DAYS = 730

# Share of officers in each state (the rest have not started).
PROFILES = [
    ("current", 0.38),  # completed 1-10 months ago
    ("expiring", 0.12),  # completed 11-11.9 months ago: expires within a month
    ("expired", 0.12),  # completed 12.5-18 months ago
    ("roll_call", 0.10),  # completed at a roll-call session
    ("in_progress", 0.13),
]


def _now() -> dt.datetime:
    return timezone.now()


def _assign(*, user, agency, course, due_on, reason) -> int:
    """One open assignment per person and course: a later one replaces the earlier (as the
    site does); the same one twice changes nothing (re-running the loader)."""
    if Assignment.objects.filter(user=user, agency=agency, course=course, due_on=due_on).exists():
        return 0
    give_assignments(
        [Assignment(user=user, agency=agency, course=course, due_on=due_on, reason=reason)]
    )
    return 1


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _profile(rng: random.Random) -> str:
    roll = rng.random()
    for name, share in PROFILES:
        if roll < share:
            return name
        roll -= share
    return "not_started"


def load_history(stdout) -> None:
    if Completion.objects.filter(note=HISTORY_NOTE).exists():
        stdout.write("Demo history: kept")
        return
    course = CoursePage.objects.filter(slug=roll_call_course.COURSE_SLUG).first()
    if course is None:
        stdout.write("Demo history: the roll-call course is missing, skipped")
        return
    rng = random.Random(SEED)  # noqa: S311 - demo data, deterministic on purpose
    with transaction.atomic():
        _taught_since(course=course, days_ago=HISTORY_DAYS)
        counts, attendees = _training(course=course, rng=rng)
        counts["sessions"] = _roll_call_sessions(course=course, attendees=attendees, rng=rng)
        counts["registrations"], counts["requests"] = _queue()
        counts["sop"] = _sop_adoptions(rng=rng)
    stdout.write(
        "Demo history: {completions} completions, {progress} officers in progress, "
        "{assignments} assignments, {sessions} roll-call sessions, {registrations} "
        "registrations, {requests} TA requests, {sop} SOP acknowledgements".format(**counts)
    )


def _taught_since(*, course, days_ago: int) -> None:
    since = _at(days_ago)
    type(course).objects.filter(pk=course.pk, first_published_at__gt=since).update(
        first_published_at=since
    )
    course.refresh_from_db(fields=["first_published_at"])


def _officers() -> list[Membership]:
    return list(
        Membership.objects.filter(
            role=Membership.Role.OFFICER,
            status=Membership.Status.ACTIVE,
            agency__name__in=_demo_agency_names(),
        )
        .select_related("user", "agency")
        .order_by("user__email")
    )


def _demo_agency_names() -> list[str]:
    return [row[0] for row in DEMO_AGENCIES]


def _training(*, course, rng: random.Random) -> tuple[dict, list[Membership]]:
    """Completions, lesson progress and assignments; returns the roll-call attendees too."""
    lessons = list(live_lessons_of(course))
    attendees: list[Membership] = []
    completions = progress = assignments = 0
    revoke = None
    today = timezone.localdate()
    for membership in _officers():
        user = membership.user
        profile = _profile(rng)
        if user.email == CAPITAL_OFFICER:
            profile = "named_complete"
        elif user.email == RIVER_OFFICER:
            profile = "named_started"
        if profile in {"current", "expiring", "expired", "named_complete"}:
            days = {
                "current": rng.randint(30, 300),
                "expiring": rng.randint(335, 362),
                "expired": rng.randint(380, 540),
                "named_complete": 62,
            }[profile]
            if profile == "named_complete":
                for lesson in lessons:
                    mark_lesson_complete(user=user, lesson=lesson)
            completion = record_completion(
                user=user,
                course=course,
                method=Completion.Method.ONLINE,
                completed_at=_at(days, hour=rng.randint(7, 22)),
                score=Decimal(rng.choice([81, 87, 88, 94, 100])),
                note=HISTORY_NOTE,
                agency=membership.agency,
            )
            completions += 1
            if revoke is None and profile == "current" and membership.agency.name != CAPITAL:
                revoke = completion
            if profile == "expired" and rng.random() < 0.6:
                # Their recertification is assigned and now overdue.
                made = _assign(
                    user=user, agency=membership.agency, course=course,
                    due_on=today - dt.timedelta(days=rng.randint(5, 40)),
                    reason="Annual recertification",
                )  # fmt: skip
                assignments += made
        elif profile in {"in_progress", "named_started"}:
            done = 2 if profile == "named_started" else rng.randint(1, len(lessons) - 1)
            for lesson in lessons[:done]:
                mark_lesson_complete(user=user, lesson=lesson)
            progress += 1
            due = today + dt.timedelta(days=rng.choice([-12, -3, 9, 21, 30]))
            made = _assign(
                user=user, agency=membership.agency, course=course, due_on=due,
                reason="New leave-behind program",
            )  # fmt: skip
            assignments += made
        elif profile == "not_started" and rng.random() < 0.5:
            due = today + dt.timedelta(days=rng.choice([-20, -7, 14, 28]))
            made = _assign(
                user=user, agency=membership.agency, course=course, due_on=due,
                reason="New leave-behind program",
            )  # fmt: skip
            assignments += made
        elif profile == "roll_call":
            attendees.append(membership)
    if revoke is not None:
        transaction.on_commit(lambda: _revoke_one(revoke.pk))
    counts = {"completions": completions, "progress": progress, "assignments": assignments}
    return counts, attendees


def _revoke_one(completion_id: int) -> None:
    """One revoked certificate, after the certificates app issued it (on commit)."""
    completion = Completion.objects.get(pk=completion_id)
    certificate = issue_certificate(completion=completion)
    if certificate is None or certificate.status == "revoked":
        return
    revoke_certificate(
        certificate=certificate,
        by=User.objects.filter(email=ORS_EMAIL).first(),
        reason="Recorded against the wrong officer (demo).",
    )


def _roll_call_sessions(*, course, attendees: list[Membership], rng: random.Random) -> int:
    """One attested roll-call session per agency that has attendees."""
    by_agency: dict[int, list[Membership]] = {}
    for membership in attendees:
        by_agency.setdefault(membership.agency_id, []).append(membership)
    made = 0
    for agency_id, members in sorted(by_agency.items()):
        supervisor = (
            Membership.objects.filter(
                agency_id=agency_id,
                status=Membership.Status.ACTIVE,
                role__in=[Membership.Role.SUPERVISOR, Membership.Role.AGENCY_ADMIN],
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if supervisor is None:
            continue
        session = start_session(
            supervisor=supervisor.user,
            agency=supervisor.agency,
            course=course,
            held_on=timezone.localdate() - dt.timedelta(days=rng.randint(20, 200)),
            unit=members[0].unit,
            location="Briefing room",
            completion_rule=RollCallSession.CompletionRule.ATTESTATION,
        )
        tick_attendees(session=session, user_ids=[m.user_id for m in members])
        close_check_in(session=session, supervisor=supervisor.user)
        complete_session(
            session=session,
            supervisor=supervisor.user,
            makeup_user_ids=[],
            due_on=default_makeup_due_on(),
        )
        made += 1
    return made


REGISTRATIONS = [
    ("Example Falls Police Department (fictional)", "municipal_police", "Niagara", "exploring", "not_yet", "no", True, "new", ""),
    ("Sample County Sheriff's Office (fictional)", "sheriff", "Cayuga", "planning", "partner_oopp", "drafting", True, "contacted", "Called the lieutenant; sending the model SOP."),
    ("Demo Harbor Police Department (fictional)", "municipal_police", "Nassau", "launching", "own_oopp", "adopted", False, "in_progress", "Registered OOPP; wants help with kit tracking."),
    ("Placeholder Town Police (fictional)", "municipal_police", "Tompkins", "active", "partner_oopp", "adopted", False, "active", "Program live; added to the directory follow-up."),
    ("Specimen Valley Sheriff's Office (fictional)", "sheriff", "Chemung", "exploring", "not_yet", "no", False, "closed", "Duplicate of an earlier registration."),
    ("Example Lake Campus Police (fictional)", "campus", "Onondaga", "planning", "purchase", "no", True, "new", ""),
]  # fmt: skip

REQUESTS = [
    (CAPITAL, "data", "How should we count kits left with bystanders versus survivors?", "in_progress", "Shared HEALing Communities guidance; meeting booked."),
    (RIVER, "securing_naloxone", "Our supplier is changing. Which registered programs serve Dutchess County?", "new", ""),
    ("Lakeview Police Department (fictional)", "training", "Can someone co-deliver our first roll-call session?", "contacted", "Offered two dates."),
    ("Southern Tier Sheriff's Office (fictional)", "sop", "Review of our draft SOP, please.", "closed", "Reviewed and returned with comments."),
]  # fmt: skip


def _queue() -> tuple[int, int]:
    ors = User.objects.filter(email=ORS_EMAIL).first()
    made_reg = made_req = 0
    for n, (name, kind, county, stage, source, sop, ta, status, note) in enumerate(REGISTRATIONS):
        if ProgramRegistration.objects.filter(agency_name=name).exists():
            continue
        agency, _ = Agency.objects.get_or_create(
            name=name, defaults={"agency_type": kind, "county": county, "is_active": False}
        )
        registration = ProgramRegistration.objects.create(
            agency_name=name, agency_type=kind, county=county, sworn_officers=12 + 7 * n,
            contact_name="Alex Example", contact_title="Lieutenant",
            contact_email=f"contact{n + 1}@registrations.example.org", contact_phone="555-0150",
            program_stage=stage, naloxone_source=source, sop_status=sop,
            wants_technical_assistance=ta, status=status, agency=agency,
            assignee=ors if status != "new" else None,
        )  # fmt: skip
        if note:
            RegistrationNote.objects.create(registration=registration, text=note)
        made_reg += 1
    for agency_name, topic, details, status, note in REQUESTS:
        agency = Agency.objects.filter(name=agency_name).first()
        if agency is None or TechnicalAssistanceRequest.objects.filter(details=details).exists():
            continue
        supervisor = (
            Membership.objects.filter(agency=agency, role=Membership.Role.SUPERVISOR)
            .select_related("user")
            .first()
        )
        requester = supervisor.user if supervisor else None
        ta_request = TechnicalAssistanceRequest.objects.create(
            agency=agency, requested_by=requester,
            requester_name=requester.get_full_name() if requester else "Training sergeant",
            requester_email=requester.email if requester else f"training@{agency.pk}.example.org",
            topic=topic, details=details, status=status,
            assignee=ors if status != "new" else None,
        )  # fmt: skip
        if note:
            AssistanceNote.objects.create(request=ta_request, text=note)
        made_req += 1
    return made_reg, made_req


def _sop_adoptions(*, rng: random.Random) -> int:
    """Capital City adopted its own SOP two months ago with 30 days to acknowledge (most did);
    River County five weeks ago with 7 days (several overdue)."""
    return load_demo_sops(
        plans=((CAPITAL, 60, 30, 0.8), (RIVER, 35, 7, 0.5)),
        at=_at,
        rng=rng,
        officer_email=CAPITAL_OFFICER,
    )
