"""The run's figures as a table (printed) and as Markdown (var/bench/latest.md)."""

from __future__ import annotations

import io

from bench.measure import Figure


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
