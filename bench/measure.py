"""What every benchmark section shares: the figure it reports, the run's options, timing."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
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


def median_ms(func, repetitions: int) -> float:
    times = []
    for _ in range(repetitions):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def alternating_medians(subject, baseline, repetitions: int) -> tuple[float, float]:
    """Median ms of each, timed in turns: on a shared machine, load that comes and goes then
    falls on both alike instead of on whichever ran second."""
    subject_times, baseline_times = [], []
    for _ in range(repetitions):
        subject_times.append(median_ms(subject, 1))
        baseline_times.append(median_ms(baseline, 1))
    return statistics.median(subject_times), statistics.median(baseline_times)


def timed_get(client, url: str):
    def call():
        response = client.get(url)
        if response.streaming:
            for _ in response.streaming_content:
                pass
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} -> {response.status_code}")

    return call
