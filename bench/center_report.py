"""The control center section of bench/results.md: setup, goals, figures, statements and plans."""

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime

from bench import orglife_report
from bench.center import CenterSet
from bench.orglife_measure import LifeResult
from bench.report import percentile

HEADING = "## Control center"
SNAPSHOT_GOAL = 300.0  # issue 7: a full-tree snapshot of a quarter under 5 minutes
GOALS = {"the root": 1.0, "a second-level committee": None, "own branch": 0.1}  # controlCenter p50, seconds


def _goal(result: LifeResult) -> str:
    if result.case.field != "controlCenter":
        return "-"
    goal = next((g for height, g in GOALS.items() if height in result.case.name), None)
    if goal is None:
        return "-"
    verdict = "met" if percentile(result.app, 0.5) < goal else "missed"
    return f"{verdict} (< {goal * 1000:.0f} ms)"


def table(results: Sequence[LifeResult]) -> str:
    lines = orglife_report.table(results, rows="orgs covered").splitlines()
    lines[0] = lines[0].rsplit("|", 2)[0] + "| goal (p50) |"
    return "\n".join(
        [*lines[:2], *(line.rsplit("|", 2)[0] + f"| {_goal(r)} |" for line, r in zip(lines[2:], results, strict=True))]
    )


def snapshots(center: CenterSet) -> str:
    lines = ["| snapshot | orgs | values stored | seconds | goal (< 5 min) |", "|---|---:|---:|---:|---:|"]
    for done, seconds in center.snapshots:
        values = done.written + done.updated + done.unchanged
        verdict = "met" if seconds < SNAPSHOT_GOAL else "missed"
        lines.append(f"| {done.period} | {done.orgs:,} | {values:,} | {seconds:.1f} | {verdict} |")
    return "\n".join(lines)


def section(args: argparse.Namespace, center: CenterSet, results: Sequence[LifeResult], machine: str) -> str:
    statements = "\n\n".join(
        f"-- {r.case.name}\n" + ";\n".join(sql for sql, _ in r.recorder.statements) for r in results
    )
    plans = "\n\n".join(
        f"#### {r.case.name}: {who}\n\n```\n{sql}\n\n" + "\n".join(plan) + "\n```"
        for r in results
        for who, found in (("app", r.plans), ("floor", r.floor_plans))
        for sql, plan in found
    )
    refreshed = ", ".join(center.round_snapshots) or "nothing"
    return f"""{HEADING}

Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python -m bench`. {machine}.

On the data above (organization life's three years of meetings, a year of tasks), as of {center.today}: the \
default catalog, then a snapshot of every computed indicator of each of the three quarters before \
{center.period} over the whole tree, one transaction each (`zhdj indicators snapshot`):

{snapshots(center)}

Then one round of the control center as the server runs it (domain/indicators/schedule.py): its snapshots \
({refreshed}: the closed periods' final ones still due, then the open periods' refresh), the year's task \
tally, and the alert scan of every area ({center.alerts:,} alerts), in {center.round_seconds:.1f} s. \
The cases ask about {center.period}; each: a \
warm-up pass over its samples, then {args.center_iterations} timed requests rotating over them. *replay*: the \
app's statements sent again to asyncpg; *floor*: the least SQL for the same facts (bench/center_cases.py).

{table(results)}

### Statements of one request

```sql
{statements}
```

### Plans (EXPLAIN ANALYZE, BUFFERS; the first sample)

{plans}
"""
