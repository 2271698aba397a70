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
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.measure import ROOT, SECTIONS, Figure, Options
from bench.report import markdown, table
from bench.sections.csv_export import csv_section
from bench.sections.dashboards import dashboards_section
from bench.sections.pages import http_section
from bench.sections.pdf import pdf_section


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
