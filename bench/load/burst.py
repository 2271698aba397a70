"""`python -m bench.load.burst [--db sqlite|postgres] [--rounds N]`: the roll-call submit burst alone.

The load test (bench.load) spends two minutes signing 300 officers in through the password form
before its burst. This isolates the burst for quick comparisons of code: it signs the submitters
in directly (a session, as bench.sections.pages does), starts their attempts in process, opens each
officer's quiz page once (as they would), then sends every submission twice at the same moment to
gunicorn (4 sync workers). Per round it reports submit p50/p95/max, the server's CPU time per
request (gunicorn workers plus PostgreSQL backends, read from /proc), which is steadier than
latency on a shared machine, that CPU split by part (with Redis's and this load client's own),
and the shares of the machine's CPU left idle and stolen by the host (/proc/stat). To compare
two versions, run it in both checkouts in turns and read the ratio. Writes
var/bench/burst-<db>.json. Linux only (/proc).
"""

from gevent import monkey

monkey.patch_all()  # before anything opens a socket

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

import gevent  # noqa: E402
from geventhttpclient import HTTPClient  # noqa: E402

from bench.load.run import POSTGRES_URL, ROOT, prepare  # noqa: E402

CSRF_SECRET = "B" * 32  # a bare secret is accepted as the form token; bench database only


def _options(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.load.burst", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--submitters", type=int, default=200)
    parser.add_argument("--agencies", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_LOAD_DATABASE_URL", POSTGRES_URL)
    )
    return parser.parse_args(argv)


def _cpu_seconds_by_part(server_pid: int) -> dict[str, float]:
    """CPU time so far of gunicorn (master and workers), PostgreSQL's processes and Redis."""
    tick = os.sysconf("SC_CLK_TCK")
    parts = {"app": 0.0, "database": 0.0, "redis": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read()
        except OSError:
            continue  # ended meanwhile
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if int(pid) == server_pid or int(fields[1]) == server_pid:
            parts["app"] += seconds
        elif command.startswith(b"postgres"):
            parts["database"] += seconds
        elif command.startswith(b"redis-server"):
            parts["redis"] += seconds
    return parts


def _machine_ticks() -> tuple[int, int, int]:
    """(idle + iowait, stolen by the host, all) CPU ticks of the machine so far (/proc/stat)."""
    with open("/proc/stat") as handle:
        ticks = [int(value) for value in handle.readline().split()[1:]]
    return ticks[3] + ticks[4], ticks[7], sum(ticks)


def _jobs(submitters: int) -> tuple[str, list[tuple[str, str, str, str]]]:
    """(quiz URL, [(address, cookie, submit path, form body)]) with fresh attempts."""
    from django.db import connection

    from bench.data import QUIZ_TITLE, officer_email
    from bench.sections.pages import officer_session_cookie
    from courses.quiz import engine
    from courses.quiz.models import QuizAttempt, QuizPage
    from lms.models import User

    quiz = QuizPage.objects.get(title=QUIZ_TITLE)
    users = list(
        User.objects.filter(email__in=[officer_email(n) for n in range(1, submitters + 1)])
    )
    QuizAttempt.objects.filter(user__in=users, quiz=quiz).delete()
    jobs = []
    for number, user in enumerate(users, start=1):
        attempt = engine.start_attempt(user=user, quiz=quiz)
        form = [("csrfmiddlewaretoken", CSRF_SECRET), ("finish", "1")]
        for question in attempt.questions.all():
            form += [("q", str(question.position))]
            form += [(f"answer-{question.position}", question.correct_tokens[0])]
        cookie = f"{officer_session_cookie(user)}; csrftoken={CSRF_SECRET}"
        address = f"10.9.{number // 256}.{number % 256}"
        path = f"/quiz/attempts/{attempt.public_id}/answer/"
        jobs.append((address, cookie, path, urlencode(form)))
    connection.close()
    return quiz.url, jobs


def _round(port: int, server_pid: int, quiz_url: str, jobs) -> dict:
    warm = HTTPClient("127.0.0.1", port, concurrency=1, network_timeout=60)
    for address, cookie, _, _ in jobs:  # the quiz page first, as an officer opens it
        warm.get(quiz_url, headers={"Cookie": cookie, "X-Forwarded-For": address}).read()
    warm.close()
    timings, wrong = [], []

    def submit(address, cookie, path, body, started):
        client = HTTPClient("127.0.0.1", port, concurrency=1, network_timeout=120)
        headers = {
            "Cookie": cookie,
            "X-Forwarded-For": address,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        response = client.post(path, body=body, headers=headers)
        response.read()
        timings.append(time.perf_counter() - started)
        if response.status_code != 302 or "/result/" not in (response.get("location") or ""):
            wrong.append(response.status_code)
        client.close()

    cpu_before = _cpu_seconds_by_part(server_pid)
    client_before = time.process_time()
    idle_before, stolen_before, all_before = _machine_ticks()
    started = time.perf_counter()
    gevent.joinall([gevent.spawn(submit, *job, started) for job in jobs for _ in range(2)])
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - client_before
    cpu_after = _cpu_seconds_by_part(server_pid)
    cpu = {part: cpu_after[part] - cpu_before[part] for part in cpu_after}
    idle_after, stolen_after, all_after = _machine_ticks()
    ticks = max(1, all_after - all_before)
    timings.sort()
    return {
        "submissions": len(timings),
        "wrong_answers": len(wrong),
        "p50_ms": round(timings[len(timings) // 2] * 1000),
        "p95_ms": round(timings[int(len(timings) * 0.95)] * 1000),
        "max_ms": round(timings[-1] * 1000),
        "wall_s": round(wall, 2),
        "server_cpu_ms_per_request": round((cpu["app"] + cpu["database"]) / len(timings) * 1000, 1),
        # Where the machine's CPU went, per request: our code (gunicorn), PostgreSQL, Redis,
        # and this load client itself, which shares the machine.
        "cpu_ms_per_request_by_part": {
            part: round(seconds / len(timings) * 1000, 2)
            for part, seconds in {**cpu, "client": client_cpu}.items()
        },
        # Shares of the machine's CPU time while the burst ran: left unused (the server waiting
        # on locks rather than computing), and taken by the host (a shared virtual machine).
        "machine_idle": round((idle_after - idle_before) / ticks, 2),
        "machine_stolen": round((stolen_after - stolen_before) / ticks, 2),
    }


def main(argv=None) -> int:
    args = _options(argv)
    env = prepare(
        db=args.db,
        database_url=args.database_url,
        officers=args.submitters,
        agencies=args.agencies,
    )
    from bench.serving import Gunicorn

    rounds = []
    log_path = ROOT / "var" / "bench" / f"gunicorn-burst-{args.db}.log"
    with Gunicorn(workers=args.workers, env=env, log_path=log_path) as server:
        for number in range(1, args.rounds + 1):
            quiz_url, jobs = _jobs(args.submitters)
            figures = _round(server.port, server.process.pid, quiz_url, jobs)
            rounds.append(figures)
            print(f"burst ({args.db}) round {number}: {json.dumps(figures)}", flush=True)
    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": args.db,
        "workers": args.workers,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rounds": rounds,
    }
    (ROOT / "var" / "bench" / f"burst-{args.db}.json").write_text(json.dumps(report, indent=2))
    return 1 if any(r["wrong_answers"] for r in rounds) else 0


if __name__ == "__main__":
    raise SystemExit(main())
