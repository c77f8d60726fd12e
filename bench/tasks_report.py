"""The party-building tasks section of bench/results.md: setup, goal, figures, statements and plans."""

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime

from bench import orglife_report
from bench.orglife_measure import LifeResult
from bench.tasks import BRANCH_PENDING_EVERY, ROOT_ITEMS, ROOT_PENDING, SUB_ITEMS, TaskSet

HEADING = "## Party-building tasks"
GOAL = 0.1  # issue 6: each under 100 ms p50 on PostgreSQL


def table(results: Sequence[LifeResult]) -> str:
    goal = ("goal (p50 < 100 ms)", lambda app50, _replay: "met" if app50 < GOAL else "missed")
    return orglife_report.table(results, rows="rows concerned", last=goal)


def _plans(title: str, plans: list[tuple[str, list[str]]]) -> str:
    return "\n\n".join(f"#### {title}\n\n```\n{sql}\n\n" + "\n".join(plan) + "\n```" for sql, plan in plans)


def section(args: argparse.Namespace, tasks: TaskSet, results: Sequence[LifeResult], machine: str) -> str:
    statements = "\n\n".join(
        f"-- {r.case.name}\n" + ";\n".join(sql for sql, _ in r.recorder.statements) for r in results
    )
    plans = "\n\n".join(
        _plans(f"{r.case.name}: app", r.plans) + "\n\n" + _plans(f"{r.case.name}: floor", r.floor_plans)
        for r in results
    )
    return f"""{HEADING}

Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python -m bench`. {machine}.

The year {tasks.year} as of {tasks.today} (bench/tasks.py), loaded in {tasks.seconds:.0f} s (COPY for plans and \
items, INSERT ... SELECT for what fans out), then VACUUM (ANALYZE) in {tasks.vacuum_seconds:.0f} s: \
{tasks.plans:,} plans with {tasks.items:,} items (the company plan: {ROOT_ITEMS} items, each for every living \
branch; each second-level committee's: {SUB_ITEMS} items for its branches; {ROOT_PENDING} root plans and every \
{BRANCH_PENDING_EVERY}th branch's plan pending approval, {tasks.pending:,} in all), {tasks.assignments:,} org-level \
assignments in a mix of states by date, {tasks.parts:,} members' parts, {tasks.reports:,} progress reports; item \
tallies recomputed in SQL after loading. Each case: a warm-up pass over its samples, then \
{args.tasks_iterations} timed requests rotating over them. *replay*: the app's statements sent again to asyncpg; \
*floor*: the least SQL for the same facts (bench/tasks_cases.py).

{table(results)}

### Statements of one request

```sql
{statements}
```

### Plans (EXPLAIN ANALYZE, BUFFERS; the first sample)

{plans}
"""
