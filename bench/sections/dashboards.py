"""2. Supervisor dashboard and statewide view against the raw SQL aggregates over the same data."""

from __future__ import annotations

from bench.measure import Figure, Options, alternating_medians, timed_get

SUPERVISOR_RAW_SQL = [
    """SELECT u.id, u.first_name, u.last_name, u.email, m.badge_number, m.unit
       FROM lms_membership m JOIN lms_user u ON u.id = m.user_id
       WHERE m.agency_id = %(agency)s AND m.status = 'active'
       ORDER BY u.last_name, u.first_name""",
    """SELECT c.user_id, c.course_id, MAX(c.completed_at), MAX(c.expires_at), COUNT(*)
       FROM lms_completion c
       JOIN lms_membership m ON m.user_id = c.user_id
            AND m.agency_id = %(agency)s AND m.status = 'active'
       WHERE c.completed_at <= %(now)s
       GROUP BY c.user_id, c.course_id""",
]

STATEWIDE_RAW_SQL = [
    """SELECT a.id, a.name, COUNT(m.id) FROM lms_agency a
       JOIN lms_membership m ON m.agency_id = a.id AND m.status = 'active'
       GROUP BY a.id, a.name ORDER BY a.name""",
    """SELECT m.agency_id, c.course_id, COUNT(DISTINCT c.user_id)
       FROM lms_completion c JOIN lms_membership m ON m.user_id = c.user_id AND m.status = 'active'
       WHERE (c.expires_at IS NULL OR c.expires_at > %(now)s) AND c.completed_at <= %(now)s
       GROUP BY m.agency_id, c.course_id""",
    """SELECT m.agency_id, MAX(c.completed_at)
       FROM lms_completion c JOIN lms_membership m ON m.user_id = c.user_id AND m.status = 'active'
       WHERE c.completed_at <= %(now)s GROUP BY m.agency_id""",
]


def _raw(statements: list[str], params: dict) -> int:
    from django.db import connection

    rows = 0
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return rows


def dashboards_section(options: Options) -> list[Figure]:
    from django.test import Client
    from django.utils import timezone

    from bench.data import ORS_EMAIL, SUPERVISOR_EMAIL, bench_agencies
    from lms.models import Completion, Membership, User

    agency = bench_agencies()[0]
    now = timezone.now()
    figures = []
    officers = Membership.objects.filter(agency=agency, status="active").count()
    jobs = [
        (
            "supervisor dashboard",
            SUPERVISOR_EMAIL,
            f"/dashboard/agency/{agency.pk}/",
            SUPERVISOR_RAW_SQL,
            f"agency of {officers:,} members",
        ),
        (
            "statewide view",
            ORS_EMAIL,
            "/dashboard/statewide/",
            STATEWIDE_RAW_SQL,
            f"{len(bench_agencies()):,} agencies, {Completion.objects.count():,} completions",
        ),
    ]
    for name, email, url, statements, scope in jobs:
        client = Client()
        client.force_login(User.objects.get(email=email))
        call = timed_get(client, url)
        try:
            call()  # warm: first request imports templates and fills caches
        except RuntimeError as exc:
            figures.append(Figure("dashboards", name, None, "ms", note=f"missing: {exc}"))
            continue
        params = {"agency": agency.pk, "now": now}
        _raw(statements, params)
        view_ms, raw_ms = alternating_medians(
            call, lambda s=statements, p=params: _raw(s, p), options.repetitions
        )
        ratio = view_ms / raw_ms if raw_ms else None
        figures.append(
            Figure(
                "dashboards",
                name,
                round(view_ms, 2),
                "ms (median)",
                baseline_name="raw SQL aggregate",
                baseline=round(raw_ms, 3),
                ratio=round(ratio, 2) if ratio else None,
                goal="<= 2x raw SQL",
                met=ratio is not None and ratio <= 2.0,
                note=scope,
                extra={"repetitions": options.repetitions, "url": url},
            )
        )
        print(f"  {name}: {view_ms:.1f} ms vs raw SQL {raw_ms:.1f} ms ({scope})", flush=True)
    return figures
