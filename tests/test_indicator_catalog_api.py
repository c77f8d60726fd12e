"""The indicator library in the database: the default catalog loads into an empty library once; a catalog
merges by code (a new version only for a real change); everyone reads the tree; ADMIN alone edits one
indicator, audited and versioned, and a bad edit lists every problem and writes nothing."""

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from domain.indicators import catalog_service
from domain.indicators.catalog_files import DEFAULT_CATALOG, parse_file, parse_yaml
from domain.indicators.models import Indicator, IndicatorModule, IndicatorScenario
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.members_support import ledger
from tests.mutation_support import accepted, mutate, refused

READ = """{ indicatorCatalog { code name scenarios { code name indicators { id code name unit direction source
  computation period orgTypes weight thresholds { green yellow } active version } } } }"""
UPSERT = """mutation($input: IndicatorInput!) { upsertIndicator(input: $input) {
  indicator { code name unit thresholds { green yellow } weight active version orgTypes computation }
  errors { code field message } } }"""
SMALL = """
modules:
- code: ORG_LIFE
  name: 组织生活
  scenarios:
  - code: THREE_MEETINGS
    name: 三会一课
    indicators:
    - {code: MEETING_COMPLIANCE, name: 三会一课规范开展率, unit: PERCENT, direction: HIGHER, source: COMPUTED,
       computation: MEETING_COMPLIANCE, period: QUARTER, org_types: [BRANCH], green: 95, yellow: 85, weight: 5}
    - {code: DUES_PAID_ON_TIME, name: 党费按时足额交纳率, unit: PERCENT, direction: HIGHER, source: REPORTED,
       period: QUARTER, org_types: [BRANCH], green: 100, yellow: 95, weight: 2}
"""


def _input(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": "BRAND_PROJECTS",
        "name": "党建品牌项目数",
        "scenarioCode": "THREE_MEETINGS",
        "unit": "COUNT",
        "direction": "HIGHER",
        "source": "REPORTED",
        "period": "YEAR",
        "orgTypes": ["BRANCH", "COMMITTEE"],
        "green": "2",
        "yellow": "1",
        "weight": "1.5",
    }
    return values | overrides


async def _load(build: Builder, text: str, *, replace: bool = False) -> catalog_service.LoadSummary:
    async with build.sessions() as session, session.begin():
        return await catalog_service.load_catalog(session, actor=None, catalog=parse_yaml(text), replace=replace)


async def _rows(build: Builder) -> list[tuple[Any, ...]]:
    async with build.sessions() as session:
        found = []
        for model in (IndicatorModule, IndicatorScenario, Indicator):
            table = model.__table__  # type: ignore[union-attr]
            found += [tuple(r) for r in await session.execute(select(table).order_by(table.c.id))]
        return found


async def test_the_default_catalog_loads_into_an_empty_library_once(
    api: Api, build: Builder, statements: StatementLog
) -> None:
    tree = await ledger(build)
    async with build.sessions() as session, session.begin():
        summary = await catalog_service.load_default_if_empty(session)
    expected = parse_file(DEFAULT_CATALOG)
    assert summary is not None
    assert (summary.modules_added, summary.scenarios_added, summary.indicators_added) == (
        len(expected.modules),
        len(expected.scenarios),
        len(expected.indicators),
    )
    async with build.sessions() as session, session.begin():
        assert await catalog_service.load_default_if_empty(session) is None
    statements.clear()
    modules = (await api.data(READ, token=tree.token(tree.member_user)))["indicatorCatalog"]
    assert statements.count == 5, statements.statements  # the token's user and grants, then one select per level
    assert [m["code"] for m in modules] == [m.code for m in expected.modules]
    shown = [i for m in modules for s in m["scenarios"] for i in s["indicators"]]
    assert [i["code"] for i in shown] == [i.code for i in expected.indicators]
    first = shown[0]
    assert (first["unit"], first["source"], first["computation"], first["orgTypes"]) == (
        "PERCENT",
        "COMPUTED",
        "BRANCH_MIN_FULL_MEMBERS",
        ["COMMITTEE", "GENERAL_BRANCH", "BRANCH"],
    )
    assert (first["thresholds"], first["version"], first["active"]) == (
        {"green": "100.0000", "yellow": "90.0000"},
        1,
        True,
    )


async def test_a_catalog_merges_by_code_and_replace_deactivates_the_rest(build: Builder) -> None:
    first = await _load(build, SMALL)
    assert (first.modules_added, first.scenarios_added, first.indicators_added) == (1, 1, 2)
    changed = SMALL.replace("green: 95, yellow: 85", "green: 90, yellow: 80") + (
        "    - {code: DUES, name: 党费, unit: PERCENT, direction: HIGHER, source: REPORTED,"
        " period: YEAR, org_types: [BRANCH], green: 100, yellow: 95, weight: 2}\n"
    )
    again = await _load(build, changed)
    assert (again.indicators_added, again.indicators_changed, again.indicators_unchanged) == (1, 1, 1)
    only = SMALL.split("    - {code: DUES_PAID_ON_TIME", maxsplit=1)[0]
    replaced = await _load(build, only, replace=True)
    assert (replaced.indicators_deactivated, replaced.indicators_changed) == (2, 1)
    async with build.sessions() as session:
        rows = (await session.execute(select(Indicator).order_by(col(Indicator.code)))).scalars().all()
    assert [(r.code, r.active, r.version, str(r.green)) for r in rows] == [
        ("DUES", False, 2, "100.0000"),
        ("DUES_PAID_ON_TIME", False, 2, "100.0000"),
        ("MEETING_COMPLIANCE", True, 3, "95.0000"),
    ]


async def test_admin_creates_and_changes_an_indicator_audited_and_versioned(api: Api, build: Builder) -> None:
    tree = await ledger(build)
    await _load(build, SMALL)
    token = tree.token(tree.admin)
    created = (await accepted(api, build, UPSERT, _input(), token))["indicator"]
    assert (created["code"], created["version"], created["orgTypes"], Decimal(created["weight"])) == (
        "BRAND_PROJECTS",
        1,
        ["COMMITTEE", "BRANCH"],
        Decimal("1.5"),
    )
    changed = (await accepted(api, build, UPSERT, _input(green="3", version=1), token))["indicator"]
    assert (Decimal(changed["thresholds"]["green"]), changed["version"]) == (Decimal(3), 2)
    record = (await build.audit_records())[-1]
    assert (record.operation, record.object_type, record.result) == ("upsertIndicator", "Indicator", "OK")
    assert record.changes is not None and set(record.changes) == {"green"}
    await refused(
        api, build, UPSERT, _input(version=1), token, code="STALE_VERSION", field=["version"], rows=lambda: _rows(build)
    )
    await refused(
        api, build, UPSERT, _input(), token, code="DUPLICATE_CODE", field=["input", "code"], rows=lambda: _rows(build)
    )
    await refused(
        api, build, UPSERT, _input(code="NEW_ONE", version=1), token, code="NOT_FOUND", field=["input", "code"],
        rows=lambda: _rows(build),
    )  # fmt: skip


async def test_only_admin_edits_the_library(api: Api, build: Builder) -> None:
    tree = await ledger(build)
    await _load(build, SMALL)
    for user in (tree.org_admin, tree.secretary, tree.auditor):
        await refused(
            api, build, UPSERT, _input(), tree.token(user), code="FORBIDDEN", field=None, rows=lambda: _rows(build)
        )


async def test_a_bad_edit_lists_every_problem_and_writes_nothing(api: Api, build: Builder) -> None:
    tree = await ledger(build)
    await _load(build, SMALL)
    before, trail = await _rows(build), len(await build.audit_records())
    bad = _input(
        code="x",
        source="COMPUTED",
        computation="NO_SUCH_THING",
        green="1",
        yellow="2",
        weight="0",
        scenarioCode="NOWHERE",
        orgTypes=[],
    )
    payload = await mutate(api, UPSERT, bad, tree.token(tree.admin))
    assert payload["indicator"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("INVALID_CATALOG", ["input", "code"]),
        ("INVALID_CATALOG", ["input", "orgTypes"]),
        ("INVALID_CATALOG", ["input", "weight"]),
        ("UNKNOWN_COMPUTATION", ["input", "computation"]),
        ("THRESHOLDS_OUT_OF_ORDER", ["input", "yellow"]),
        ("INVALID_CATALOG", ["input", "scenarioCode"]),
    ]
    assert all(e["message"] for e in payload["errors"])
    assert await _rows(build) == before
    assert [r.result for r in (await build.audit_records())[trail:]] == ["INVALID_CATALOG"]


async def test_an_indicator_is_a_node_everyone_signed_in_reads(api: Api, build: Builder) -> None:
    tree = await ledger(build)
    await _load(build, SMALL)
    modules = (await api.data(READ, token=tree.token(tree.admin)))["indicatorCatalog"]
    shown = [i for m in modules for s in m["scenarios"] for i in s["indicators"]]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Indicator { code version } } }"
    ids = [i["id"] for i in shown] + [gid("Indicator", 10**6)]
    for user in (tree.member_user, tree.auditor, tree.outsider):
        found = (await api.data(query, {"ids": ids}, tree.token(user)))["nodes"]
        assert found == [
            *({"__typename": "Indicator", "id": i["id"], "code": i["code"], "version": i["version"]} for i in shown),
            None,
        ]
    assert (await api.post(query, {"ids": ids}))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
