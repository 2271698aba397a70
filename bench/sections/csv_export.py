"""4. CSV export of the completion ledger against csv.writer over a raw cursor; memory growth."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

from bench.measure import Figure, Options


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

    from lms.records.ledger_export import LEDGER_COLUMNS, LEDGER_HEADER

    writer = csv.writer(_Sink())
    rows = 0
    # "Recorded, not trained here" is worked out from the method, as the export does.
    computed = {"not_trained_here": "CASE WHEN method = 'manual' THEN 'yes' ELSE '' END"}
    columns = ", ".join(computed.get(column, column) for _, column in LEDGER_COLUMNS)
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
