"""Who sees and who may acknowledge which alerts of the center, pages and filters, what a page costs, and
the `zhdj alerts scan` command."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from api.demo import seed
from domain.db import create_engine
from domain.indicators.models import AlertAcknowledgement, AlertRecord, AlertScan
from domain.settings import Settings
from domain.timeutil import today
from tests.alert_center_support import (
    ACKNOWLEDGE,
    acknowledge,
    alert_tree,
    center,
    run_scan,
    summary,
)
from tests.conftest import BACKEND, StatementLog, _postgres_database
from tests.fixtures import Api, Builder, gid
from tests.test_cli import zhdj


async def test_a_branch_secretary_sees_only_the_branch_and_the_root_secretary_all(api: Api, build: Builder) -> None:
    at = await alert_tree(api, build)
    book = at.book
    await run_scan(build, at.day)
    everything = await center(api, book.token(book.org_admin), book.root)
    root_view = await center(api, book.token(at.tree.root_secretary), book.root)
    assert root_view == everything and root_view["totalCount"] > 0
    mine = await center(api, book.token(book.secretary), book.root)
    assert {n["organization"]["name"] for n in mine["nodes"]} <= {"第一党支部", "第一党小组"}
    expected = [n for n in everything["nodes"] if n["organization"]["name"] in {"第一党支部", "第一党小组"}]
    assert mine["nodes"] == expected and mine["totalCount"] == len(expected)
    assert (await summary(api, book.token(book.secretary), book.root))["total"] == len(expected)
    assert (await center(api, book.token(book.outsider), book.root))["nodes"] == []
    assert (await summary(api, book.token(book.member_user), book.root))["total"] == 0  # members see no alerts


async def test_filters_and_pages(api: Api, build: Builder) -> None:
    at = await alert_tree(api, build)
    book = at.book
    await run_scan(build, at.day)
    token = book.token(book.org_admin)
    everything = (await center(api, token, book.root))["nodes"]
    only = await center(api, token, book.root, org=gid("Organization", book.branch2.id), level="RED")
    assert only["nodes"] == [n for n in everything if n["organization"]["name"] == "第二党支部" and n["level"] == "RED"]
    walked: list[Any] = []
    after = None
    while True:
        page = await center(api, token, book.root, first=3, after=after)
        walked += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert walked == everything
    body = await api.post(
        "query($u: ID!) { alerts(under: $u, kind: NO_SUCH) { totalCount } }",
        {"u": gid("Organization", book.root.id)},
        token,
    )
    assert body["errors"] and body["data"] is None  # AlertKind has no such value


async def test_acknowledge_refusals_write_nothing(api: Api, build: Builder) -> None:
    at = await alert_tree(api, build)
    book = at.book
    await run_scan(build, at.day)
    red = (await center(api, book.token(book.org_admin), book.root, kind="INDICATOR_RED"))["nodes"][0]
    trail = len(await build.audit_records())
    cases = [
        (book.secretary, red["id"], "整改", None, "UNKNOWN_ALERT", ["alertId"]),  # 第二党支部 is not theirs
        (book.auditor, red["id"], "整改", None, "FORBIDDEN", None),  # reads, never acknowledges
        (book.org_admin, gid("CenterAlert", 10**9), "整改", None, "UNKNOWN_ALERT", ["alertId"]),
        (book.org_admin, gid("Organization", book.root.id), "整改", None, "INVALID_ID", ["alertId"]),
        (book.org_admin, red["id"], "  ", None, "INVALID_TEXT", ["note"]),
        (book.org_admin, red["id"], "整改", "2000-01-01", "INVALID_INPUT", ["plannedFixOn"]),
    ]
    for user, alert_id, note, planned, code, field in cases:
        payload = await acknowledge(api, book.token(user), alert_id, note, planned)
        assert payload["alert"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], (code, payload)
    assert await build.count(AlertAcknowledgement) == 0
    records = (await build.audit_records())[trail:]
    assert [(r.operation, r.result) for r in records] == [("acknowledgeAlert", code) for *_, code, _ in cases]
    body = await api.post(ACKNOWLEDGE, {"input": {"alertId": red["id"], "note": "x"}})
    assert body["errors"] and body["data"] is None  # not signed in


PAGE = """query($under: ID!, $first: Int) { alerts(under: $under, first: $first) {
  totalCount nodes { level kind title dueOn organization { name } latestAcknowledgement { note } } } }"""


async def test_a_page_costs_a_fixed_number_of_statements(api: Api, build: Builder, statements: StatementLog) -> None:
    at = await alert_tree(api, build)
    book = at.book
    await run_scan(build, at.day)
    token = book.token(book.org_admin)
    variables = {"under": gid("Organization", book.root.id)}
    counts = []
    for first in (2, 50):
        statements.clear()
        page = (await api.data(PAGE, {**variables, "first": first}, token))["alerts"]
        assert len(page["nodes"]) == min(first, page["totalCount"]) and page["totalCount"] > 2
        counts.append(statements.count)
    # Sign-in (user, grants), the subtree's path, the page, its count, organizations, acknowledgements.
    assert counts == [7, 7], statements.statements


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database of the run's backend, for the command run as a real process."""
    if BACKEND == "postgresql":
        async with _postgres_database() as url:
            yield url
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"


async def test_the_center_commands_on_the_demo_data(database: str) -> None:
    assert (await asyncio.to_thread(zhdj, database, "migrate")).returncode == 0
    assert await seed(Settings(database_url=database)) is True
    first = await asyncio.to_thread(zhdj, database, "alerts", "scan")
    assert first.returncode == 0, first.stderr
    assert "预警扫描完成" in first.stdout and "发展党员" in first.stdout and "消除 0" in first.stdout
    again = await asyncio.to_thread(zhdj, database, "alerts", "scan")
    assert again.returncode == 0, again.stderr
    assert "新增 0，更新 0，消除 0" in again.stdout
    # The demo ran the center's round once: the rounds now refresh the open year and never retake the closed.
    rounds = [await asyncio.to_thread(zhdj, database, "center", "tick") for _ in range(2)]
    assert [r.returncode for r in rounds] == [0, 0], rounds[0].stderr
    assert all(f"期间 {today().year}，" in r.stdout and f"期间 {today().year - 1}，" not in r.stdout for r in rounds)
    # A snapshot rerun by hand finds the round's values unchanged; a malformed period is refused.
    last_year = str(today().year - 1)
    again_by_hand = await asyncio.to_thread(zhdj, database, "indicators", "snapshot", "--period", last_year)
    assert again_by_hand.returncode == 0, again_by_hand.stderr
    assert f"期间 {last_year}" in again_by_hand.stdout and "新写入 0 条，更新 0 条" in again_by_hand.stdout
    bad = await asyncio.to_thread(zhdj, database, "indicators", "snapshot", "--period", "2026Q5")
    assert bad.returncode != 0 and "INVALID_PERIOD" in bad.stderr
    assert all("预警扫描完成" in r.stdout for r in rounds)
    engine = create_engine(database)
    try:
        async with engine.connect() as connection:
            records: Any = AlertRecord.__table__  # type: ignore[attr-defined]
            scanned: Any = AlertScan.__table__  # type: ignore[attr-defined]
            stored = await connection.scalar(select(func.count()).select_from(records))
            scans = (await connection.execute(select(scanned.c.alerts).order_by(scanned.c.id))).scalars().all()
    finally:
        await engine.dispose()
    # The demo scans once itself; the commands and the rounds then find the same alerts.
    assert stored and scans == [stored] * 5
