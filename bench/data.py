"""Synthetic data at statewide scale for the benchmarks and the load test (`manage.py bench_data`).

Everything made here is recognisable and kept apart from real records: agencies are named
"Bench Agency NNNN", people have e-mails at bench.example.org, completions carry the note
BENCH_NOTE, courses are "Bench Course NN". Each step tops up to the requested count, so a second
run with the same options adds nothing.

Rows go in with bulk_create in batches; signals are not sent (a million certificates are not
the point), so this is only for benchmark databases.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

BENCH_DOMAIN = "bench.example.org"
BENCH_NOTE = "bench_data"
BENCH_PASSWORD = "bench-roll-call-password-2026"  # noqa: S105 - synthetic accounts only
AGENCY_PREFIX = "Bench Agency "
COURSE_PREFIX = "Bench Course "
SUPERVISOR_EMAIL = f"supervisor@{BENCH_DOMAIN}"
ORS_EMAIL = f"ors@{BENCH_DOMAIN}"
QUIZ_TITLE = "Bench quiz"
BATCH = 5000
UNITS = ["Shift A", "Shift B", "Shift C", "Shift D", "Detectives", "Traffic"]
FIRST_NAMES = ["Ana", "Ben", "Chloe", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo"]
LAST_NAMES = ["Nguyễn", "O'Brien", "Łukasz", "García", "Smith", "Kowalski", "Chen", "Diaz"]


@dataclass(frozen=True)
class Scale:
    agencies: int = 5
    officers: int = 300
    completions: int = 3000
    courses: int = 4
    lessons: int = 3
    big_agency: int = 100  # officers in agency 1, the supervisor dashboard's subject
    quiz_questions: int = 5
    seed: int = 2026


FULL = Scale(agencies=500, officers=100_000, completions=1_000_000, courses=20, big_agency=2000)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)
        if hasattr(stdout, "flush"):
            stdout.flush()


def generate(*, scale: Scale, stdout=None) -> dict:
    """Create (or top up) the bench data; returns the counts present afterwards."""
    started = time.perf_counter()
    atomic_whole = connection.vendor == "sqlite"  # one transaction: far fewer fsyncs
    if atomic_whole:
        with transaction.atomic():
            counts = _generate(scale=scale, stdout=stdout)
    else:
        counts = _generate(scale=scale, stdout=stdout)
    _say(stdout, f"bench_data: done in {time.perf_counter() - started:.1f} s: {counts}")
    return counts


def _generate(*, scale: Scale, stdout) -> dict:
    rng = random.Random(scale.seed)
    steps = [
        ("courses", lambda: ensure_courses(scale=scale)),
        ("agencies", lambda: ensure_agencies(scale=scale, rng=rng)),
        ("officers", lambda: ensure_officers(scale=scale, rng=rng, stdout=stdout)),
        ("staff", lambda: ensure_staff()),
        ("quiz", lambda: ensure_quiz(scale=scale)),
        ("completions", lambda: ensure_completions(scale=scale, rng=rng, stdout=stdout)),
    ]
    counts = {}
    for name, step in steps:
        t0 = time.perf_counter()
        with transaction.atomic():
            counts[name] = step()
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load: with the empty tables' estimates the planner
            # joins 100,000 memberships to 100,000 users by nested loop (minutes, not a second).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        _say(stdout, f"bench_data: {name}: {counts[name]} ({time.perf_counter() - t0:.1f} s)")
    return counts


# ---- courses -------------------------------------------------------------------------------


def lesson_body(number: int) -> list:
    """A lesson body like the real ones: text, a callout, steps, key points, a check."""
    return [
        ("heading", f"Part {number}: what you will see"),
        (
            "rich_text",
            "<p>Opioid overdose slows and then stops breathing. Officers are often first on "
            "scene; naloxone reverses the effect within minutes and is safe to give.</p>"
            "<p>Check for response, call 911, give naloxone, support breathing, stay.</p>",
        ),
        (
            "callout",
            {
                "kind": "legal",
                "title": "Good Samaritan law",
                "body": "<p>New York's 911 Good Samaritan law protects people who call for help.</p>",
            },
        ),
        (
            "steps",
            [
                {"title": "Check for response", "text": "Shout and rub the sternum."},
                {"title": "Call 911", "text": "Give the location; say it is an overdose."},
                {"title": "Give naloxone", "text": "One spray in one nostril."},
                {"title": "Support breathing", "text": "Rescue breaths if trained."},
            ],
        ),
        ("key_points", ["Naloxone cannot harm someone who has not taken opioids.", "Stay."]),
        (
            "do_dont",
            {"dos": ["Leave the kit with the family."], "donts": ["Do not leave them alone."]},
        ),
        (
            "knowledge_check",
            {
                "question": "What do you do after giving naloxone?",
                "choices": [
                    {"text": "Stay and support breathing", "is_correct": True, "feedback": "Yes."},
                    {"text": "Leave at once", "is_correct": False, "feedback": "No."},
                ],
                "explanation": "<p>Naloxone wears off; stay until EMS arrives.</p>",
            },
        ),
    ]


def bench_courses():
    from courses.models import CoursePage

    return list(CoursePage.objects.filter(title__startswith=COURSE_PREFIX).order_by("title"))


def ensure_courses(*, scale: Scale) -> int:
    from cms.demo.pages import course_index
    from courses.models import CoursePage, LessonPage

    index = course_index()
    have = {c.title for c in bench_courses()}
    for number in range(1, scale.courses + 1):
        title = f"{COURSE_PREFIX}{number:02d}"
        if title in have:
            continue
        course = CoursePage(
            title=title,
            slug=f"bench-course-{number:02d}",
            summary="Leave-behind naloxone: recognising an overdose and what to leave behind.",
            estimated_minutes=20,
            # Most courses recertify every two years; every fifth never expires.
            recertification_months=None if number % 5 == 0 else 24,
            completion_rule=CoursePage.CompletionRule.LESSONS_AND_QUIZ,
        )
        index.add_child(instance=course)
        course.save_revision().publish()
        for lesson_number in range(1, scale.lessons + 1):
            lesson = LessonPage(
                title=f"Lesson {lesson_number}",
                slug=f"lesson-{lesson_number}",
                estimated_minutes=5,
                body=lesson_body(lesson_number),
            )
            course.add_child(instance=lesson)
            lesson.save_revision().publish()
    return len(bench_courses())


def ensure_quiz(*, scale: Scale) -> int:
    """A single-page quiz on course 01 (for the load test): unlimited attempts, no wait."""
    from courses.quiz.bank import create_question
    from courses.quiz.models import QuizPage, QuizQuestion

    course = bench_courses()[0]
    existing = QuizPage.objects.child_of(course).filter(title=QUIZ_TITLE).first()
    if existing is not None:
        return existing.quiz_questions.count()
    questions = [
        create_question(
            text=f"Bench question {n}: after giving naloxone, what do you do?",
            kind="single",
            choices=[("Stay and support breathing", True), ("Leave", False), ("Wait", False)],
            explanation="Naloxone wears off; stay until EMS arrives.",
        )
        for n in range(1, scale.quiz_questions + 1)
    ]
    quiz = QuizPage(
        title=QUIZ_TITLE,
        slug="bench-quiz",
        pass_mark=80,
        layout=QuizPage.Layout.SINGLE_PAGE,
        feedback=QuizPage.Feedback.AT_END,
        random_order=False,
        shuffle_choices=False,
    )
    quiz.quiz_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(questions)]
    course.add_child(instance=quiz)
    quiz.save_revision().publish()
    return len(questions)


# ---- agencies and people -------------------------------------------------------------------


def bench_agencies():
    from lms.models import Agency

    return list(Agency.objects.filter(name__startswith=AGENCY_PREFIX).order_by("name"))


def ensure_agencies(*, scale: Scale, rng: random.Random) -> int:
    from lms.counties import NY_COUNTIES
    from lms.models import Agency

    have = {a.name for a in bench_agencies()}
    new = []
    for number in range(1, scale.agencies + 1):
        name = f"{AGENCY_PREFIX}{number:04d}"
        if name in have:
            continue
        new.append(
            Agency(
                name=name,
                county=NY_COUNTIES[number % len(NY_COUNTIES)],
                agency_type=rng.choice(["municipal_police", "sheriff", "campus", "transit"]),
                program_status=rng.choice(["active", "active", "planning", "interested"]),
                allowed_email_domains=BENCH_DOMAIN,
            )
        )
    # The join code default is random per instance, so bulk_create keeps them unique.
    Agency.objects.bulk_create(new, batch_size=BATCH)
    return len(bench_agencies())


def officer_email(number: int) -> str:
    return f"officer{number:06d}@{BENCH_DOMAIN}"


def agency_plan(*, scale: Scale) -> list[int]:
    """The agency index (0-based) of each officer: agency 0 gets `big_agency`, the rest a
    skewed spread (a few big departments, many small ones), as across New York State."""
    rng = random.Random(scale.seed + 1)
    big = min(scale.big_agency, scale.officers)
    plan = [0] * big
    others = scale.agencies - 1
    remaining = scale.officers - big
    if others <= 0:
        return plan + [0] * remaining
    weights = [rng.paretovariate(1.5) for _ in range(others)]
    plan += rng.choices(range(1, others + 1), weights=weights, k=remaining)
    return plan


def ensure_officers(*, scale: Scale, rng: random.Random, stdout=None) -> int:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from lms.models import Membership, User

    existing = User.objects.filter(email__startswith="officer", email__endswith=BENCH_DOMAIN)
    have = existing.count()
    if have >= scale.officers:
        return have
    agencies = bench_agencies()
    plan = agency_plan(scale=scale)
    password = make_password(BENCH_PASSWORD)  # hashed once, shared: synthetic accounts only
    today = timezone.localdate()
    for start in range(have, scale.officers, BATCH):
        numbers = range(start + 1, min(start + BATCH, scale.officers) + 1)
        users = User.objects.bulk_create(
            [
                User(
                    email=officer_email(n),
                    first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                    last_name=f"{LAST_NAMES[n % len(LAST_NAMES)]} {n}",
                    password=password,
                )
                for n in numbers
            ]
        )
        if users and users[0].pk is None:  # a backend without RETURNING
            users = list(User.objects.filter(email__in=[u.email for u in users]).order_by("pk"))
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users]
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    user=u,
                    agency=agencies[plan[n - 1] % len(agencies)],
                    role=Membership.Role.OFFICER,
                    status=Membership.Status.ACTIVE,
                    badge_number=f"B{n:06d}",
                    rank="Officer",
                    unit=UNITS[n % len(UNITS)],
                    started_on=today - timedelta(days=rng.randint(30, 3000)),
                )
                for n, u in zip(numbers, users, strict=True)
            ]
        )
        _say(stdout, f"bench_data: officers {numbers[-1]:,} / {scale.officers:,}")
    return existing.count()


def ensure_staff() -> int:
    """The big agency's supervisor and a statewide ORS account, with TOTP set up so the MFA
    requirement is met as in production."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from lms.models import Membership, User

    password = make_password(BENCH_PASSWORD)
    made = 0
    for email, superuser in ((SUPERVISOR_EMAIL, False), (ORS_EMAIL, True)):
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": "Bench",
                "last_name": "Supervisor" if not superuser else "ORS",
                "password": password,
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        made += 1
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        _ensure_totp(user)
        if not superuser and created:
            Membership.objects.create(
                user=user,
                agency=bench_agencies()[0],
                role=Membership.Role.SUPERVISOR,
                status=Membership.Status.ACTIVE,
            )
    return made


def _ensure_totp(user) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())


# ---- completions ---------------------------------------------------------------------------


def ensure_completions(*, scale: Scale, rng: random.Random, stdout=None) -> int:
    from lms.models import Completion, Membership
    from lms.records.ledger import add_months

    have = Completion.objects.filter(note=BENCH_NOTE).count()
    needed = scale.completions - have
    if needed <= 0:
        return have
    courses = bench_courses()
    officers = list(
        Membership.objects.filter(
            user__email__startswith="officer",
            user__email__endswith=BENCH_DOMAIN,
            status=Membership.Status.ACTIVE,
        )
        .order_by("user_id")
        .values_list(
            "user_id",
            "agency_id",
            "agency__name",
            "user__first_name",
            "user__last_name",
            "user__email",
            "badge_number",
        )
    )
    if not officers or not courses:
        return have
    # Popular courses first: the roll-call course is taken by nearly everyone.
    weights = [1 / (i + 1) ** 0.5 for i in range(len(courses))]
    average = max(1, needed // len(officers))
    now = timezone.now()
    methods = ["online"] * 16 + ["roll_call"] * 3 + ["manual"]
    batch: list = []
    made = 0
    next_report = 100_000
    rng.shuffle(officers)
    while made < needed:
        for user_id, agency_id, agency_name, first, last, email, badge in officers:
            if made >= needed:
                break
            k = min(rng.randint(0, 2 * average), needed - made)
            for course in rng.choices(courses, weights=weights, k=k):
                completed_at = now - timedelta(seconds=rng.randint(3600, 3 * 365 * 86400))
                method = rng.choice(methods)
                batch.append(
                    Completion(
                        user_id=user_id,
                        agency_id=agency_id,
                        course_id=course.pk,
                        course_revision_id=course.live_revision_id,
                        completed_at=completed_at,
                        expires_at=add_months(completed_at, course.recertification_months)
                        if course.recertification_months
                        else None,
                        method=method,
                        score=Decimal(rng.randint(80, 100)) if method == "online" else None,
                        training_minutes=course.estimated_minutes,
                        user_name=f"{first} {last}",
                        user_email=email,
                        badge_number=badge,
                        agency_name=agency_name,
                        course_title=course.title,
                        note=BENCH_NOTE,
                    )
                )
            made += k
            if len(batch) >= BATCH:
                Completion.objects.bulk_create(batch)
                batch = []
                if made >= next_report:
                    next_report += 100_000
                    _say(stdout, f"bench_data: completions {have + made:,} / {scale.completions:,}")
    if batch:
        Completion.objects.bulk_create(batch)
    return Completion.objects.filter(note=BENCH_NOTE).count()
