"""`controlCenter`: the six views and the alert counts agree with the queries each number comes from, cover
exactly the asker's subtree, and cost the same statements however many children an org has.

The tree (tests.tasks_support): 集团党委 > 第一党支部 > 第一党小组, 集团党委 > 第二党支部, with the default
catalog, a task of each branch (第一党支部's overdue), meetings, an applicant and a scan of the alerts.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import col

from domain.indicators import catalog_service
from domain.indicators.models import Indicator
from domain.indicators.periods import of
from domain.indicators.schedule import tick
from domain.orglife.enums import MeetingType, Period
from domain.orgs.models import Organization, OrgType
from domain.timeutil import today
from tests.alert_center_support import run_scan
from tests.conftest import StatementLog
from tests.development_support import OPEN, applicant
from tests.fixtures import Api, Builder, gid
from tests.orglife_compliance_support import hold
from tests.tasks_alert_support import approved_plan, assignment, plan_item
from tests.tasks_support import TaskTree, task_tree

VALUE = "indicatorCode value level stored"
ITEM = "key label value level"
POINT = "key label value percent"
VIEW = f"key title figures {{ {VALUE} }} children {{ {ITEM} }} chartTitle chart {{ {POINT} }}"
CENTER = f"""query($org: ID!, $period: String!) {{ controlCenter(organizationId: $org, period: $period) {{
  organization {{ name }} period
  responsibility {{ {VIEW} }} secretaryDuty {{ {VIEW} }} workProgress {{ {VIEW} }} vitality {{ {VIEW} }}
  development {{ {VIEW} }}
  contribution {{ key title score levelCounts {{ green yellow red missing }} topCosts {{ indicatorCode cost }}
    trend {{ {ITEM} }} children {{ organization {{ name }} score rank }} }}
  alerts {{ total byLevel {{ {POINT} }} byKind {{ key value }} scannedAt }} refreshedAt }} }}"""
SOURCES = f"""query($org: ID!, $period: String!, $year: Int!) {{
  indicatorValues(organizationId: $org, period: $period) {{ {VALUE} }}
  evaluation(organizationId: $org, period: $period) {{ score children {{ organization {{ name }} score rank }} }}
  organizationProgress(organizationId: $org, year: $year) {{ byStatus {{ {POINT} }} }}
  developmentFunnel(under: $org) {{ {POINT} }}
  alertSummary(under: $org) {{ total byLevel {{ {POINT} }} byKind {{ key value }} scannedAt }} }}"""
COMPARE = f"""query($org: ID!, $period: String!, $code: String!) {{
  indicatorComparison(code: $code, organizationId: $org, period: $period) {{ {ITEM} }} }}"""
GLANCES = ("responsibility", "secretaryDuty", "workProgress", "vitality", "development")


@dataclass
class CenterTree:
    tree: TaskTree
    day: date
    period: str

    @property
    def book(self) -> Any:
        return self.tree.ledger


async def center_tree(api: Api, build: Builder) -> CenterTree:
    tree = await task_tree(build)
    book, day = tree.ledger, today()
    async with build.sessions() as session, session.begin():
        await catalog_service.load_default_if_empty(session)
    plan = await approved_plan(tree, day.year)
    item, _ = await plan_item(tree, plan, title="开展主题党日", starts_on=day - timedelta(days=60), due_on=day)
    late, _ = await plan_item(
        tree, plan, title="整改问题", starts_on=day - timedelta(days=60), due_on=day - timedelta(1)
    )
    await assignment(tree, item, book.branch2, status="ACCEPTED", percent=100)
    await assignment(tree, late, book.branch)
    await hold(build, book.branch, MeetingType.THEME_PARTY_DAY, day)
    await hold(build, book.branch2, MeetingType.BRANCH_COMMITTEE_MEETING, day)
    opened = await api.data(
        OPEN, {"input": applicant(book, appliedOn=(day - timedelta(days=70)).isoformat())}, book.token(book.org_admin)
    )
    assert opened["openDevelopmentFile"]["errors"] == []
    await run_scan(build, day)
    return CenterTree(tree, day, of(Period.QUARTER, day.year * 12 + (day.month - 1) // 3 * 3).key)


async def control_center(api: Api, token: str, org: Organization, period: str) -> Any:
    return (await api.data(CENTER, {"org": gid("Organization", org.id), "period": period}, token))["controlCenter"]


async def test_every_view_agrees_with_the_query_its_numbers_come_from(api: Api, build: Builder) -> None:
    at = await center_tree(api, build)
    book, token = at.book, at.book.token(at.tree.root_secretary)
    found = await control_center(api, token, book.root, at.period)
    variables = {"org": gid("Organization", book.root.id), "period": at.period, "year": at.day.year}
    sources = await api.data(SOURCES, variables, token)
    values = {v["indicatorCode"]: v for v in sources["indicatorValues"]}
    assert found["organization"]["name"] == "集团党委" and found["period"] == at.period
    for name in GLANCES:
        view = found[name]
        assert view["figures"] and all(values[f["indicatorCode"]] == f for f in view["figures"]), name
        headline = view["figures"][0]["indicatorCode"]
        compared = await api.data(COMPARE, {**variables, "code": headline} | {"year": None}, token)
        assert view["children"] == compared["indicatorComparison"], name
    assert [f["indicatorCode"] for f in found["responsibility"]["figures"]] == [
        "TASKS_ACCEPTED_ON_TIME",
        "COMMITTEE_MEETING_HELD",
        "REELECTION_ON_TIME",
    ]
    assert found["workProgress"]["chart"] == sources["organizationProgress"]["byStatus"]
    assert found["development"]["chart"] == sources["developmentFunnel"]
    assert found["alerts"] == sources["alertSummary"] and found["alerts"]["total"] > 0
    contribution = found["contribution"]
    assert contribution["score"] == sources["evaluation"]["score"]
    assert contribution["children"] == sources["evaluation"]["children"]
    assert [t["key"] for t in contribution["trend"]][-1] == at.period and len(contribution["trend"]) == 4
    assert contribution["trend"][-1]["value"] == contribution["score"]


async def test_the_views_count_what_happened(api: Api, build: Builder) -> None:
    at = await center_tree(api, build)
    book, token = at.book, at.book.token(at.tree.root_secretary)
    found = await control_center(api, token, book.root, at.period)
    by_status = {p["key"]: p["value"] for p in found["workProgress"]["chart"]}
    assert (by_status["ACCEPTED"], by_status["ASSIGNED"], sum(by_status.values())) == (1, 1, 2)
    overdue = next(f for f in found["workProgress"]["figures"] if f["indicatorCode"] == "TASKS_OVERDUE_RATE")
    assert overdue["value"] == "100.00"  # the one past its due date is unfinished; the other is due today
    funnel = {p["key"]: p["value"] for p in found["development"]["chart"]}
    assert sum(funnel.values()) == 1
    # The children's level chart counts each child's figures of the view.
    levels = found["vitality"]["chart"]
    assert [p["key"] for p in levels] == ["GREEN", "YELLOW", "RED", "NONE"] and sum(p["value"] for p in levels) == 6


async def test_a_branch_secretary_sees_the_branch_and_the_root_secretary_the_whole_tree(
    api: Api, build: Builder
) -> None:
    at = await center_tree(api, build)
    book = at.book
    root = await control_center(api, book.token(at.tree.root_secretary), book.root, at.period)
    branch = await control_center(api, book.token(book.secretary), book.branch, at.period)
    assert branch["organization"]["name"] == "第一党支部"
    assert sum(p["value"] for p in branch["workProgress"]["chart"]) == 1  # its own task only; the root's: 2
    assert sum(p["value"] for p in root["workProgress"]["chart"]) == 2
    assert 0 < branch["alerts"]["total"] < root["alerts"]["total"]
    summary = await api.data(
        "query($u: ID!) { alertSummary(under: $u) { total } }",
        {"u": gid("Organization", book.root.id)},
        book.token(book.secretary),
    )
    assert branch["alerts"]["total"] == summary["alertSummary"]["total"]  # the root, as far as they may see
    assert [c["label"] for c in root["vitality"]["children"]] == ["第一党支部", "第二党支部"]
    assert {c["organization"]["name"] for c in root["contribution"]["children"]} == {"第一党支部", "第二党支部"}
    assert [c["label"] for c in branch["vitality"]["children"]] == []  # a group owes no vitality figures
    for user, org in ((book.secretary, book.root), (book.secretary, book.branch2), (book.outsider, book.branch)):
        response = await api.post(CENTER, {"org": gid("Organization", org.id), "period": at.period}, book.token(user))
        assert response["data"] is None
        assert response["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_refusals(api: Api, build: Builder) -> None:
    at = await center_tree(api, build)
    book, token = at.book, at.book.token(at.tree.root_secretary)
    for org_id, period, code in (
        (gid("Organization", book.root.id), "2026Q5", "INVALID_PERIOD"),
        (gid("Organization", 10**9), at.period, "NOT_FOUND"),
        (gid("Member", book.root.id), at.period, "INVALID_ID"),
    ):
        response = await api.post(CENTER, {"org": org_id, "period": period}, token)
        assert response["errors"][0]["extensions"]["code"] == code


async def test_a_catalog_without_an_indicator_leaves_its_figure_out(api: Api, build: Builder) -> None:
    at = await center_tree(api, build)
    book, token = at.book, at.book.token(at.tree.root_secretary)
    async with build.sessions() as session, session.begin():
        found = await session.execute(
            update(Indicator).where(col(Indicator.code) == "REELECTION_ON_TIME").values(active=False)
        )
        assert found.rowcount == 1  # type: ignore[attr-defined]
    view = (await control_center(api, token, book.root, at.period))["responsibility"]
    assert [f["indicatorCode"] for f in view["figures"]] == ["TASKS_ACCEPTED_ON_TIME", "COMMITTEE_MEETING_HELD"]


async def test_statements_do_not_grow_with_children(api: Api, build: Builder, statements: StatementLog) -> None:
    at = await center_tree(api, build)
    book, token = at.book, at.book.token(at.tree.root_secretary)
    statements.clear()
    await control_center(api, token, book.root, at.period)
    two_children = statements.count
    for name in ("第三党支部", "第四党支部", "第五党支部"):
        await build.org(name, OrgType.BRANCH, parent=book.root)
    statements.clear()
    found = await control_center(api, token, book.root, at.period)
    assert len(found["vitality"]["children"]) == 5
    assert statements.count == two_children


async def test_after_a_round_the_center_reads_the_rounds_values(api: Api, build: Builder) -> None:
    at = await center_tree(api, build)
    book, token = at.book, at.book.token(at.tree.root_secretary)
    before = await control_center(api, token, book.root, at.period)
    assert before["refreshedAt"] is None and not any(f["stored"] for f in before["vitality"]["figures"])
    async with build.sessions() as session, session.begin():
        await tick(session, today=at.day)
    after = await control_center(api, token, book.root, at.period)
    assert after["refreshedAt"] is not None
    assert all(f["stored"] for name in GLANCES for f in after[name]["figures"])
    unstored = [{**f, "stored": True} for f in before["vitality"]["figures"]]
    assert after["vitality"]["figures"] == unstored  # the same numbers, now read
    assert after["contribution"]["score"] == before["contribution"]["score"]
    assert after["workProgress"]["chart"] == before["workProgress"]["chart"]  # from the round's tally now
    # Work given after the round shows in the tasks area at once, in the center at the next round.
    plan = await approved_plan(at.tree, at.day.year)
    item, _ = await plan_item(at.tree, plan, title="新任务", starts_on=at.day, due_on=at.day + timedelta(days=30))
    await assignment(at.tree, item, book.branch2)
    variables = {"org": gid("Organization", book.root.id), "period": at.period, "year": at.day.year}
    live = (await api.data(SOURCES, variables, token))["organizationProgress"]["byStatus"]
    assert (await control_center(api, token, book.root, at.period))["workProgress"]["chart"] != live
    async with build.sessions() as session, session.begin():
        await tick(session, today=at.day)
    assert (await control_center(api, token, book.root, at.period))["workProgress"]["chart"] == live
