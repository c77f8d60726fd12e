"""An org's indicator values for a period (evaluated on demand), and the snapshot that stores them.

A snapshot (`zhdj indicators snapshot --period 2026Q3`) writes the COMPUTED indicators measured over that
very period for every living org of the whole tree, so a closed period keeps its numbers after the data
they came from changes. Indicators with a longer period (a yearly one in a quarter) are left to their own
period's snapshot, so a partial year never freezes. Rerunning it updates the rows in place (one row per
indicator, org and period), and reported values are never touched.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.guard import require_visible
from authz.roles import Resource
from domain.errors import not_found
from domain.indicators import measure as m
from domain.indicators.enums import Source
from domain.indicators.models import IndicatorValue
from domain.indicators.periods import parse_period
from domain.orgs.models import Organization
from domain.timeutil import utcnow

ORG_FIELD = "organizationId"


async def visible_org(session: AsyncSession, actor: Actor, org_id: int, field: str = ORG_FIELD) -> Organization:
    org = await session.get(Organization, org_id)
    if org is None:
        raise not_found("组织", field=[field])
    require_visible(actor, org.path, Resource.INDICATOR, "组织", field=field)
    return org


async def evaluate(
    session: AsyncSession, *, actor: Actor, org_id: int, period: str, module: str | None = None, today: date
) -> list[m.Measure]:
    """Every active indicator that applies to the org, measured for the period, in catalog order."""
    asked = parse_period(period)
    org = await visible_org(session, actor, org_id)
    indicators = await m.active_indicators(session, module)
    found = await m.measure(session, orgs=[org], under_path=org.path, indicators=indicators, period=asked, today=today)
    return found[org.id]  # type: ignore[index]


@dataclass(frozen=True)
class SnapshotSummary:
    period: str
    orgs: int
    written: int  # rows inserted
    updated: int  # rows that existed and changed
    unchanged: int


Progress = Callable[[int, int], None]  # (orgs just done, orgs in all)


async def snapshot(
    session: AsyncSession, *, period: str, today: date, progress: Progress | None = None
) -> SnapshotSummary:
    """Stores every computed value of the period for the whole tree, one root's subtree at a time."""
    asked = parse_period(period)
    indicators = [
        i
        for i in await m.active_indicators(session)
        if i.source == Source.COMPUTED and m.measured_period(i.period, asked) == asked
    ]
    everyone = [o for o in (await session.execute(select(Organization))).scalars().all() if m.living(o, asked)]
    by_root: dict[str, list[Organization]] = {}
    for org in sorted(everyone, key=lambda o: o.path):
        by_root.setdefault(org.path.split("/", 2)[1], []).append(org)
    totals = [0, 0, 0, 0]
    for orgs in by_root.values():
        root_path = "/" + orgs[0].path.split("/", 2)[1] + "/"
        measured = await m.measure(
            session,
            orgs=orgs,
            under_path=root_path,
            indicators=indicators,
            period=asked,
            today=today,
            computed_only=True,
        )
        existing = await m.stored_values(session, orgs, root_path, {asked.key})
        for org in orgs:
            for got in measured[org.id]:  # type: ignore[index]
                _upsert(session, existing, org, got, totals)
            totals[0] += 1
            if progress is not None:
                progress(1, len(everyone))
    await session.flush()
    return SnapshotSummary(asked.key, totals[0], totals[1], totals[2], totals[3])


def _upsert(
    session: AsyncSession, existing: dict[Any, IndicatorValue], org: Any, got: m.Measure, totals: list[int]
) -> None:
    row = existing.get((got.indicator.id, org.id, got.period))
    numbers = (got.value, got.numerator, got.denominator, got.level)
    if row is None:
        session.add(
            IndicatorValue(
                indicator_id=got.indicator.id,
                organization_id=org.id,
                org_path=org.path,
                period=got.period,
                value=got.value,
                numerator=got.numerator,
                denominator=got.denominator,
                level=got.level,
                source=Source.COMPUTED,
            )
        )
        totals[1] += 1
    elif (row.value, row.numerator, row.denominator, row.level) != numbers or row.org_path != org.path:
        row.value, row.numerator, row.denominator, row.level = numbers
        row.org_path, row.recorded_at, row.version = org.path, utcnow(), row.version + 1
        totals[2] += 1
    else:
        totals[3] += 1
