"""Indicators for the value and evaluation tests, written directly as rows (the catalog's own tests go
through its loader): one module, one scenario, and whatever indicators a test needs."""

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from domain.indicators.models import Indicator, IndicatorModule, IndicatorScenario, IndicatorValue
from tests.fixtures import Builder

VALUE_FIELDS = """
  indicatorCode indicatorName moduleCode scenarioCode unit direction source weight green yellow period value
  numerator denominator level attainment stored note version
"""
REPORT = f"""mutation($input: ReportIndicatorValueInput!) {{
  reportIndicatorValue(input: $input) {{ value {{ {VALUE_FIELDS} }} errors {{ field message code }} }}
}}"""


async def indicator(build: Builder, code: str, **fields: Any) -> Indicator:
    """An active indicator in module ORG (组织建设) > scenario BASE; REPORTED, HIGHER, PERCENT, quarterly,
    green 90, yellow 80, weight 1 unless told otherwise."""
    async with build.sessions() as session, session.begin():
        module = (await session.execute(select(IndicatorModule).where(col(IndicatorModule.code) == "ORG"))).scalar()
        if module is None:
            module = IndicatorModule(code="ORG", name="组织建设")
            session.add(module)
            await session.flush()
            assert module.id is not None
            session.add(IndicatorScenario(code="BASE", module_id=module.id, name="基础工作"))
            await session.flush()
        scenario = (
            await session.execute(select(IndicatorScenario).where(col(IndicatorScenario.code) == "BASE"))
        ).scalar_one()
        values: dict[str, Any] = {
            "name": code,
            "unit": "PERCENT",
            "direction": "HIGHER",
            "source": "REPORTED",
            "period": "QUARTER",
            "org_types": [],
            "green": Decimal(90),
            "yellow": Decimal(80),
            "weight": Decimal(1),
        }
        values.update(fields)
        assert module.id is not None and scenario.id is not None
        row = Indicator(code=code, module_id=module.id, scenario_id=scenario.id, **values)
        session.add(row)
        await session.flush()
        return row


async def value_rows(build: Builder) -> list[tuple[Any, ...]]:
    async with build.sessions() as session:
        rows = await session.execute(select(IndicatorValue.__table__).order_by(col(IndicatorValue.id)))  # type: ignore[attr-defined]
        return [tuple(r) for r in rows]
