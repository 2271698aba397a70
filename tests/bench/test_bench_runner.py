"""The benchmark sections run at a tiny scale and report every figure against its baseline.

Timings are never asserted (they depend on the machine); the shape of the report is.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from bench.measure import Figure, Options
from bench.report import table
from bench.sections.csv_export import csv_section
from bench.sections.dashboards import dashboards_section
from bench.sections.pdf import pdf_section
from bench.serving import _ms

pytestmark = pytest.mark.django_db

OPTIONS = Options(
    quick=True, seconds=1, connections=2, workers=1, repetitions=1, data_args=[],
    sqlite_path=Path("unused.sqlite3"),
)  # fmt: skip


@pytest.fixture
def bench_data(settings):
    settings.ROLLCALL_ENFORCE_MFA = True  # the bench staff have TOTP, as in production
    call_command(
        "bench_data", "--force", "--agencies", "2", "--officers", "8", "--completions", "60",
        "--courses", "2", "--lessons", "1", stdout=io.StringIO(),
    )  # fmt: skip


def test_dashboard_figures_compare_the_views_with_raw_sql(bench_data):
    figures = dashboards_section(OPTIONS)
    assert [f.name for f in figures] == ["supervisor dashboard", "statewide view"]
    for figure in figures:
        assert figure.value > 0 and figure.baseline > 0
        assert figure.ratio == pytest.approx(figure.value / figure.baseline, rel=0.2)
        assert figure.goal == "<= 2x raw SQL" and figure.met is (figure.ratio <= 2.0)


def test_csv_figures_count_every_ledger_row_and_memory(bench_data):
    rate, memory = csv_section(OPTIONS)
    assert rate.extra["rows"] == 60
    assert rate.value > 0 and rate.baseline > 0
    assert memory.unit.startswith("MB") and memory.met is (memory.value < 50)


def test_certificate_figures_time_first_and_cached_downloads(bench_data):
    first, cached = pdf_section(OPTIONS)
    assert first.value > 0 and first.baseline > 0
    assert cached.baseline == first.value


def test_table_shows_missing_figures_instead_of_numbers():
    text = table(
        [
            Figure("pages", "lesson page", 10.0, "req/s", "hello view", 20.0, 0.5, ">= 15%", True),
            Figure("pages", "dashboard", None, "req/s", note="missing: GET /dashboard/ -> 404"),
        ]
    )
    assert "lesson page" in text and "yes" in text
    assert "missing" in text


def test_wrk_latencies_are_read_in_milliseconds():
    assert _ms("850.00us") == pytest.approx(0.85)
    assert _ms("12.5ms") == 12.5
    assert _ms("1.20s") == 1200


def test_an_unknown_section_is_refused_before_any_data_is_prepared(capsys):
    from bench.runner import _options

    with pytest.raises(SystemExit) as refused:
        _options(["--only", "http,pages"])
    assert refused.value.code == 2
    assert "--only takes sections from http, dashboards, pdf, csv, not pages." in (
        capsys.readouterr().err
    )
    _, args = _options(["--only", " dashboards , csv "])
    assert args.sections == ["dashboards", "csv"]
