"""The members section of bench/results.md: the read cases, the Excel figures, and the plans behind them."""

import argparse
import statistics
from collections.abc import Sequence

from bench import report
from bench.measure import Result
from bench.member_cases import NOTHING
from bench.member_excel import ROWS, Transfer
from bench.members import EXPORT_ROWS, MemberSet


def excel_table(transfers: Sequence[Transfer]) -> str:
    lines = [
        "| operation | rows | runs | time p50 s | min–max s | RSS before MB | peak RSS rise MB (max) "
        "| tracemalloc peak MB | floor | floor p50 s | ratio p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for t in transfers:
        seconds = [m.seconds for m in t.runs]
        app, floor = statistics.median(seconds), statistics.median(t.floor)
        lines.append(
            f"| {t.name} | {t.runs[0].rows:,} | {len(t.runs)} | {app:.2f} | {min(seconds):.2f}–{max(seconds):.2f} "
            f"| {statistics.median(m.base_mb for m in t.runs):.0f} | {max(m.peak_mb for m in t.runs):.1f} "
            f"| {t.traced.traced_mb or 0:.1f} | {t.floor_name} | {floor:.3f} | {app / floor:.0f} |"
        )
    return "\n".join(lines)


def goals(results: Sequence[Result]) -> str:
    """The issue's two goals, checked against this run's figures."""

    def p50(values: list[float]) -> float:
        return report.percentile(values, 0.5)

    pages = [r for r in results if r.case.name.startswith("page")]
    ratios = [p50(r.app) / p50(r.floor) for r in pages]
    nothing = next(r for r in results if r.case.query == NOTHING)
    root = results[-1]
    fastest = min(p50(r.floor) for r in pages)
    page_goal = "met" if max(ratios) <= 3 else "missed"
    stats_goal = "met" if report.percentile(root.app, 0.99) < 1 else "missed"
    return f"""Goals of the issue, on this run: **a page within 3 times its SQL floor: {page_goal}** (p50 ratios \
{min(ratios):.1f} to {max(ratios):.1f}); **root-level memberStats under 1 second: {stats_goal}** (p50 \
{p50(root.app) * 1000:.0f} ms, p99 {report.percentile(root.app, 0.99) * 1000:.0f} ms). An authenticated request \
that reads nothing (`{{ __typename }}`: the token, the actor's account and grants in 2 statements, GraphQL \
parsing, validation, execution, JSON) costs p50 {p50(nothing.app) * 1000:.2f} ms over a floor of \
{p50(nothing.floor) * 1000:.2f} ms: that fixed cost alone is {p50(nothing.app) / fastest:.1f} times the fastest \
page's whole floor ({fastest * 1000:.2f} ms)."""


def slowest_page(results: Sequence[Result]) -> Result:
    pages = [r for r in results if r.case.name.startswith("page") and r.plan]
    return max(pages, key=lambda r: report.percentile(r.app, 0.5))


def setup(args: argparse.Namespace, members: MemberSet, results: Sequence[Result]) -> str:
    samples = {r.case.name: len(r.case.samples) for r in results}
    root_stats = results[-1]
    roots = len(root_stats.case.samples)
    return f"""{members.count:,} members over {members.branches:,} branches, made up and loaded with COPY in \
{members.seconds:.0f} s, then VACUUM (ANALYZE) in {members.vacuum_seconds:.0f} s (bench/members.py). Every row \
shares one valid SM4 ciphertext of its ID number and of its phone (the masks differ per row; a reveal or an export \
in clear shows the same two sample values); the unique `id_number_key` is the SHA-256 of the row number; no \
`member_org_history` rows are generated, as no read measured here touches them (the imports write theirs). About \
2 % of the records are closed (LEFT) and 5 % probationary. One branch holds {EXPORT_ROWS:,} members (the export's), \
{len(members.fresh_branches)} are left empty for the imports.

Each read case: a warm-up pass over its samples, then {args.member_iterations} timed requests rotating over them \
({min(samples.values())} to {max(samples.values())} actor/org pairs), except root-level memberStats: \
{len(root_stats.app)} requests over {roots} root secretar{"y" if roots == 1 else "ies"}. The page asks for 11 plain \
fields of 50 members with `filter: {{statuses: [FULL], genders: [FEMALE]}}`, no totalCount."""


def section(
    args: argparse.Namespace,
    members: MemberSet,
    results: Sequence[Result],
    transfers: Sequence[Transfer],
    parse: list[float],
) -> str:
    slow = slowest_page(results)
    stats = [r for r in results if r.case.name.startswith("memberStats") and r.plan]
    plans = [(f"slowest page: {slow.case.name}", slow), *((r.case.name, r) for r in stats[-1:])]
    statements = ";\n".join(sql for sql, _ in slow.recorder.statements)
    plan_text = "\n\n".join(f"### {title}\n\n```\n" + "\n".join(r.plan or []) + "\n```" for title, r in plans)
    return f"""## Members

{setup(args, members, results)}

{goals(results)}

{report.table(results)}

{report.round_trips(results)}

### Import and export of {ROWS:,} rows

{excel_table(transfers)}

openpyxl alone reading the same upload's cells (read-only mode, values only) takes \
{statistics.median(parse):.2f} s of the import's time (median of {len(parse)}).

### Statements of the slowest page ({slow.case.name})

```sql
{statements}
```

## Plans of the member statements (EXPLAIN ANALYZE, BUFFERS; the first sample)

{plan_text}
"""
