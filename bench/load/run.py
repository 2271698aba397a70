"""`python -m bench.load --db sqlite|postgres [--quick]`: the roll-call burst of issue 9.

gunicorn with 4 sync workers on loopback, locust headless: 300 officers sign in within two
minutes, then 200 of them (across 20 agencies) submit the bench quiz at the same moment, each
submission sent twice in parallel. Pass: no 5xx, no "database is locked" in the server log,
exactly one attempt per submitting officer (finished and graded), submit p95 under 1.5 s (at
full size; --quick, CI's smoke run, reports the p95 without failing on it).

Writes var/bench/load-<db>.json and exits 1 when a pass condition fails.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/rollcall_h7_load"
SUBMIT_P95_LIMIT_MS = 1500
P95_CHECK = "submit p95 < 1.5 s"


def _options(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--quick", action="store_true", help="60 officers, 40 submitting.")
    parser.add_argument("--officers", type=int)
    parser.add_argument("--submitters", type=int)
    parser.add_argument("--agencies", type=int, default=20)
    parser.add_argument("--login-seconds", type=float, help="Spread of sign-ins (default 120).")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_LOAD_DATABASE_URL", POSTGRES_URL),
        help="PostgreSQL database for --db postgres (created when missing).",
    )
    args = parser.parse_args(argv)
    args.officers = args.officers or (60 if args.quick else 300)
    args.submitters = min(args.submitters or (40 if args.quick else 200), args.officers)
    args.login_seconds = args.login_seconds or (20 if args.quick else 120)
    return args


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _manage(*arguments: str, env: dict) -> None:
    subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, str(ROOT / "manage.py"), *arguments], cwd=ROOT, env=env, check=True
    )


def _locust_stats(prefix: Path) -> dict[str, dict]:
    stats = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = row
    return stats


def _failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def prepare(*, db: str, database_url: str, officers: int, agencies: int) -> dict:
    """Point this process (Django set up) at the load test's database and fill it; returns the
    environment for the server."""
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        _ensure_postgres_database(database_url)
        env["DATABASE_URL"] = database_url
    else:
        env["BENCH_SQLITE_PATH"] = str(out_dir / "load.sqlite3")
    os.environ.update(
        {k: v for k, v in env.items() if k.startswith(("DJANGO_", "BENCH_", "DATABASE_"))}
    )
    if db != "postgres":
        os.environ.pop("DATABASE_URL", None)

    print(f"load: preparing the {db} database", flush=True)
    _manage("migrate", "--noinput", "-v0", env=env)
    _manage("collectstatic", "--noinput", "-v0", env=env)
    _manage(
        "bench_data", "--force", "--agencies", str(agencies), "--officers",
        str(officers), "--completions", "0", "--courses", "1", "--big-agency",
        str(max(1, officers // agencies)), env=env,
    )  # fmt: skip
    import django

    django.setup()
    return env


def main(argv: list[str] | None = None) -> int:
    args = _options(argv)
    out_dir = ROOT / "var" / "bench"
    env = prepare(
        db=args.db,
        database_url=args.database_url,
        officers=args.officers,
        agencies=args.agencies,
    )
    from django.db import connection
    from django.db.models import Q
    from django.utils import timezone

    from bench.data import BENCH_PASSWORD, QUIZ_TITLE, officer_email
    from bench.serving import Gunicorn
    from courses.quiz.models import QuizAttempt, QuizPage
    from lms.models import Membership

    quiz = QuizPage.objects.get(title=QUIZ_TITLE)
    submitter_emails = [officer_email(n) for n in range(1, args.submitters + 1)]
    # Earlier runs leave attempts behind; this run's are those made after the high-water mark
    # or finished during the run (an attempt left open earlier is resumed, not duplicated).
    mark = QuizAttempt.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    run_started_at = timezone.now()
    connection.close()

    prefix = out_dir / f"locust-{args.db}"
    log_path = out_dir / f"gunicorn-load-{args.db}.log"
    load_at_start = os.getloadavg()
    started = time.perf_counter()
    with Gunicorn(workers=args.workers, env=env, log_path=log_path) as server:
        locust_env = {
            **env,
            "LOAD_USERS": str(args.officers),
            "LOAD_SUBMITTERS": str(args.submitters),
            "LOAD_QUIZ_ID": str(quiz.pk),
            "LOAD_QUIZ_URL": quiz.url,
            "LOAD_PASSWORD": BENCH_PASSWORD,
            "LOAD_WAIT_SECONDS": str(args.login_seconds + 180),
        }
        spawn_rate = args.officers / args.login_seconds
        run_time = int(args.login_seconds + 240)
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f", str(ROOT / "bench" / "load" / "locustfile.py"),
            "--headless", "--only-summary",
            "-u", str(args.officers), "-r", f"{spawn_rate:.3f}",
            "--run-time", f"{run_time}s", "--stop-timeout", "30",
            "--host", server.base, "--csv", str(prefix),
            "--exit-code-on-error", "0",
        ]  # fmt: skip
        print(f"load: {' '.join(command[1:])}", flush=True)
        subprocess.run(command, cwd=ROOT, env=locust_env, check=False)  # noqa: S603
    elapsed = time.perf_counter() - started

    stats = _locust_stats(prefix)
    failures = _failures(prefix)
    server_log = log_path.read_text(errors="replace")
    attempts = list(
        QuizAttempt.objects.filter(
            Q(pk__gt=mark) | Q(finished_at__gte=run_started_at), user__email__in=submitter_emails
        ).values_list("user__email", "status")
    )
    per_user: dict[str, list[str]] = {}
    for email, status in attempts:
        per_user.setdefault(email, []).append(status)
    exactly_one = sum(1 for e in submitter_emails if len(per_user.get(e, [])) == 1)
    finished = sum(1 for statuses in per_user.values() if statuses and statuses[0] != "in_progress")
    duplicates = sum(1 for statuses in per_user.values() if len(statuses) > 1)
    agencies = (
        Membership.objects.filter(user__email__in=submitter_emails, status="active")
        .values("agency")
        .distinct()
        .count()
    )
    five_xx = sum(int(f["Occurrences"]) for f in failures if re.search(r"\b5\d\d\b", f["Error"]))
    submit = stats.get("quiz submit", {})
    login = stats.get("login", {})
    submit_p95 = float(submit.get("95%") or 0) if submit.get("95%") not in ("N/A", None) else None
    checks = {
        "no 5xx": five_xx == 0 and "Internal Server Error" not in server_log,
        'no "database is locked"': "database is locked" not in server_log.lower(),
        "exactly one attempt per submission": exactly_one == args.submitters and duplicates == 0,
        "every submission graded": finished == args.submitters,
        P95_CHECK: submit_p95 is not None and submit_p95 < SUBMIT_P95_LIMIT_MS,
        "every login succeeded": int(login.get("Failure Count", 1) or 0) == 0
        and int(login.get("Request Count", 0) or 0) == args.officers,
    }
    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "officers": args.officers,
        "submitters": args.submitters,
        "agencies_of_submitters": agencies,
        "login_window_seconds": args.login_seconds,
        "workers": args.workers,
        "elapsed_seconds": round(elapsed, 1),
        "load_average_at_start": [round(x, 2) for x in load_at_start],
        "nproc": os.cpu_count(),
        "requests": {
            name: {
                key: row.get(key)
                for key in (
                    "Request Count",
                    "Failure Count",
                    "Median Response Time",
                    "95%",
                    "99%",
                    "Max Response Time",
                    "Requests/s",
                )
            }
            for name, row in stats.items()
        },  # fmt: skip
        "failures": failures,
        "attempts": {"exactly_one": exactly_one, "duplicates": duplicates, "finished": finished},
        "checks": checks,
        # The p95 goal is for the full-size burst. At --quick size (CI's smoke run on a shared
        # machine) it is reported but does not decide: a timed assertion there would be flaky.
        "timing_decides": not args.quick,
        "passed": all(ok for name, ok in checks.items() if name != P95_CHECK or not args.quick),
    }
    (out_dir / f"load-{args.db}.json").write_text(json.dumps(report, indent=2))
    print(json.dumps({k: report[k] for k in ("requests", "attempts", "checks")}, indent=2))
    if args.quick and not checks[P95_CHECK]:
        print(
            f"load ({args.db}): submit p95 {submit_p95} ms; at --quick size this is reported only"
        )
    print(f"load ({args.db}): {'PASS' if report['passed'] else 'FAIL'} in {elapsed:.0f} s")
    return 0 if report["passed"] else 1
