"""Snapshots: the computed indicator values of a period for every living org of the whole tree, stored so
a period keeps its numbers after the data they came from change (`zhdj indicators snapshot --period
2026Q3`, and the control center's round, domain/indicators/schedule.py).

A snapshot stores the COMPUTED indicators measured over that very period (a yearly one asked about a quarter
is left to its year's snapshot). It runs indicator by indicator: one basis read per computation under each
root, rolled up for every org, compared with what is stored, then written in batches of Core statements:
a million values are a few hundred statements, never a million ORM objects. Rerunning it updates the rows in
place (one row per indicator, org and period); reported values are never touched. Each run is recorded.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.indicators import measure as m
from domain.indicators import rules
from domain.indicators.computations import REGISTRY, Scope, rollup
from domain.indicators.enums import Source
from domain.indicators.models import IndicatorSnapshot, IndicatorValue
from domain.indicators.periods import parse_period
from domain.orgs.models import Organization
from domain.timeutil import utcnow
from domain.tree import in_subtree

VALUES = IndicatorValue.__table__  # type: ignore[attr-defined]
V = VALUES.c
ORGS = Organization.__table__.c  # type: ignore[attr-defined]
_BATCH = 5_000
_CHANGING = ("value", "numerator", "denominator", "level", "org_path")

Progress = Callable[[int, int], None]  # (indicators just done, indicators in all)


@dataclass(frozen=True)
class SnapshotSummary:
    period: str
    orgs: int
    written: int  # rows inserted
    updated: int  # rows that existed and changed
    unchanged: int


async def snapshot(
    session: AsyncSession, *, period: str, today: date, progress: Progress | None = None
) -> SnapshotSummary:
    """Stores every computed value of the period for the whole tree and records the run. Flushes."""
    asked, started = parse_period(period), utcnow()
    indicators = [
        i
        for i in await m.active_indicators(session)
        if i.source == Source.COMPUTED and i.computation in REGISTRY and m.measured_period(i.period, asked) == asked
    ]
    statement = select(ORGS.id, ORGS.path, ORGS.type, ORGS.established_on, ORGS.dissolved_on).order_by(ORGS.path)
    orgs = [o for o in await session.execute(statement) if m.living(o, asked)]
    roots: dict[str, list[Any]] = {}
    for org in orgs:
        roots.setdefault("/" + org.path.split("/", 2)[1] + "/", []).append(org)
    totals = [0, 0, 0]
    memos: dict[str, dict[Any, Any]] = {root_path: {} for root_path in roots}  # Scope.memo, per root
    for indicator in indicators:
        for root_path, under in roots.items():
            applying = [o for o in under if m.applies(indicator, o.type)]
            if applying:
                scope = Scope(root_path, asked, today, memos[root_path])
                found = await _values(session, indicator, applying, scope)
                counts = await _store(session, indicator, asked.key, root_path, found)
                totals = [a + b for a, b in zip(totals, counts, strict=True)]
        if progress is not None:
            progress(1, len(indicators))
    summary = SnapshotSummary(asked.key, len(orgs), *totals)
    session.add(
        IndicatorSnapshot(
            period=asked.key,
            as_of=today,
            started_at=started,
            finished_at=utcnow(),
            orgs=summary.orgs,
            written=summary.written,
            updated=summary.updated,
            unchanged=summary.unchanged,
        )
    )
    await session.flush()
    return summary


async def _values(
    session: AsyncSession, indicator: Any, orgs: Sequence[Any], scope: Scope
) -> dict[int, dict[str, Any]]:
    """Each org's row to store: {org id: {value, numerator, denominator, level, org_path}}."""
    computation = REGISTRY[indicator.computation]
    measured = rollup(await computation.basis(session, scope), computation.kind, [o.path for o in orgs])
    result = {}
    for org in orgs:
        got = measured[org.path]
        level = rules.level_of(indicator.direction, indicator.green, indicator.yellow, got.value)
        result[org.id] = {
            "value": got.value,
            "numerator": got.numerator,
            "denominator": got.denominator,
            "level": None if level is None else str(level),
            "org_path": org.path,
        }
    return result


async def _store(
    session: AsyncSession, indicator: Any, key: str, root_path: str, found: dict[int, dict[str, Any]]
) -> tuple[int, int, int]:
    """Inserts the new rows and updates the changed ones; returns (written, updated, unchanged)."""
    stored = await session.execute(
        select(V.id, V.organization_id, V.source, *(V[c] for c in _CHANGING)).where(
            V.indicator_id == indicator.id, V.period == key, in_subtree(V.org_path, root_path)
        )
    )
    existing = {row.organization_id: row for row in stored}
    added, changed, unchanged = [], [], 0
    now = utcnow()
    for org_id, values in found.items():
        row = existing.get(org_id)
        if row is None:
            added.append(
                {
                    "indicator_id": indicator.id,
                    "organization_id": org_id,
                    "period": key,
                    "source": str(Source.COMPUTED),
                    "recorded_at": now,
                    "version": 1,
                    **values,
                }
            )
        elif row.source != Source.COMPUTED or all(_same(getattr(row, c), values[c]) for c in _CHANGING):
            unchanged += 1  # a reported value is the org's own, never overwritten
        else:
            changed.append({"row_id": row.id, "recorded_at": now, **values})
    for start in range(0, len(added), _BATCH):
        await session.execute(insert(VALUES), added[start : start + _BATCH])
    assignments: dict[str, Any] = {c: bindparam(c) for c in (*_CHANGING, "recorded_at")}
    changed_rows = update(VALUES).where(V.id == bindparam("row_id")).values(version=V.version + 1, **assignments)
    for start in range(0, len(changed), _BATCH):
        await session.execute(changed_rows, changed[start : start + _BATCH])
    return len(added), len(changed), unchanged


def _same(stored: Any, new: Any) -> bool:
    if isinstance(new, Decimal) and stored is not None:
        return Decimal(stored) == new
    return bool(stored == new)
