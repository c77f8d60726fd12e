"""The control center's round (domain.indicators.schedule): closed periods snapshotted once, then the scan;
one process at a time on PostgreSQL. `zhdj center tick` is tested with `zhdj alerts scan`
(test_alert_center_access), the server's own round with `zhdj serve` (test_cli)."""

from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from domain.indicators import catalog_service
from domain.indicators.models import IndicatorValue
from domain.indicators.schedule import latest_closed, open_periods, tick
from tests.conftest import BACKEND
from tests.fixtures import Builder
from tests.members_support import ledger

DAY = date(2026, 11, 29)


def test_the_latest_closed_periods() -> None:
    assert [p.key for p in latest_closed(DAY)] == ["2026-10", "2026Q3", "2025"]
    assert [p.key for p in latest_closed(date(2026, 1, 1))] == ["2025-12", "2025Q4", "2025"]
    assert [p.key for p in latest_closed(date(2026, 3, 31))] == ["2026-02", "2025Q4", "2025"]
    assert [p.key for p in open_periods(DAY)] == ["2026-11", "2026Q4", "2026"]


async def stored_periods(build: Builder) -> dict[str, int]:
    async with build.sessions() as session:
        rows = await session.execute(
            select(col(IndicatorValue.period), func.count())
            .where(col(IndicatorValue.source) == "COMPUTED")
            .group_by(col(IndicatorValue.period))
        )
        return {period: int(n) for period, n in rows}


async def test_a_round_snapshots_the_closed_periods_once_then_scans(build: Builder) -> None:
    book = await ledger(build)
    async with build.sessions() as session, session.begin():
        await catalog_service.load_default_if_empty(session)
        first = await tick(session, today=DAY)
    # The default catalog has quarterly and yearly computed indicators, none monthly: the closed quarter and
    # year get their final snapshot, the open ones a refresh.
    assert [s.period for s in first.snapshots] == ["2026Q3", "2025", "2026Q4", "2026"]
    assert first.scan is not None
    stored = await stored_periods(build)
    assert set(stored) == {"2026Q3", "2025", "2026Q4", "2026"} and stored["2026Q3"] > 0
    async with build.sessions() as session, session.begin():
        again = await tick(session, today=DAY)
    assert [s.period for s in again.snapshots] == ["2026Q4", "2026"]  # the closed ones are final
    assert again.scan is not None and again.scan.scan_id > first.scan.scan_id
    assert await stored_periods(build) == stored
    # Once 2026Q4 has ended, its first round takes its final snapshot, once.
    async with build.sessions() as session, session.begin():
        later = await tick(session, today=date(2027, 1, 2))
    assert [s.period for s in later.snapshots] == ["2026Q4", "2026", "2027Q1", "2027"]
    assert book.root.id is not None


@pytest.mark.skipif(BACKEND != "postgresql", reason="the advisory lock is PostgreSQL's")
async def test_one_process_takes_the_round(build: Builder, engine: AsyncEngine) -> None:
    async with engine.connect() as other, other.begin():
        assert await other.scalar(text("SELECT pg_try_advisory_xact_lock(7202611)"))
        async with build.sessions() as session, session.begin():
            skipped = await tick(session, today=DAY)
    assert skipped.scan is None and skipped.snapshots == []
    async with build.sessions() as session, session.begin():
        assert (await tick(session, today=DAY)).scan is not None  # the lock went with the other's transaction
