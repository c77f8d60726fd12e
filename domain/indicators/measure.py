"""Measuring indicators for a set of orgs and a period: stored values first, else computed on demand.

The period an indicator is measured over (`measured_period`): the asked period when the indicator's own
period is as short or shorter (a monthly rate over a quarter is that quarter's rate); otherwise the
indicator's period that contains the asked one (a yearly indicator asked about 2026Q3 is its 2026 value,
so far). A stored value (a snapshot or a reported value) wins; a COMPUTED indicator without one is computed
with one basis read per computation under the subtree, rolled up for every asked org.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.indicators import rules
from domain.indicators.computations import REGISTRY, Scope, rollup
from domain.indicators.enums import Level, Source
from domain.indicators.models import Indicator, IndicatorModule, IndicatorScenario, IndicatorValue
from domain.indicators.periods import ReportPeriod, of
from domain.orglife.enums import PERIOD_MONTHS, Period
from domain.orgs.models import Organization
from domain.tree import in_subtree

_IN_LIST_MAX = 500  # beyond this many orgs, stored values are read by subtree rather than by an id list


def measured_period(kind: str, asked: ReportPeriod) -> ReportPeriod:
    own = Period(kind)
    if PERIOD_MONTHS[own] <= PERIOD_MONTHS[asked.kind]:
        return asked
    length = PERIOD_MONTHS[own]
    return of(own, asked.last_month - asked.last_month % length)


def applies(indicator: Any, org_type: str) -> bool:
    """An indicator without org types applies to every org."""
    return not indicator.org_types or org_type in indicator.org_types


@dataclass(frozen=True)
class Measure:
    indicator: Any  # an indicator row with module_code and scenario_code
    period: str  # the key of the period it was measured over
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    level: Level | None
    attainment: Decimal
    stored: bool  # read from indicator_value (a snapshot or a report), not computed now
    source: str
    note: str | None = None
    recorded_at: Any = None
    version: int | None = None


async def active_indicators(session: AsyncSession, module: str | None = None) -> list[Any]:
    """Active indicators in catalog order, as Core rows with their module's and scenario's codes and names."""
    query: Any = (
        select(
            Indicator.__table__,  # type: ignore[attr-defined]
            col(IndicatorModule.code).label("module_code"),
            col(IndicatorScenario.code).label("scenario_code"),
        )
        .join(IndicatorModule, col(IndicatorModule.id) == col(Indicator.module_id))
        .join(IndicatorScenario, col(IndicatorScenario.id) == col(Indicator.scenario_id))
        .where(col(Indicator.active).is_(True))
        .order_by(
            col(IndicatorModule.position),
            col(IndicatorModule.code),
            col(IndicatorScenario.position),
            col(IndicatorScenario.code),
            col(Indicator.position),
            col(Indicator.code),
        )
    )
    if module is not None:
        query = query.where(col(IndicatorModule.code) == module)
    return list((await session.execute(query)).all())


async def stored_values(
    session: AsyncSession, orgs: Sequence[Any], under_path: str, keys: set[str]
) -> dict[tuple[int, int, str], Any]:
    """The stored values (Core rows: a thousand ORM objects cost 30 ms here) of these orgs and periods."""
    values = IndicatorValue.__table__.c  # type: ignore[attr-defined]
    query = select(IndicatorValue.__table__).where(values.period.in_(sorted(keys)))  # type: ignore[attr-defined]
    if len(orgs) <= _IN_LIST_MAX:
        query = query.where(values.organization_id.in_([o.id for o in orgs]))
    else:
        query = query.where(in_subtree(values.org_path, under_path))
    return {(v.indicator_id, v.organization_id, v.period): v for v in await session.execute(query)}


async def measure(
    session: AsyncSession,
    *,
    orgs: Sequence[Any],  # Organization rows or objects
    under_path: str,
    indicators: Sequence[Any],
    period: ReportPeriod,
    today: date,
    computed_only: bool = False,
) -> dict[int, list[Measure]]:
    """Each org's measures (applicable indicators only, in catalog order). `computed_only` ignores what is
    stored for COMPUTED indicators (a snapshot recomputes); every org must lie under `under_path`."""
    periods = {i.id: measured_period(i.period, period) for i in indicators}
    stored = await stored_values(session, orgs, under_path, {p.key for p in periods.values()})
    computed: dict[tuple[str, str], dict[str, Any]] = {}
    memo: dict[Any, Any] = {}  # shared by the computations (Scope.memo)
    result: dict[int, list[Measure]] = {}
    paths = [o.path for o in orgs]
    for org in orgs:
        measures: list[Measure] = []
        for indicator in indicators:
            if not applies(indicator, org.type):
                continue
            over = periods[indicator.id]
            found = stored.get((indicator.id, org.id, over.key))
            is_computed = indicator.source == Source.COMPUTED
            if found is not None and not (computed_only and is_computed):
                measures.append(_from_value(indicator, found))
            elif is_computed and indicator.computation in REGISTRY:
                cache = (indicator.computation, over.key)
                if cache not in computed:
                    computed[cache] = await _compute(
                        session, indicator.computation, paths, Scope(under_path, over, today, memo)
                    )
                got = computed[cache][org.path]
                measures.append(_measure(indicator, over.key, got.value, got.numerator, got.denominator, stored=False))
            else:
                measures.append(_measure(indicator, over.key, None, None, None, stored=False))
        result[org.id] = measures
    return result


async def _compute(session: AsyncSession, name: str, paths: Sequence[str], scope: Scope) -> dict[str, Any]:
    computation = REGISTRY[name]
    return rollup(await computation.basis(session, scope), computation.kind, paths)


def _measure(
    indicator: Any,
    key: str,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    *,
    stored: bool,
    **extra: Any,
) -> Measure:
    return Measure(
        indicator=indicator,
        period=key,
        value=value,
        numerator=numerator,
        denominator=denominator,
        level=rules.level_of(indicator.direction, indicator.green, indicator.yellow, value),
        attainment=rules.attainment(indicator.direction, indicator.green, value),
        stored=stored,
        source=extra.pop("source", indicator.source),
        **extra,
    )


def _from_value(indicator: Any, v: Any) -> Measure:
    # The level is recomputed against today's thresholds: a changed catalog re-colours old values alike.
    return _measure(
        indicator,
        v.period,
        v.value,
        v.numerator,
        v.denominator,
        stored=True,
        source=v.source,
        note=v.note,
        recorded_at=v.recorded_at,
        version=v.version,
    )


def scored(measures: Sequence[Measure]) -> list[rules.Scored]:
    return [
        rules.Scored(
            m.indicator.code, m.indicator.weight, m.indicator.direction, m.indicator.green, m.indicator.yellow, m.value
        )
        for m in measures
    ]


def living(org: Any, period: ReportPeriod) -> bool:
    """An org counts for a period when it existed during it."""
    return (org.established_on is None or org.established_on <= period.end) and (
        org.dissolved_on is None or org.dissolved_on > period.start
    )


async def living_children(session: AsyncSession, parent_id: int | None, period: ReportPeriod) -> list[Organization]:
    """The org's direct children that existed during the period, in tree order."""
    found = (await session.execute(select(Organization).where(col(Organization.parent_id) == parent_id))).scalars()
    return sorted((o for o in found if living(o, period)), key=lambda o: o.path)
