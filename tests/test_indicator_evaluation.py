"""Evaluation (绩效评价): the README's worked example through the API, ranks among siblings, the children's
ranking with level counts and top costs, and the comparisons charts draw."""

from decimal import Decimal
from typing import Any

from domain.indicators.reported import Report, report_value
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.indicator_support import indicator
from tests.members_support import Ledger, ledger

COUNTS = "levelCounts { green yellow red missing }"
EVALUATION = f"""query($org: ID!, $period: String!) {{
  evaluation(organizationId: $org, period: $period) {{
    organization {{ name }} period score rank siblingCount {COUNTS} missing
    costs {{ indicatorCode attainment level cost }}
    children {{ organization {{ name }} score rank {COUNTS} topCosts {{ indicatorCode cost }} }}
  }}
}}"""
COMPARE = """query($org: ID!, $period: String!) {
  indicatorComparison(code: "DUES_ON_TIME", organizationId: $org, period: $period) { key label value level }
  indicatorTrend(code: "DUES_ON_TIME", organizationId: $org, periods: ["2026Q1", "2026Q2", "2026Q3"]) {
    key value level }
  indicatorLevelDistribution(organizationId: $org, period: $period) { key value percent }
}"""


async def _example(build: Builder) -> Ledger:
    """The README's four indicators; 第一党支部 reports the example's values, 第二党支部 reaches every target."""
    book = await ledger(build)
    await indicator(build, "GENERAL_MEETING", weight=Decimal(3), green=Decimal(100), yellow=Decimal(80))
    lost = {"unit": "COUNT", "direction": "LOWER", "green": Decimal(0), "yellow": Decimal(1)}
    await indicator(build, "LOST_CONTACT", weight=Decimal(2), **lost)
    await indicator(build, "DUES_ON_TIME", weight=Decimal(2), green=Decimal(95), yellow=Decimal(85))
    await indicator(build, "SATISFACTION", weight=Decimal(3))
    reports: list[tuple[Any, str, str, str]] = [
        (book.branch, "GENERAL_MEETING", "2026Q3", "100"),
        (book.branch, "LOST_CONTACT", "2026Q3", "2"),
        (book.branch, "DUES_ON_TIME", "2026Q3", "90"),
        (book.branch, "DUES_ON_TIME", "2026Q2", "80"),
        (book.branch2, "GENERAL_MEETING", "2026Q3", "100"),
        (book.branch2, "LOST_CONTACT", "2026Q3", "0"),
        (book.branch2, "DUES_ON_TIME", "2026Q3", "95"),
        (book.branch2, "SATISFACTION", "2026Q3", "90"),
    ]
    for org, code, period, value in reports:
        async with build.sessions() as session, session.begin():
            report = Report(code, org.id, period, Decimal(value))
            await report_value(session, actor=book.writer, report=report, today=today())
    return book


async def test_the_readme_example_through_the_api(api: Api, build: Builder) -> None:
    book = await _example(build)
    token = book.token(book.secretary)
    found = await api.data(EVALUATION, {"org": gid("Organization", book.branch.id), "period": "2026Q3"}, token)
    got = found["evaluation"]
    assert (got["score"], got["rank"], got["siblingCount"], got["missing"]) == ("46.9", 2, 2, ["SATISFACTION"])
    assert got["levelCounts"] == {"green": 1, "yellow": 1, "red": 1, "missing": 1}
    assert [(c["indicatorCode"], c["attainment"], c["level"], c["cost"]) for c in got["costs"]] == [
        ("SATISFACTION", "0.0000", None, "30.00"),
        ("LOST_CONTACT", "0.0000", "RED", "22.00"),
        ("DUES_ON_TIME", "0.9474", "YELLOW", "1.05"),
        ("GENERAL_MEETING", "1.0000", "GREEN", "0.00"),
    ]
    # 第一党小组 reports nothing: every indicator applies to it and counts as missing.
    assert [
        (c["organization"]["name"], c["score"], c["rank"], c["levelCounts"]["missing"]) for c in got["children"]
    ] == [("第一党小组", "0.0", 1, 4)]


async def test_a_committee_ranks_its_children(api: Api, build: Builder) -> None:
    book = await _example(build)
    token = book.token(book.org_admin)
    variables = {"org": gid("Organization", book.root.id), "period": "2026Q3"}
    got = (await api.data(EVALUATION, variables, token))["evaluation"]
    assert (got["score"], got["rank"], got["siblingCount"]) == ("0.0", None, 0)  # the committee reports nothing
    assert [(c["organization"]["name"], c["score"], c["rank"]) for c in got["children"]] == [
        ("第二党支部", "100.0", 1),
        ("第一党支部", "46.9", 2),
    ]
    assert got["children"][1]["topCosts"] == [
        {"indicatorCode": "SATISFACTION", "cost": "30.00"},
        {"indicatorCode": "LOST_CONTACT", "cost": "22.00"},
        {"indicatorCode": "DUES_ON_TIME", "cost": "1.05"},
    ]
    assert got["children"][0]["topCosts"] == []
    charts = await api.data(COMPARE, variables, token)
    # In tree order (paths compare as text, so the order of ids depends on the database's sequence).
    assert sorted((c["label"], c["key"], c["value"], c["level"]) for c in charts["indicatorComparison"]) == [
        ("第一党支部", gid("Organization", book.branch.id), "90.00", "YELLOW"),
        ("第二党支部", gid("Organization", book.branch2.id), "95.00", "GREEN"),
    ]
    assert charts["indicatorTrend"] == [
        {"key": "2026Q1", "value": None, "level": None},
        {"key": "2026Q2", "value": None, "level": None},
        {"key": "2026Q3", "value": None, "level": None},
    ]  # the committee itself reports nothing
    # 集团党委, 第一党支部, 第一党小组, 第二党支部 × 4 indicators: 5 green, 1 yellow, 1 red, 9 without a value.
    assert [(p["key"], p["value"]) for p in charts["indicatorLevelDistribution"]] == [
        ("GREEN", 5),
        ("YELLOW", 1),
        ("RED", 1),
        ("NONE", 9),
    ]
    branch = {"org": gid("Organization", book.branch.id), "period": "2026Q3"}
    trend = (await api.data(COMPARE, branch, token))["indicatorTrend"]
    assert [(t["key"], t["value"], t["level"]) for t in trend] == [
        ("2026Q1", None, None),
        ("2026Q2", "80.00", "RED"),
        ("2026Q3", "90.00", "YELLOW"),
    ]


async def test_evaluation_is_within_reach(api: Api, build: Builder) -> None:
    book = await _example(build)
    variables = {"org": gid("Organization", book.root.id), "period": "2026Q3"}
    response = await api.post(EVALUATION, variables, book.token(book.outsider))
    assert response["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    response = await api.post(COMPARE, {**variables, "period": "Q3"}, book.token(book.org_admin))
    assert response["errors"][0]["extensions"]["code"] == "INVALID_PERIOD"


TREND = """query($org: ID!, $code: String!, $periods: [String!]!) {
  indicatorTrend(code: $code, organizationId: $org, periods: $periods) { key label value level } }"""


async def test_a_trend_follows_the_periods_asked(api: Api, build: Builder) -> None:
    book = await _example(build)
    await indicator(build, "YEARLY", period="YEAR")
    token = book.token(book.org_admin)
    branch = gid("Organization", book.branch.id)
    asked = {"org": branch, "code": "DUES_ON_TIME", "periods": ["2026Q3", "2026Q2"]}
    found = (await api.data(TREND, asked, token))["indicatorTrend"]
    assert [(t["key"], t["value"]) for t in found] == [("2026Q3", "90.00"), ("2026Q2", "80.00")]
    # A yearly indicator asked about quarters shows its year's value, keyed by the year.
    yearly = (await api.data(TREND, {**asked, "code": "YEARLY"}, token))["indicatorTrend"]
    assert [t["key"] for t in yearly] == ["2026", "2026"]
    for variables, code in (
        ({**asked, "periods": []}, "INVALID_INPUT"),
        ({**asked, "periods": ["2026Q3"] * 25}, "INVALID_INPUT"),
        ({**asked, "periods": ["2026Q3", "Q2"]}, "INVALID_PERIOD"),
        ({**asked, "code": "NO_SUCH"}, "UNKNOWN_INDICATOR"),
    ):
        response = await api.post(TREND, variables, token)
        assert response["data"] is None and response["errors"][0]["extensions"]["code"] == code, variables
