"""Reading the indicator library: modules > scenarios > indicators in the catalog's order, in three selects.

The library is reference data, the same for every org, so every signed-in user reads it whole."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.indicators.models import Indicator, IndicatorModule, IndicatorScenario


@dataclass
class ScenarioTree:
    row: IndicatorScenario
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class ModuleTree:
    row: IndicatorModule
    scenarios: list[ScenarioTree] = field(default_factory=list)


async def catalog_tree(session: AsyncSession, *, active_only: bool = False) -> list[ModuleTree]:
    modules = (
        await session.execute(
            select(IndicatorModule).order_by(col(IndicatorModule.position), col(IndicatorModule.code))
        )
    ).scalars()
    scenarios = (
        await session.execute(
            select(IndicatorScenario).order_by(col(IndicatorScenario.position), col(IndicatorScenario.code))
        )
    ).scalars()
    query = select(Indicator).order_by(col(Indicator.position), col(Indicator.code))
    if active_only:
        query = query.where(col(Indicator.active))
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in (await session.execute(query)).scalars():
        indicators[indicator.scenario_id].append(indicator)
    by_module: dict[int, list[ScenarioTree]] = defaultdict(list)
    for scenario in scenarios:
        assert scenario.id is not None
        by_module[scenario.module_id].append(ScenarioTree(scenario, indicators[scenario.id]))
    return [ModuleTree(m, by_module[m.id]) for m in modules if m.id is not None]


async def indicators_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Indicator]:
    """These indicators (stopped ones too, as the tree shows them): one statement for a batch."""
    rows = (await session.execute(select(Indicator).where(col(Indicator.id).in_(ids)))).scalars()
    return {row.id: row for row in rows if row.id is not None}
