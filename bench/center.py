"""The control center's data for the benchmark: the default catalog, the snapshots of the three quarters
before the current one over the whole tree (each timed: issue 7's goal is a quarter under 5 minutes), then
one round of the center (domain.indicators.schedule: the closed periods' final snapshots, the open periods'
refresh, the alert scan), timed as the server would run it."""

from dataclasses import dataclass, field
from datetime import date
from time import perf_counter

from domain.db import create_engine, session_factory
from domain.indicators import catalog_service
from domain.indicators.periods import ReportPeriod, of
from domain.indicators.schedule import tick
from domain.indicators.snapshot import SnapshotSummary, snapshot
from domain.orglife.enums import Period


@dataclass
class CenterSet:
    today: date
    period: str  # the open quarter the cases ask about
    snapshots: list[tuple[SnapshotSummary, float]] = field(default_factory=list)  # (run, seconds)
    round_seconds: float = 0.0
    round_snapshots: list[str] = field(default_factory=list)
    alerts: int = 0


def current_quarter(today: date) -> ReportPeriod:
    month = today.year * 12 + today.month - 1
    return of(Period.QUARTER, month - month % 3)


async def load(url: str, today: date) -> CenterSet:
    quarter = current_quarter(today)
    center = CenterSet(today, quarter.key)
    engine = create_engine(url)
    sessions = session_factory(engine)
    try:
        async with sessions() as session, session.begin():
            await catalog_service.load_default_if_empty(session)
        earlier = [quarter.previous()]
        while len(earlier) < 3:
            earlier.append(earlier[-1].previous())
        for period in reversed(earlier):
            started = perf_counter()
            async with sessions() as session, session.begin():
                done = await snapshot(session, period=period.key, today=today)
            center.snapshots.append((done, perf_counter() - started))
            print(
                f"snapshot {period.key}: {done.written + done.updated + done.unchanged:,} values in "
                f"{perf_counter() - started:.1f} s",
                flush=True,
            )
        started = perf_counter()
        async with sessions() as session, session.begin():
            result = await tick(session, today=today)
        center.round_seconds = perf_counter() - started
        center.round_snapshots = [s.period for s in result.snapshots]
        center.alerts = result.scan.found if result.scan is not None else 0
        print(f"center round: {center.round_snapshots}, {center.alerts:,} alerts in {center.round_seconds:.1f} s")
    finally:
        await engine.dispose()
    return center
