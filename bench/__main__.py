"""`python -m bench`: build a fresh database, load the tree, measure, print and record the figures."""

import argparse
import asyncio
import gc
import os
import platform
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx

from api.app import create_app
from bench import center as center_data
from bench import (
    center_report,
    database,
    generate,
    member_excel,
    member_report,
    orglife,
    orglife_report,
    report,
    tasks_report,
)
from bench import members as member_data
from bench import tasks as task_data
from bench.center_cases import CenterCase, CenterHarness, build_center_cases, subtree_sizes
from bench.measure import Case, Result, build_cases
from bench.member_cases import build_member_cases
from bench.orglife_cases import LifeCase, build_orglife_cases
from bench.orglife_measure import LifeHarness, LifeResult
from bench.tasks_cases import TaskCase, TaskHarness, build_task_cases
from domain.accounts.tokens import issue_token
from domain.db import create_engine, session_factory
from domain.settings import Settings
from domain.timeutil import today

RESULTS = Path(__file__).with_name("results.md")
DEFAULT_URL = os.environ.get("ZHDJ_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--orgs", type=int, default=50_000, help="organizations in the tree (default 50000)")
    parser.add_argument("--users", type=int, default=2_000, help="users with grants (default 2000)")
    parser.add_argument("--iterations", type=int, default=500, help="timed requests per case (default 500)")
    parser.add_argument("--samples", type=int, default=100, help="distinct actor/org pairs per case (default 100)")
    parser.add_argument("--members", type=int, default=1_000_000, help="members in the ledger (default 1000000)")
    parser.add_argument("--no-members", action="store_true", help="measure the org tree only, without members")
    parser.add_argument("--member-iterations", type=int, default=200, help="requests per member case (default 200)")
    parser.add_argument("--root-stats-iterations", type=int, default=20, help="root memberStats requests (default 20)")
    parser.add_argument("--excel-runs", type=int, default=3, help="imports and exports of 10,000 rows (default 3)")
    parser.add_argument("--no-orglife", action="store_true", help="skip organization life (meetings, studies)")
    parser.add_argument(
        "--only-orglife",
        action="store_true",
        help="load everything but measure organization life only; replace only its section of results.md",
    )
    parser.add_argument("--orglife-iterations", type=int, default=100, help="requests per org-life case (default 100)")
    parser.add_argument(
        "--orglife-root-iterations", type=int, default=10, help="requests per root-level org-life case (default 10)"
    )
    parser.add_argument("--no-tasks", action="store_true", help="skip party-building tasks (plans, assignments)")
    parser.add_argument(
        "--only-tasks",
        action="store_true",
        help="load everything but measure party-building tasks only; replace only its section of results.md",
    )
    parser.add_argument("--tasks-iterations", type=int, default=100, help="requests per task case (default 100)")
    parser.add_argument("--no-center", action="store_true", help="skip the control center (snapshots, dashboards)")
    parser.add_argument(
        "--only-center",
        action="store_true",
        help="load everything but measure the control center only; replace only its section of results.md",
    )
    parser.add_argument("--center-iterations", type=int, default=50, help="requests per center case (default 50)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help=f"with --only-center: measure the {database.BENCH_DATABASE} database a --keep run left, without reloading",
    )
    parser.add_argument("--keep", action="store_true", help=f"keep the {database.BENCH_DATABASE} database")
    parser.add_argument(
        "--database-url", default=DEFAULT_URL, help="a PostgreSQL server (SQLAlchemy URL) to create the database on"
    )
    return parser.parse_args()


async def measure(
    args: argparse.Namespace,
    url: str,
    data: generate.Dataset,
    member_cases: list[Case],
    life_cases: list[LifeCase],
    *,
    task_cases: list[TaskCase],
    center_cases: list[CenterCase],
) -> tuple[list[Result], list[float], list[Result], list[LifeResult], list[LifeResult], list[LifeResult]]:
    """The org cases, the transport's own cost, the member cases, organization life, tasks, the center."""
    # Tokens outlive any run; the rest are the settings a development server runs with.
    settings = Settings(database_url=url, token_minutes=24 * 60)
    engine = create_engine(url)
    app = create_app(settings, engine=engine, sessions=session_factory(engine))
    gc.collect()  # as the app's lifespan does under uvicorn (httpx's ASGI transport sends no lifespan events)
    gc.freeze()
    cases = [] if only_one(args) else build_cases(data, args.samples)
    everything = [*cases, *member_cases, *life_cases, *task_cases, *center_cases]
    users = {s.user_id for case in everything for s in case.samples}
    tokens = {user_id: issue_token(settings, user_id).token for user_id in users}
    floor = await asyncpg.connect(database.asyncpg_dsn(database.bench_url(args.database_url)))
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
            harness = LifeHarness(client, floor, engine, tokens)
            results, member_results, life_results = [], [], []
            for case in cases:
                print(f"measuring: {case.name}", flush=True)
                results.append(await harness.run(case, args.iterations))
            transport = await harness.transport(args.iterations)
            for case in member_cases:
                print(f"measuring: {case.name}", flush=True)
                member_results.append(await harness.run(case, args.member_iterations))
            for life_case in life_cases:
                print(f"measuring: {life_case.name}", flush=True)
                life_results.append(await harness.run_life(life_case, args.orglife_iterations))
            task_harness, task_results = TaskHarness(client, floor, engine, tokens), []
            for task_case in task_cases:
                print(f"measuring: {task_case.name}", flush=True)
                task_results.append(await task_harness.run_life(task_case, args.tasks_iterations))
            center_harness, center_results = CenterHarness(client, floor, engine, tokens, subtree_sizes(data)), []
            for center_case in center_cases:
                print(f"measuring: {center_case.name}", flush=True)
                center_results.append(await center_harness.run_life(center_case, args.center_iterations))
    finally:
        await floor.close()
        await engine.dispose()
    return results, transport, member_results, life_results, task_results, center_results


def document(args: argparse.Namespace, results: list[Result], transport: list[float], server: str) -> str:
    p50, p99 = (report.percentile(transport, q) * 1000 for q in (0.5, 0.99))
    first_list, first_one = results[1], results[-1]
    load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())  # other work on the machine skews the figures
    load = f"{args.load_at_start} at the start, {load} at the end"
    statements = [
        f"-- {r.case.name}\n" + ";\n".join(sql for sql, _ in r.recorder.statements) for r in (first_list, first_one)
    ]
    return f"""# Benchmark: org tree reads and the member ledger

Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python -m bench`: {args.orgs:,} organizations, {args.users:,} users \
with grants, {args.iterations} timed requests per case over {args.samples} actor/org pairs, after a warm-up pass.
{server}; Python {platform.python_version()}; {os.cpu_count()} CPUs; load average {load}.

Requests go through the real app in-process (httpx ASGITransport; `/healthz` through the same transport takes \
p50 {p50:.2f} ms, p99 {p99:.2f} ms). The floor sends the statements the app sent for the same request, captured \
with a `before_cursor_execute` listener, over one asyncpg connection with its statement cache, no transaction.

{report.table(results)}

What one request sends (the app's round trips count BEGIN/ROLLBACK per session, and a pre-ping of 3 per \
checkout if the engine pings: {"it does" if first_list.recorder.pre_ping else "it does not"}):

{report.round_trips(results)}

## Statements of one request

```sql
{chr(10).join(statements)}
```

## Plans of the list statements (EXPLAIN ANALYZE, BUFFERS)

{report.plans(results)}
"""


async def load(
    args: argparse.Namespace, dsn: str, data: generate.Dataset, started: float
) -> tuple[str, member_data.MemberSet | None, orglife.OrgLifeSet | None, task_data.TaskSet | None]:
    """The tree, the members, organization life (its 支委会 rule counts each branch's members), then tasks
    (a member's parts need the members)."""
    conn = await asyncpg.connect(dsn)
    members, life, tasks = None, None, None
    try:
        await generate.load(conn, data)
        server = str(await conn.fetchval("SELECT version()")).split(" on ")[0]
        elapsed = time.perf_counter() - started
        print(f"tree ready: {len(data.orgs):,} orgs, {len(data.grants):,} grants in {elapsed:.1f} s", flush=True)
        if not args.no_members:
            members = await member_data.load(conn, data, args.members, fresh=2 * args.excel_runs + 1)
            loaded = members.seconds + members.vacuum_seconds
            print(f"members ready: {members.count:,} in {loaded:.1f} s", flush=True)
        if not args.no_orglife:
            life = await orglife.load(conn, data)
            loaded = life.seconds + life.vacuum_seconds
            print(f"organization life ready: {life.meetings:,} meetings in {loaded:.1f} s", flush=True)
        if not args.no_tasks:
            tasks = await task_data.load(conn, data, with_members=members is not None)
            loaded = tasks.seconds + tasks.vacuum_seconds
            print(f"tasks ready: {tasks.assignments:,} assignments in {loaded:.1f} s", flush=True)
    finally:
        await conn.close()
    return server, members, life, tasks


def only_one(args: argparse.Namespace) -> bool:
    return bool(args.only_orglife or args.only_tasks or args.only_center)


async def main() -> None:
    args = parse_args()
    if args.reuse and not args.only_center:
        raise SystemExit("--reuse measures the control center of a kept database: add --only-center")
    args.load_at_start = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    started = time.perf_counter()
    fresh_or_kept = database.reuse if args.reuse else database.recreate
    url = (await fresh_or_kept(args.database_url)).render_as_string(hide_password=False)
    dsn = database.asyncpg_dsn(database.bench_url(args.database_url))
    section, life_section, task_section, center_section = "", "", "", ""
    try:
        data = generate.build(args.orgs, args.users)
        server, members, life, tasks, center = await prepare(args, url, dsn, data, started)
        member_cases, life_cases, task_cases = area_cases(args, data, members, life, tasks)
        center_cases = build_center_cases(data, center, args.samples) if center is not None else []
        results, transport, member_results, life_results, task_results, center_results = await measure(
            args, url, data, member_cases, life_cases, task_cases=task_cases, center_cases=center_cases
        )
        if life_cases and life is not None:
            life_section = orglife_report.section(args, life, life_results, machine(args, server, "organization-life"))
        if task_cases and tasks is not None:
            task_section = tasks_report.section(args, tasks, task_results, machine(args, server, "task"))
        if center_cases and center is not None:
            center_section = center_report.section(args, center, center_results, machine(args, server, "center"))
        if members is not None and not only_one(args):
            transfers, parse = await member_excel.measure(dsn, url, data, members, args.excel_runs)
            section = member_report.section(args, members, member_results, transfers, parse)
    finally:
        if not args.keep and not args.reuse:
            await database.drop(args.database_url)
    write(
        args, (section, life_section, task_section, center_section), lambda: document(args, results, transport, server)
    )
    if section:
        print("\n" + report.table(member_results) + "\n\n" + member_report.excel_table(transfers))
    if life_results:
        print("\n" + orglife_report.goals(life_results) + "\n\n" + orglife_report.table(life_results), flush=True)
    if task_results:
        print("\n" + tasks_report.table(task_results), flush=True)
    if center_results:
        print("\n" + center_report.table(center_results), flush=True)
    if not only_one(args):
        print("\n" + report.table(results) + "\n\n" + report.round_trips(results), flush=True)
    print(f"\nwritten to {RESULTS}")


async def prepare(
    args: argparse.Namespace, url: str, dsn: str, data: generate.Dataset, started: float
) -> tuple[
    str, member_data.MemberSet | None, orglife.OrgLifeSet | None, task_data.TaskSet | None, center_data.CenterSet | None
]:
    """The data of every area (nothing new on a reused database), then the control center's on top."""
    if args.reuse:
        server, members, life, tasks = await database.server_version(dsn), None, None, None
    else:
        server, members, life, tasks = await load(args, dsn, data, started)
    center = None
    if not args.no_center and (args.only_center or not only_one(args)):
        center = await center_data.load(url, today())
    return server, members, life, tasks, center


def write(args: argparse.Namespace, sections: tuple[str, str, str, str], head: Callable[[], str]) -> None:
    """results.md: the whole document, or with --only-*, that area's section replaced in the last one."""
    _, *areas = sections
    if only_one(args):  # the other sections stay as the last full run left them
        text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        headings = (orglife_report.HEADING, tasks_report.HEADING, center_report.HEADING)
        for heading, new in zip(headings, areas, strict=True):
            text = replace_section(text, heading, new) if new else text
    else:
        text = head() + "".join(f"\n{new}" for new in sections if new)
    RESULTS.write_text(text, encoding="utf-8")


def area_cases(
    args: argparse.Namespace,
    data: generate.Dataset,
    members: member_data.MemberSet | None,
    life: orglife.OrgLifeSet | None,
    tasks: task_data.TaskSet | None,
) -> tuple[list[Case], list[LifeCase], list[TaskCase]]:
    """The cases of each loaded area, but only one area's when asked."""
    member_cases: list[Case] = []
    life_cases: list[LifeCase] = []
    task_cases: list[TaskCase] = []
    if members is not None and not only_one(args):
        member_cases = build_member_cases(data, members, args.samples, args.root_stats_iterations)
    if life is not None and (args.only_orglife or not only_one(args)):
        life_cases = build_orglife_cases(data, life, args.samples, args.orglife_root_iterations)
    if tasks is not None and (args.only_tasks or not only_one(args)):
        task_cases = build_task_cases(data, tasks, args.samples)
    return member_cases, life_cases, task_cases


def machine(args: argparse.Namespace, server: str, cases: str) -> str:
    load_now = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())  # other work on the machine skews the figures
    return (
        f"{server}; Python {platform.python_version()}; {os.cpu_count()} CPUs; load average "
        f"{args.load_at_start} at the start of the run, {load_now} after the {cases} cases"
    )


def replace_section(text: str, heading: str, new: str) -> str:
    """`text` with its top-level `heading` section (up to the next `## `) replaced by `new`, or `new` added."""
    marker = f"\n{heading}\n"
    if marker not in text:
        return text.rstrip("\n") + "\n\n" + new
    before, rest = text.split(marker, 1)
    after = rest.split("\n## ", 1)
    tail = "\n## " + after[1] if len(after) == 2 else ""
    return before.rstrip("\n") + "\n\n" + new.rstrip("\n") + "\n" + tail


if __name__ == "__main__":
    asyncio.run(main())
