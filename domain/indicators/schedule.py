"""The control center's own round (the server runs it on a schedule; `zhdj center tick` runs it by hand):
1. the final snapshot of each period that has just closed, once: the first run taken after its end;
2. a refresh of the open periods' values (this month, quarter and year), which measure.py reads like any
   stored value, so a whole tree's control center reads a million values instead of computing them, and
   of this year's task tally (domain/tasks/year_tally.py) for its progress chart;
3. the scan of every area's alerts (after the snapshots, so this round's red indicators are in it).
Only periods some computed indicator is measured over are snapshotted. So the center's values and alerts
are as fresh as the last round (it shows when that was) and never wait for someone to remember a command.

With several server processes on PostgreSQL, one takes the round and the others skip it (an advisory lock
held for the transaction).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import exists, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.indicators import measure as m
from domain.indicators.alert_scan import ScanResult, scan
from domain.indicators.enums import Source
from domain.indicators.models import IndicatorSnapshot
from domain.indicators.periods import ReportPeriod, of
from domain.indicators.snapshot import SnapshotSummary, snapshot
from domain.orglife.enums import PERIOD_MONTHS, Period
from domain.tasks import year_tally

_LOCK = 7_202_611  # the advisory lock's key: any number no other part of zhdj uses


@dataclass(frozen=True)
class TickResult:
    snapshots: list[SnapshotSummary]
    scan: ScanResult | None  # None: another process holds the round


def latest_closed(today: date) -> list[ReportPeriod]:
    """The last month, quarter and year that ended before today."""
    return [current.previous() for current in open_periods(today)]


def open_periods(today: date) -> list[ReportPeriod]:
    """This month, quarter and year."""
    month = today.year * 12 + today.month - 1
    return [of(kind, month - month % PERIOD_MONTHS[kind]) for kind in (Period.MONTH, Period.QUARTER, Period.YEAR)]


async def due_snapshots(session: AsyncSession, today: date) -> list[ReportPeriod]:
    """The closed periods without a final snapshot, then the open ones, of the kinds computed indicators are
    measured over."""
    computed = [i for i in await m.active_indicators(session) if i.source == Source.COMPUTED]
    due = []
    for period in latest_closed(today):
        final = exists().where(col(IndicatorSnapshot.period) == period.key, col(IndicatorSnapshot.as_of) > period.end)
        if _measured(computed, period) and not await session.scalar(select(final)):
            due.append(period)
    return due + [p for p in open_periods(today) if _measured(computed, p)]


def _measured(indicators: Sequence[Any], period: ReportPeriod) -> bool:
    return any(m.measured_period(i.period, period) == period for i in indicators)


async def tick(session: AsyncSession, *, today: date) -> TickResult:
    """One round in the caller's transaction. Flushes; the caller commits."""
    on_postgres = session.get_bind().dialect.name == "postgresql"
    if on_postgres and not await session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _LOCK}):
        return TickResult([], None)
    snapshots = [await snapshot(session, period=p.key, today=today) for p in await due_snapshots(session, today)]
    await year_tally.refresh(session, year=today.year, today=today)
    return TickResult(snapshots, await scan(session, today=today))
