"""The organization-life section of bench/results.md: setup, goals, figures, statements and plans."""

import argparse
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from bench.orglife import FULL_MEMBERS, MISSING, MONTHS, STUDIED, OrgLifeSet
from bench.orglife_cases import ORG, PAGE
from bench.orglife_measure import LifeResult
from bench.report import percentile

HEADING = "## Organization life"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds >= 0.01 else f"{seconds * 1000:.2f}"


def table(
    results: Sequence[LifeResult],
    *,
    rows: str = "orgs concerned",
    last: tuple[str, Callable[[float, float], str]] = ("app / replay p50", lambda app, replay: f"{app / replay:.1f}"),
) -> str:
    """One row per case: p50 and p99 next to the replayed statements and the floor; `last` names the last
    column and computes it from the app's and the replay's p50 (the tasks section shows its goal there)."""
    lines = [
        f"| case | {rows} | statements | requests | p50 ms | p99 ms | replay p50 | floor p50 | floor p99 "
        f"| ratio p50 | ratio p99 | {last[0]} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        app50, app99 = percentile(r.app, 0.5), percentile(r.app, 0.99)
        floor50, floor99, replay50 = percentile(r.floor, 0.5), percentile(r.floor, 0.99), percentile(r.replay, 0.5)
        lines.append(
            f"| {r.case.name} | {r.rows:,} | {len(r.recorder.statements)} | {len(r.app)} | {ms(app50)} "
            f"| {ms(app99)} | {ms(replay50)} | {ms(floor50)} | {ms(floor99)} | {app50 / floor50:.1f} "
            f"| {app99 / floor99:.1f} | {last[1](app50, replay50)} |"
        )
    return "\n".join(lines)


def goals(results: Sequence[LifeResult]) -> str:
    compliance = [r for r in results if r.case.field == "meetingCompliance"]
    root = compliance[0]
    branch = next(r for r in compliance if r.case.name.endswith("own branch"))
    missing = next((r for r in compliance if r.case.name.endswith("onlyMissing")), None)

    def verdict(result: LifeResult, goal: float) -> str:
        p50, p99 = percentile(result.app, 0.5), percentile(result.app, 0.99)
        said = "met" if p99 < goal else "met at p50, not at p99" if p50 < goal else "missed"
        return f"{said}** (p50 {ms(p50)} ms, p99 {ms(p99)} ms)"

    also = f"; the root's `onlyMissing: true` list: p50 {ms(percentile(missing.app, 0.5))} ms" if missing else ""
    return (
        f"Goals of the issue, on this run: **root-level compliance for a quarter under 2 seconds: "
        f"{verdict(root, 2)}{also}; **branch-level under 50 ms: {verdict(branch, 0.05)}."
    )


def setup(args: argparse.Namespace, life: OrgLifeSet, results: Sequence[LifeResult]) -> str:
    year, quarter = life.last_quarter
    first, last = divmod(life.first_month, 12), divmod(life.last_month, 12)
    samples = ", ".join(f"{len(r.case.samples)}" for r in results)
    return f"""{life.meetings:,} meetings over {MONTHS} months ({first[0]}-{first[1] + 1:02d} to \
{last[0]}-{last[1] + 1:02d}: the months before this one), made up and loaded with COPY in {life.seconds:.0f} s, then \
VACUUM (ANALYZE) in {life.vacuum_seconds:.0f} s (bench/orglife.py): every org holds the meetings the regulation \
defaults ask of its type, once per month, quarter or year on a random day of the period, with {MISSING:.0%} dropped \
at random ({life.dropped:,} missing); a branch holds its 支委会 only from {FULL_MEMBERS} full members. Each meeting \
carries plausible due and present counts (the roll of the branch or group, the subtree for a committee's lecture, \
5 to 9 for a committee meeting) but **no attendance rows, agenda items or attachments are generated**: no read \
measured here touches them. {len(life.topics)} study topics (12 from the root, one a quarter, and 2 from each \
second-level committee); {life.studies:,} studies for {life.expected:,} expected (topic, org) pairs \
({STUDIED:.0%} drawn, minus those left without a meeting after the issue date), each tied to one of the org's first \
three meetings on or after the issue date.

Compliance is asked for the last closed quarter, Q{quarter} {year}. Samples per case (in table order): {samples}; \
each case a warm-up pass over its samples, then {args.orglife_iterations} timed requests rotating over them, \
{args.orglife_root_iterations} for the root. Compliance asks what a control-center screen shows: the summary \
of the whole subtree, `totalCount` and the first page of {PAGE} orgs, each `{ORG}`, with `pageInfo`; every org \
of the subtree is still evaluated for the summary. The root's `onlyMissing: true` case lists the orgs with a gap. \
Coverage asks the counts and percent and the first page of {PAGE} of each list: `studied {{ nodes \
{{ organization {{ id name }} heldOn }} }}` and `notStudied {{ nodes {{ id name }} }}`; every expected org \
is still read.

*replay*: the statements the app sent for the sample, sent again straight to asyncpg (the app's SQL time; app \
minus replay is its Python: ORM rows, domain rules, GraphQL, JSON). *floor*: the least SQL that fetches the same \
facts (bench/orglife_cases.py), without the token and grant look-ups the app also makes."""


def _plans(title: str, plans: list[tuple[str, list[str]]]) -> str:
    return "\n\n".join(f"#### {title}\n\n```\n{sql}\n\n" + "\n".join(plan) + "\n```" for sql, plan in plans)


def section(args: argparse.Namespace, life: OrgLifeSet, results: Sequence[LifeResult], machine: str) -> str:
    # onlyMissing sends the same statements as the whole list: shown once.
    roots = [r for r in results if r.case.name.endswith(", the root")]
    statements = "\n\n".join(f"-- {r.case.name}\n" + ";\n".join(sql for sql, _ in r.recorder.statements) for r in roots)
    plans = "\n\n".join(
        _plans(f"{r.case.name}: app", r.plans) + "\n\n" + _plans(f"{r.case.name}: floor", r.floor_plans) for r in roots
    )
    how = (
        "`--only-orglife`: tree and members loaded, their cases not run"
        if args.only_orglife
        else "after the member cases"
    )
    return f"""{HEADING}

Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python -m bench` ({how}). {machine}.

{setup(args, life, results)}

{goals(results)}

{table(results)}

### Statements of the root cases

```sql
{statements}
```

### Plans of the root cases (EXPLAIN ANALYZE, BUFFERS; the first sample)

{plans}
"""
