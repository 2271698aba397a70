"""The benchmark suite of issue 9: every figure against a baseline measured in the same run.

1. Officer pages under gunicorn (4 sync workers) against a plain Django "hello" view.
2. Supervisor dashboard and statewide view against the raw SQL aggregates over the same data.
3. Certificate PDF: first render against bare xhtml2pdf; cached download against first render.
4. CSV export of the completion ledger against csv.writer over a raw cursor; memory growth.

Prints a table and writes var/bench/latest.json. Figures are what was measured on this
machine, in this run; nothing is estimated. A figure that cannot be measured (a page that does
not exist yet) is reported as missing.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    section: str
    name: str
    value: float | None
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    ratio: float | None = None  # value / baseline
    goal: str = ""
    met: bool | None = None  # None: no goal, or not measured
    note: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Options:
    quick: bool
    seconds: float
    connections: int
    workers: int
    repetitions: int
    data_args: list[str]
    sqlite_path: Path


SECTIONS = ("http", "dashboards", "pdf", "csv")


def _options(argv: list[str] | None) -> tuple[Options, argparse.Namespace]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="Tiny scale for CI (about 1-2 min).")
    parser.add_argument(
        "--seconds", type=float, help="Load duration per URL (split over the interleaved rounds)."
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers.")
    parser.add_argument("--output", default=str(ROOT / "var" / "bench" / "latest.json"))
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help="Comma-separated sections to run."
    )
    args = parser.parse_args(argv)
    # Checked before the data set is prepared (minutes), not when the section is reached.
    args.sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown or not args.sections:
        parser.error(
            f"--only takes sections from {', '.join(SECTIONS)}, "
            f"not {', '.join(unknown) or 'nothing'}."
        )
    bench_dir = ROOT / "var" / "bench"
    if args.quick:
        data_args = ["--agencies", "6", "--officers", "400", "--completions", "4000"]
        data_args += ["--courses", "4", "--big-agency", "150"]
        options = Options(
            True, args.seconds or 2, args.connections, args.workers, 3, data_args,
            bench_dir / "bench-quick.sqlite3",
        )  # fmt: skip
    else:
        options = Options(
            False, args.seconds or 10, args.connections, args.workers, 5, ["--full"],
            bench_dir / "bench-full.sqlite3",
        )  # fmt: skip
    return options, args


def _manage(*arguments: str, env: dict) -> None:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, str(ROOT / "manage.py"), *arguments], cwd=ROOT, env=env, check=True
    )
    print(f"  manage.py {arguments[0]}: {time.perf_counter() - started:.1f} s", flush=True)


def prepare(options: Options) -> dict:
    """Environment for every process of the run; database migrated and filled."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    env["BENCH_SQLITE_PATH"] = str(options.sqlite_path)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "BENCH_SQLITE_PATH")})
    options.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    print("Preparing the benchmark database", flush=True)
    _manage("migrate", "--noinput", "-v0", env=env)
    _manage("collectstatic", "--noinput", "-v0", env=env)
    _manage("bench_data", "--force", *options.data_args, env=env)
    return env


def _median_ms(func, repetitions: int) -> float:
    times = []
    for _ in range(repetitions):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _alternating_medians(subject, baseline, repetitions: int) -> tuple[float, float]:
    """Median ms of each, timed in turns: on a shared machine, load that comes and goes then
    falls on both alike instead of on whichever ran second."""
    subject_times, baseline_times = [], []
    for _ in range(repetitions):
        subject_times.append(_median_ms(subject, 1))
        baseline_times.append(_median_ms(baseline, 1))
    return statistics.median(subject_times), statistics.median(baseline_times)


def machine() -> dict:
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        db_version = cursor.fetchone()[0]
    import django
    import wagtail

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": f"{connection.vendor} {db_version}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# ---- 1. pages under gunicorn ---------------------------------------------------------------


def officer_session_cookie(user) -> str:
    """Sign the officer in the way the site does: a session row, sent back as a cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def bench_officer():
    from bench.data import officer_email
    from lms.models import User

    return User.objects.get(email=officer_email(1))


HTTP_ROUNDS = 3


def http_section(options: Options, env: dict) -> list[Figure]:
    from bench.data import bench_courses
    from bench.serving import Gunicorn, get_with_cookies, measure, with_cookies
    from courses.models import LessonPage
    from courses.progress import mark_lesson_complete

    officer = bench_officer()
    course = bench_courses()[0]
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    mark_lesson_complete(user=officer, lesson=lessons[0])  # a learner part-way through
    cookie = officer_session_cookie(officer)
    targets = [
        ("hello view (baseline)", "/bench/hello/", ""),
        ("lesson page", lessons[min(1, len(lessons) - 1)].url, cookie),
        ("course page", course.url, cookie),
        ("officer dashboard", "/dashboard/", cookie),
    ]
    figures: list[Figure] = []
    log = options.sqlite_path.parent / "gunicorn.log"
    with Gunicorn(workers=options.workers, env=env, log_path=log) as server:
        ready = []
        results = {}
        for name, path, cookie_header in targets:
            # Like a browser, keep the cookies the first response sets (the CSRF cookie).
            status, body, cookies = get_with_cookies(server.port, path, cookie_header)
            if cookie_header:
                cookie_header = with_cookies(cookie_header, cookies)
            if status != 200:
                results[name] = None
                figures.append(
                    Figure("pages", name, None, "req/s", note=f"missing: GET {path} -> {status}")
                )
                continue
            # Warm every worker (imports, caches) before measuring.
            measure(port=server.port, path=path, cookie=cookie_header, seconds=1,
                    connections=options.connections)  # fmt: skip
            ready.append((name, path, cookie_header, len(body)))
        # The machine is shared: the baseline and the pages are measured in turns, ROUNDS
        # times, and each keeps its best round, so a burst of someone else's work cannot land
        # on one of them only.
        for _ in range(HTTP_ROUNDS):
            for name, path, cookie_header, size in ready:
                result = measure(
                    port=server.port,
                    path=path,
                    cookie=cookie_header,
                    seconds=options.seconds / HTTP_ROUNDS,
                    connections=options.connections,
                )
                best = results.get(name)
                if best is None or result.requests_per_second > best.requests_per_second:
                    results[name] = result
                print(
                    f"  {name}: {result.requests_per_second:.0f} req/s, p50 "
                    f"{result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms ({result.tool}, "
                    f"{size} bytes)",
                    flush=True,
                )
    hello = results.get("hello view (baseline)")
    for name, _, _ in targets:
        result = results.get(name)
        if result is None:
            continue
        ratio = result.requests_per_second / hello.requests_per_second if hello else None
        figure = Figure(
            "pages",
            name,
            round(result.requests_per_second, 1),
            "req/s",
            baseline_name="hello view",
            baseline=round(hello.requests_per_second, 1) if hello else None,
            ratio=round(ratio, 3) if ratio is not None else None,
            extra={
                "p50_ms": round(result.p50_ms, 2),
                "p99_ms": round(result.p99_ms, 2),
                "requests": result.requests,
                "errors": result.errors,
                "tool": result.tool,
                "workers": options.workers,
                "connections": options.connections,
                "seconds": options.seconds,
            },
            note="; ".join(result.notes),
        )
        if result.errors:
            figure.note = f"{result.errors} error responses. {figure.note}".strip()
        if name == "lesson page" and ratio is not None:
            figure.goal = ">= 15% of hello"
            figure.met = ratio >= 0.15 and not result.errors
        figures.append(figure)
    return figures


# ---- 2. dashboards against raw SQL ---------------------------------------------------------

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


def _timed_get(client, url: str):
    def call():
        response = client.get(url)
        if response.streaming:
            for _ in response.streaming_content:
                pass
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} -> {response.status_code}")

    return call


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
        call = _timed_get(client, url)
        try:
            call()  # warm: first request imports templates and fills caches
        except RuntimeError as exc:
            figures.append(Figure("dashboards", name, None, "ms", note=f"missing: {exc}"))
            continue
        params = {"agency": agency.pk, "now": now}
        _raw(statements, params)
        view_ms, raw_ms = _alternating_medians(
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


# ---- 3. certificate PDF --------------------------------------------------------------------


def pdf_section(options: Options) -> list[Figure]:
    from django.template.loader import render_to_string
    from django.test import Client
    from django.urls import reverse
    from xhtml2pdf import pisa
    from xhtml2pdf.default import DEFAULT_CSS

    from certificates import pdf as pdf_module
    from certificates.issuing import (
        CERTIFICATE_PDF_TEMPLATE,
        issue_certificate,
        pdf_context_for,
    )
    from lms.models import Completion

    completions = list(
        Completion.objects.filter(course__issues_certificate=True, user__isnull=False)
        .exclude(certificates__isnull=False)
        .select_related("user")
        .order_by("pk")[: options.repetitions]
    )
    if not completions:
        return [Figure("certificate", "first render", None, "ms", note="missing: no completion")]
    first_times, cached_times, certificates = [], [], []
    # One client, as one server worker: its middleware loads once (whitenoise indexes the
    # static files, about 45 ms here), before the first timed request, not in every first one.
    client = Client()
    client.get(reverse("health"))
    for completion in completions:
        certificate = issue_certificate(completion=completion, render=False)
        if certificate is None:
            continue
        certificates.append(certificate)
        client.force_login(completion.user)
        call = _timed_get(
            client, reverse("certificates:download", kwargs={"code": certificate.code})
        )
        first_times.append(_median_ms(call, 1))
        cached_times.append(_median_ms(call, 3))
    if not certificates:
        return [Figure("certificate", "first render", None, "ms", note="missing: no certificate")]
    first_ms = statistics.median(first_times)
    cached_ms = statistics.median(cached_times)

    certificate = certificates[0]
    context = pdf_context_for(certificate=certificate)
    context.setdefault("pdf_font_sans", pdf_module.SANS_FAMILY)
    context.setdefault("pdf_font_serif", pdf_module.SERIF_FAMILY)
    html = render_to_string(CERTIFICATE_PDF_TEMPLATE, context)
    fonts_css = pdf_module.font_choice().css() + "\n" + DEFAULT_CSS

    # The same fonts need the same permission to be read; nothing else of render_pdf is used.
    policy = pdf_module._policy()

    def bare():
        pisa.CreatePDF(
            html, dest=io.BytesIO(), default_css=fonts_css, encoding="utf-8", resource_policy=policy
        )

    bare()
    bare_ms = _median_ms(bare, options.repetitions)
    first_ratio = first_ms / bare_ms
    speedup = first_ms / cached_ms if cached_ms else None
    print(
        f"  certificate: first {first_ms:.0f} ms, bare xhtml2pdf {bare_ms:.0f} ms, "
        f"cached {cached_ms:.1f} ms",
        flush=True,
    )
    return [
        Figure(
            "certificate",
            "first download (render + store + serve)",
            round(first_ms, 1),
            "ms (median)",
            baseline_name="bare xhtml2pdf, same HTML",
            baseline=round(bare_ms, 1),
            ratio=round(first_ratio, 2),
            goal="<= 1.5x bare",
            met=first_ratio <= 1.5,
            extra={"certificates": len(certificates)},
        ),
        Figure(
            "certificate",
            "cached download",
            round(cached_ms, 2),
            "ms (median)",
            baseline_name="first download",
            baseline=round(first_ms, 1),
            ratio=round(cached_ms / first_ms, 4),
            goal=">= 20x faster than first",
            met=speedup is not None and speedup >= 20,
            note=f"{speedup:.0f}x faster" if speedup else "",
        ),
    ]


# ---- 4. CSV export -------------------------------------------------------------------------


class _Sink:
    def write(self, value):
        return len(value)


def _ledger_client():
    from django.test import Client

    from bench.data import ORS_EMAIL
    from lms.models import User

    client = Client()
    client.force_login(User.objects.get(email=ORS_EMAIL))
    return client


def _product_export(client) -> tuple[int, int]:
    """GET the ledger export as ORS, consuming the stream: (data rows, bytes)."""
    from django.urls import reverse

    response = client.get(reverse("lms:ledger_export_csv"))
    if response.status_code != 200:
        raise RuntimeError(f"ledger export -> {response.status_code}")
    size = newlines = 0
    for piece in response.streaming_content:
        size += len(piece)
        newlines += piece.count(b"\n")
    return newlines - 1, size


def _raw_export() -> int:
    """csv.writer over a raw cursor: the same columns, as the database returns them."""
    from django.db import connection

    from lms.ledger_export import LEDGER_COLUMNS, LEDGER_HEADER

    writer = csv.writer(_Sink())
    rows = 0
    columns = ", ".join(column for _, column in LEDGER_COLUMNS)
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM lms_completion ORDER BY id")  # noqa: S608
        writer.writerow(LEDGER_HEADER)
        while chunk := cursor.fetchmany(2000):
            writer.writerows(chunk)
            rows += len(chunk)
    return rows


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _with_peak_rss_growth(func) -> tuple[object, float]:
    """Run func while sampling the resident set every 20 ms: (result, peak growth in MB).

    Sampling RSS costs nothing measurable, unlike tracemalloc, so one pass gives both the
    rate and the memory. Growth is over the RSS just before the pass.
    """
    import threading

    base = _rss_mb()
    peak = [base]
    done = threading.Event()

    def sample():
        while not done.wait(0.02):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = func()
    finally:
        done.set()
        sampler.join()
    peak[0] = max(peak[0], _rss_mb())
    return result, peak[0] - base


def csv_section(options: Options) -> list[Figure]:
    from django.db import transaction

    client = _ledger_client()
    client.get("/health/")  # the client's middleware loads once, as in a running worker
    started = time.perf_counter()
    (rows, size), memory_mb = _with_peak_rss_growth(lambda: _product_export(client))
    product_s = time.perf_counter() - started
    with transaction.atomic():  # PostgreSQL's server-side cursor lives in one transaction
        started = time.perf_counter()
        raw_rows = _raw_export()
        raw_s = time.perf_counter() - started
    if rows != raw_rows:
        raise RuntimeError(f"the export wrote {rows:,} rows, the ledger has {raw_rows:,}")
    product_rate, raw_rate = rows / product_s, raw_rows / raw_s
    ratio = product_rate / raw_rate
    print(
        f"  CSV: {product_rate:,.0f} rows/s vs raw {raw_rate:,.0f} rows/s over {rows:,} rows "
        f"({size / 1e6:,.1f} MB); peak memory growth {memory_mb:.1f} MB",
        flush=True,
    )
    note = (
        "GET /dashboard/statewide/ledger.csv as ORS through the Django test client (middleware, "
        "audit entry, streaming response), every completion; the baseline writes the same "
        "columns as the database returns them."
    )
    return [
        Figure(
            "csv",
            "CSV export of the ledger",
            round(product_rate),
            "rows/s",
            baseline_name="csv.writer over a raw cursor",
            baseline=round(raw_rate),
            ratio=round(ratio, 3),
            goal=">= 50% of raw",
            met=ratio >= 0.5,
            note=note,
            extra={"rows": rows, "bytes": size},
        ),
        Figure(
            "csv",
            "CSV export peak memory growth",
            round(memory_mb, 1),
            "MB (peak RSS growth)",
            goal="< 50 MB",
            met=memory_mb < 50,
            extra={"rows": rows},
        ),
    ]


# ---- output --------------------------------------------------------------------------------


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value < 10:
        return f"{value:.2f}"
    return f"{value:,.0f}" if isinstance(value, int | float) else str(value)


def table(figures: list[Figure]) -> str:
    header = ["section", "figure", "value", "unit", "baseline", "ratio", "goal", "met"]
    lines = [header]
    for f in figures:
        met = "-" if f.met is None else ("yes" if f.met else "NO")
        if f.value is None:
            met = "missing"
        lines.append(
            [
                f.section,
                f.name,
                _fmt(f.value),
                f.unit,
                f"{_fmt(f.baseline)} ({f.baseline_name})" if f.baseline_name else "",
                _fmt(f.ratio),
                f.goal,
                met,
            ]
        )
    widths = [max(len(str(row[i])) for row in lines) for i in range(len(header))]
    out = io.StringIO()
    for number, row in enumerate(lines):
        out.write(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + "\n")
        if number == 0:
            out.write("-+-".join("-" * w for w in widths) + "\n")
    return out.getvalue()


def markdown(report: dict) -> str:
    """The figures as a Markdown table, for docs/performance.md."""
    m = report["machine"]
    lines = [
        f"Measured {report['generated_at']} ({report['scale']} scale) on {m['nproc']} x "
        f"{m['cpu']}, Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, "
        f"{m['database']}; load average at start {m['load_average_at_start']}.",
        "",
        "| figure | value | baseline (same run) | ratio | goal | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for f in report["figures"]:
        if f["value"] is None:
            lines.append(f"| {f['name']} | missing | | | {f['goal']} | {f['note']} |")
            continue
        extra = f["extra"]
        value = f"{_fmt(f['value'])} {f['unit']}"
        if "p50_ms" in extra:
            value += f" (p50 {extra['p50_ms']} ms, p99 {extra['p99_ms']} ms)"
        elif f["note"] and len(f["note"]) <= 60:
            value += f" ({f['note']})"
        baseline = f"{_fmt(f['baseline'])} ({f['baseline_name']})" if f["baseline_name"] else ""
        met = "" if f["met"] is None else ("yes" if f["met"] else "**no**")
        lines.append(
            f"| {f['name']} | {value} | {baseline} | {_fmt(f['ratio'])} | {f['goal']} | {met} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    options, args = _options(argv)
    started = time.perf_counter()
    env = prepare(options)
    import django

    django.setup()
    info = machine()
    print(f"Machine: {info}", flush=True)
    figures: list[Figure] = []
    runners = {
        "http": lambda: http_section(options, env),
        "dashboards": lambda: dashboards_section(options),
        "pdf": lambda: pdf_section(options),
        "csv": lambda: csv_section(options),
    }
    for section in args.sections:
        print(f"Running {section}", flush=True)
        figures.extend(runners[section]())
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": "quick" if options.quick else "full",
        "bench_data": options.data_args,
        "machine": info,
        "seconds": round(time.perf_counter() - started, 1),
        "figures": [asdict(f) for f in figures],
    }
    output.write_text(json.dumps(report, indent=2, default=str))
    output.with_suffix(".md").write_text(markdown(report))
    print()
    print(table(figures))
    print(f"Written to {output} in {report['seconds']} s ({report['scale']} scale).")
    return 0
