"""Comparisons for charts: one indicator across an org's direct children, one indicator across periods, and
how the values of a whole subtree spread over the traffic lights."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain.charts import Point, series
from domain.errors import CommonError, DomainError
from domain.indicators import measure as m
from domain.indicators.enums import Level
from domain.indicators.errors import IndicatorError
from domain.indicators.periods import parse_period
from domain.indicators.values import visible_org
from domain.orgs.models import Organization
from domain.tree import in_subtree

TREND_MAX = 24
NO_VALUE = "NONE"
LEVEL_NAMES = {
    Level.GREEN: "绿灯（达标）",
    Level.YELLOW: "黄灯（预警）",
    Level.RED: "红灯（未达标）",
    NO_VALUE: "暂无数值",
}


@dataclass(frozen=True)
class Compared:
    key: str  # an org's id or a period's key
    label: str  # the org's name or the period's key
    measure: m.Measure


async def indicator(session: AsyncSession, code: str) -> Any:
    found = [i for i in await m.active_indicators(session) if i.code == code]
    if not found:
        raise DomainError(IndicatorError.UNKNOWN_INDICATOR, f"指标“{code}”不存在或已停用", field=["code"])
    return found[0]


async def comparison(
    session: AsyncSession, *, actor: Actor, org_id: int, code: str, period: str, today: date
) -> list[Compared]:
    """The indicator for each living direct child it applies to, in tree order (the org's own value is its
    indicatorValues)."""
    asked = parse_period(period)
    org = await visible_org(session, actor, org_id)
    wanted = await indicator(session, code)
    children = [o for o in await m.living_children(session, org.id, asked) if m.applies(wanted, o.type)]
    measured = await m.measure(
        session, orgs=children, under_path=org.path, indicators=[wanted], period=asked, today=today
    )
    return [Compared(str(c.id), c.name, measured[c.id][0]) for c in children]  # type: ignore[index]


async def trend(
    session: AsyncSession, *, actor: Actor, org_id: int, code: str, periods: Sequence[str], today: date
) -> list[Compared]:
    """The indicator for the org over the periods asked, in their order; each keyed by the period it was
    measured over (a yearly indicator asked about 2026Q3 is its 2026 value)."""
    if not 1 <= len(periods) <= TREND_MAX:
        raise DomainError(CommonError.INVALID_INPUT, f"期间须有 1 到 {TREND_MAX} 个", field=["periods"])
    asked = [parse_period(p, field=("periods", str(i))) for i, p in enumerate(periods)]
    org = await visible_org(session, actor, org_id)
    wanted = await indicator(session, code)
    if not m.applies(wanted, org.type):
        raise DomainError(IndicatorError.INDICATOR_NOT_APPLICABLE, "该指标不适用于此类组织", field=["organizationId"])
    result = []
    for each in asked:
        measured = await m.measure(
            session, orgs=[org], under_path=org.path, indicators=[wanted], period=each, today=today
        )
        found = measured[org.id][0]  # type: ignore[index]
        result.append(Compared(found.period, found.period, found))
    return result


async def level_distribution(
    session: AsyncSession, *, actor: Actor, org_id: int, period: str, module: str | None, today: date
) -> list[Point]:
    """Every (living org, applicable indicator) pair of the subtree, counted by level: GREEN, YELLOW, RED, NONE."""
    asked = parse_period(period)
    org = await visible_org(session, actor, org_id)
    orgs = [
        o
        for o in (await session.execute(select(Organization).where(in_subtree(col(Organization.path), org.path))))
        .scalars()
        .all()
        if m.living(o, asked)
    ]
    indicators = await m.active_indicators(session, module)
    measured = await m.measure(
        session, orgs=orgs, under_path=org.path, indicators=indicators, period=asked, today=today
    )
    counts: dict[str, int] = dict.fromkeys(LEVEL_NAMES, 0)
    for measures in measured.values():
        for each in measures:
            counts[each.level or NO_VALUE] += 1
    return series([(key, label, counts[key]) for key, label in LEVEL_NAMES.items()])
