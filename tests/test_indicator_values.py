"""Indicator values: reporting (validated against the unit and the indicator, audited, versioned), reading an
org's values (stored first, else computed on demand), and the snapshot (idempotent)."""

from decimal import Decimal
from typing import Any

import pytest

from domain.indicators import snapshot as snapshots
from domain.indicators.models import IndicatorValue
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.indicator_support import REPORT, VALUE_FIELDS, indicator, value_rows
from tests.members_support import Ledger, ledger
from tests.mutation_support import accepted, refused

VALUES = f"""query($org: ID!, $period: String!, $module: String) {{
  indicatorValues(organizationId: $org, period: $period, module: $module) {{
    {VALUE_FIELDS} target recordedAt computedAt }}
}}"""


def _input(book: Ledger, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "indicatorCode": "DUES_ON_TIME",
        "organizationId": gid("Organization", book.branch.id),
        "period": "2026Q3",
        "value": "92.5",
        "note": " 按季度统计 ",
    }
    values.update(overrides)
    return values


async def test_a_secretary_reports_and_corrects_a_value(api: Api, build: Builder) -> None:
    book = await ledger(build)
    await indicator(build, "DUES_ON_TIME", name="党费按时足额交纳率", green=Decimal(95), yellow=Decimal(85))
    token = book.token(book.secretary)
    payload = await accepted(api, build, REPORT, _input(book), token)
    got = payload["value"]
    assert (got["value"], got["level"], got["stored"], got["version"], got["note"]) == (
        "92.50",
        "YELLOW",
        True,
        1,
        "按季度统计",
    )
    assert (got["attainment"], got["source"], got["period"]) == ("0.9737", "REPORTED", "2026Q3")
    record = (await build.audit_records())[-1]
    assert (record.operation, record.object_type, record.org_id) == (
        "reportIndicatorValue",
        "IndicatorValue",
        book.branch.id,
    )
    assert record.changes == {
        "indicator": "DUES_ON_TIME",
        "period": "2026Q3",
        "value": "92.50",
        "note": "按季度统计",
        "level": "YELLOW",
    }
    # A correction carries the version read; the stale one is then refused.
    fixed = await accepted(api, build, REPORT, _input(book, value="96", version=1, note=None), token)
    assert (fixed["value"]["level"], fixed["value"]["version"]) == ("GREEN", 2)
    changes = (await build.audit_records())[-1].changes
    assert changes is not None and changes["value"] == {
        "from": "92.50",
        "to": "96.00",
    }
    await refused(
        api,
        build,
        REPORT,
        _input(book, version=1),
        token,
        code="STALE_VERSION",
        field=["version"],
        rows=lambda: value_rows(build),
    )
    assert await build.count(IndicatorValue) == 1


REFUSALS = [
    # (who, overrides, code, field)
    ("secretary", {"value": "100.01"}, "VALUE_OUT_OF_RANGE", ["value"]),
    ("secretary", {"value": "-1"}, "VALUE_OUT_OF_RANGE", ["value"]),
    ("secretary", {"indicatorCode": "MEMBERS_COUNT", "value": "2.5"}, "VALUE_OUT_OF_RANGE", ["value"]),
    ("secretary", {"indicatorCode": "COMPUTED_ONE"}, "INDICATOR_NOT_REPORTED", ["indicatorCode"]),
    ("secretary", {"indicatorCode": "COMMITTEE_ONLY"}, "INDICATOR_NOT_APPLICABLE", ["organizationId"]),
    ("secretary", {"indicatorCode": "NO_SUCH"}, "UNKNOWN_INDICATOR", ["indicatorCode"]),
    ("secretary", {"indicatorCode": "RETIRED"}, "UNKNOWN_INDICATOR", ["indicatorCode"]),
    ("secretary", {"period": "2026Q5"}, "INVALID_PERIOD", ["period"]),
    ("secretary", {"period": "2026-07"}, "INVALID_PERIOD", ["period"]),  # shorter than the indicator's quarter
    ("secretary", {"period": f"{today().year + 1}Q1"}, "INVALID_PERIOD", ["period"]),  # not begun
    ("secretary", {"note": "x" * 1001}, "INVALID_TEXT", ["note"]),
    ("outsider", {}, "NOT_FOUND", ["organizationId"]),
    ("org_admin", {"organizationId": gid("Organization", 999999)}, "NOT_FOUND", ["organizationId"]),
    ("auditor", {}, "FORBIDDEN", None),
    ("member_user", {}, "NOT_FOUND", ["organizationId"]),
]


@pytest.mark.parametrize(("who", "overrides", "code", "field"), REFUSALS)
async def test_refused_reports_write_nothing(
    api: Api, build: Builder, who: str, overrides: dict[str, Any], code: str, *, field: list[str] | None
) -> None:
    book = await ledger(build)
    await indicator(build, "DUES_ON_TIME")
    await indicator(build, "MEMBERS_COUNT", unit="COUNT", direction="LOWER", green=Decimal(0), yellow=Decimal(2))
    await indicator(build, "COMPUTED_ONE", source="COMPUTED", computation="BRANCH_MIN_FULL_MEMBERS")
    await indicator(build, "COMMITTEE_ONLY", org_types=["COMMITTEE"])
    await indicator(build, "RETIRED", active=False)
    token = book.token(getattr(book, who))
    await refused(
        api, build, REPORT, _input(book, **overrides), token, code=code, field=field, rows=lambda: value_rows(build)
    )


async def test_values_are_computed_on_demand_then_read_from_the_snapshot(api: Api, build: Builder) -> None:
    book = await ledger(build)
    await indicator(
        build,
        "BRANCH_SIZE",
        source="COMPUTED",
        computation="BRANCH_MIN_FULL_MEMBERS",
        green=Decimal(100),
        yellow=Decimal(50),
    )
    await indicator(build, "DUES_ON_TIME")
    await indicator(build, "YEARLY", period="YEAR", source="COMPUTED", computation="BRANCH_MIN_FULL_MEMBERS")
    for n in range(3):
        await book.add(f"党员{n}", f"1{n}0")
    token = book.token(book.org_admin)
    variables = {"org": gid("Organization", book.root.id), "period": "2026Q3"}
    found = (await api.data(VALUES, variables, token))["indicatorValues"]
    assert [(v["indicatorCode"], v["period"], v["level"], v["stored"]) for v in found] == [
        ("BRANCH_SIZE", "2026Q3", "YELLOW", False),
        ("DUES_ON_TIME", "2026Q3", None, False),
        ("YEARLY", "2026", "RED", False),  # a yearly indicator shows its year
    ]
    assert [Decimal(found[0][k]) for k in ("value", "numerator", "denominator")] == [50, 1, 2]
    assert found[0]["target"] == found[0]["green"] == "100.00"
    assert found[0]["recordedAt"] is None and found[0]["computedAt"] is not None  # computed for this read
    # The snapshot stores the quarter's computed values for every living org of the whole tree, once.
    async with build.sessions() as session, session.begin():
        first = await snapshots.snapshot(session, period="2026Q3", today=today())
    assert (first.orgs, first.written, first.updated, first.unchanged) == (6, 6, 0, 0)
    async with build.sessions() as session, session.begin():
        again = await snapshots.snapshot(session, period="2026Q3", today=today())
    assert (again.orgs, again.written, again.updated, again.unchanged) == (6, 0, 0, 6)
    assert await build.count(IndicatorValue) == 6
    await book.add("党员9", "190", org=book.branch2)
    found = (await api.data(VALUES, variables, token))["indicatorValues"]
    assert found[0]["stored"] is True and Decimal(found[0]["value"]) == 50  # the snapshot keeps the quarter's
    assert found[0]["computedAt"] == found[0]["recordedAt"] is not None
    async with build.sessions() as session, session.begin():
        third = await snapshots.snapshot(session, period="2026Q3", today=today())
    assert (third.written, third.unchanged) == (0, 6)  # branch2 still has only 1 full member
    only = await api.data(VALUES, {**variables, "module": "NONE"}, token)
    assert only["indicatorValues"] == []


async def test_values_are_read_only_within_reach(api: Api, build: Builder) -> None:
    book = await ledger(build)
    await indicator(build, "DUES_ON_TIME")
    variables = {"org": gid("Organization", book.root.id), "period": "2026Q3"}
    response = await api.post(VALUES, variables, book.token(book.secretary))
    assert response["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    response = await api.post(VALUES, {**variables, "period": "2026Q9"}, book.token(book.org_admin))
    assert response["errors"][0]["extensions"]["code"] == "INVALID_PERIOD"
