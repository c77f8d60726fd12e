"""Writing the indicator library: a whole catalog merged by code in one transaction (`zhdj catalog load`,
and the default catalog on an empty library), and one indicator created or changed by ADMIN (upsertIndicator).

Indicators are never deleted: values refer to them. A catalog loaded with `replace` deactivates the ones it
no longer lists; modules and scenarios it no longer lists stay, since indicators still point at them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain import audit
from domain.errors import forbidden, not_found, stale_version
from domain.indicators.catalog import Catalog, IndicatorSpec, Problems
from domain.indicators.catalog_checks import indicator_spec
from domain.indicators.catalog_files import DEFAULT_CATALOG, parse_file
from domain.indicators.errors import IndicatorError
from domain.indicators.models import Indicator, IndicatorModule, IndicatorScenario
from domain.timeutil import utcnow

Progress = Callable[[int], None]


@dataclass
class LoadSummary:
    modules_added: int = 0
    modules_changed: int = 0
    scenarios_added: int = 0
    scenarios_changed: int = 0
    indicators_added: int = 0
    indicators_changed: int = 0
    indicators_unchanged: int = 0
    indicators_deactivated: int = 0


def _authorize(actor: Actor | None) -> None:
    # None is the operator at the server's console (the CLI, migrate, demo): they own the database anyway.
    if actor is not None and not AUTHORIZER.is_global(actor, Resource.INDICATOR_CATALOG, Action.WRITE):
        raise forbidden("只有系统管理员可以修改指标库")


async def load_catalog(
    session: AsyncSession,
    *,
    actor: Actor | None,
    catalog: Catalog,
    replace: bool = False,
    progress: Progress | None = None,
) -> LoadSummary:
    """Merge the (already checked) catalog by code; with `replace`, deactivate indicators it does not list."""
    audit.note(session, object_type="IndicatorCatalog")
    _authorize(actor)
    summary = LoadSummary()
    scenarios = await _merge_scenarios(session, catalog, summary)
    existing = {i.code: i for i in (await session.execute(select(Indicator))).scalars()}
    user_id = actor.user_id if actor else None
    for spec in catalog.indicators:
        indicator = existing.get(spec.code)
        if indicator is None:
            session.add(Indicator(**_values(spec, scenarios[spec.scenario]), updated_by=user_id))
            summary.indicators_added += 1
        elif _apply(indicator, _values(spec, scenarios[spec.scenario]), user_id):
            summary.indicators_changed += 1
        else:
            summary.indicators_unchanged += 1
        if progress:
            progress(1)
    listed = {spec.code for spec in catalog.indicators}
    for indicator in existing.values() if replace else ():
        if indicator.code not in listed and indicator.active:
            _apply(indicator, {"active": False}, user_id)
            summary.indicators_deactivated += 1
    await session.flush()
    audit.note(session, changes={k: v for k, v in summary.__dict__.items() if v} | {"replace": replace})
    return summary


async def _merge_scenarios(
    session: AsyncSession, catalog: Catalog, summary: LoadSummary
) -> dict[str, IndicatorScenario]:
    """Modules, then scenarios, added or renamed by code; every scenario row by code."""
    modules = {m.code: m for m in (await session.execute(select(IndicatorModule))).scalars()}
    for m in catalog.modules:
        row = modules.get(m.code)
        if row is None:
            modules[m.code] = row = IndicatorModule(code=m.code, name=m.name, position=m.position)
            session.add(row)
            summary.modules_added += 1
        elif (row.name, row.position) != (m.name, m.position):
            row.name, row.position = m.name, m.position
            summary.modules_changed += 1
    await session.flush()
    scenarios = {s.code: s for s in (await session.execute(select(IndicatorScenario))).scalars()}
    for s in catalog.scenarios:
        module_id = modules[s.module].id
        assert module_id is not None
        sc = scenarios.get(s.code)
        if sc is None:
            scenarios[s.code] = sc = IndicatorScenario(
                code=s.code, module_id=module_id, name=s.name, position=s.position
            )
            session.add(sc)
            summary.scenarios_added += 1
        elif (sc.name, sc.module_id, sc.position) != (s.name, module_id, s.position):
            sc.name, sc.module_id, sc.position = s.name, module_id, s.position
            summary.scenarios_changed += 1
    await session.flush()
    return scenarios


async def load_default_if_empty(session: AsyncSession, progress: Progress | None = None) -> LoadSummary | None:
    """The default catalog on a library without indicators (`zhdj migrate`, `zhdj demo`); None if not empty."""
    if await session.scalar(select(func.count()).select_from(Indicator)):
        return None
    return await load_catalog(session, actor=None, catalog=parse_file(DEFAULT_CATALOG), progress=progress)


async def upsert_indicator(
    session: AsyncSession, *, actor: Actor, fields: Mapping[str, Any], scenario: str, version: int | None
) -> Indicator:
    """Create an indicator (`version` None) or change one (its current version), checked as a catalog's is."""
    audit.note(session, object_type="Indicator")
    _authorize(actor)
    problems = Problems()
    spec = indicator_spec(fields, scenario=scenario, position=0, prefix="", problems=problems)
    sc = (
        await session.execute(select(IndicatorScenario).where(col(IndicatorScenario.code) == scenario))
    ).scalar_one_or_none()
    if sc is None:
        problems.add(IndicatorError.INVALID_CATALOG, "scenario", f"管控场景 {scenario} 不存在")
    found = (
        await session.execute(select(Indicator).where(col(Indicator.code) == fields.get("code")).with_for_update())
    ).scalar_one_or_none()
    if found is not None and version is None:
        problems.add(IndicatorError.DUPLICATE_CODE, "code", f"指标编码 {found.code} 已存在（修改请带上版本号）")
    problems.refuse_if_any()
    assert spec is not None and sc is not None
    if version is None:
        indicator = Indicator(**_values(spec, sc), updated_by=actor.user_id)
        session.add(indicator)
        await session.flush()
        audit.note(session, object_id=indicator.id, changes={"created": spec.code})
        return indicator
    if found is None:
        raise not_found("指标", field=["input", "code"])
    audit.note(session, object_id=found.id)
    if found.version != version:
        raise stale_version(found.version)
    before = {k: getattr(found, k) for k in _values(spec, sc)}
    # position is the catalog file's order: an edit through the API keeps the indicator where it is.
    values = _values(spec, sc) | {"position": found.position}
    _apply(found, values, actor.user_id, force=True)
    await session.flush()
    audit.note(session, changes=audit.diff(before, values))
    return found


def _values(spec: IndicatorSpec, scenario: IndicatorScenario) -> dict[str, Any]:
    return {
        "code": spec.code,
        "name": spec.name,
        "description": spec.description,
        "module_id": scenario.module_id,
        "scenario_id": scenario.id,
        "unit": str(spec.unit),
        "direction": str(spec.direction),
        "source": str(spec.source),
        "computation": spec.computation,
        "period": str(spec.period),
        "org_types": [str(t) for t in spec.org_types],
        "green": spec.green,
        "yellow": spec.yellow,
        "weight": spec.weight,
        "active": spec.active,
        "position": spec.position,
    }


def _apply(indicator: Indicator, values: Mapping[str, Any], user_id: int | None, *, force: bool = False) -> bool:
    """Set the values; a real change (or an explicit edit) is a new version. True if anything changed."""
    changed = any(getattr(indicator, k) != v for k, v in values.items())
    if changed or force:
        for key, value in values.items():
            setattr(indicator, key, value)
        indicator.version += 1
        indicator.updated_by, indicator.updated_at = user_id, utcnow()
    return changed
