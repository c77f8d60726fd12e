"""Percentiles and the markdown that `python -m bench` prints and writes to bench/results.md."""

import math
from collections.abc import Sequence

from bench.measure import Result


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def table(results: Sequence[Result]) -> str:
    lines = [
        "| case | p50 ms | p99 ms | floor p50 | floor p99 | ratio p50 | ratio p99 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        app50, app99 = percentile(r.app, 0.50), percentile(r.app, 0.99)
        floor50, floor99 = percentile(r.floor, 0.50), percentile(r.floor, 0.99)
        lines.append(
            f"| {r.case.name} | {_ms(app50)} | {_ms(app99)} | {_ms(floor50)} | {_ms(floor99)} "
            f"| {app50 / floor50:.1f} | {app99 / floor99:.1f} |"
        )
    return "\n".join(lines)


def round_trips(results: Sequence[Result]) -> str:
    lines = [
        "| case | SQL statements | connection checkouts | transactions | round trips, app | floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rec = r.recorder
        lines.append(
            f"| {r.case.name} | {len(rec.statements)} | {rec.checkouts} | {rec.transactions} "
            f"| {rec.round_trips} | {len(rec.statements)} |"
        )
    return "\n".join(lines)


def plans(results: Sequence[Result]) -> str:
    parts = []
    for r in results:
        if r.plan:
            parts.append(f"### {r.case.name}\n\n```\n" + "\n".join(r.plan) + "\n```")
    return "\n\n".join(parts)
