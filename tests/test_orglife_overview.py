"""orgLifeAlerts gathers every kind of organization-life alert for a subtree, scoped to the caller, and
orgLifeCharts gives each chart: built on a small tree whose dates are set relative to today, since both
queries read today's date as the control center does."""

from datetime import timedelta
from typing import Any

from domain.orglife.enums import MeetingType
from domain.orgs.models import Organization
from domain.timeutil import add_months, add_years, today
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger, ledger
from tests.orglife_compliance_support import hold
from tests.orglife_study_support import topic

ALERTS = """query($under: ID!, $level: AlertLevel, $kinds: [String!], $first: Int, $after: String) {
  orgLifeAlerts(under: $under, level: $level, kinds: $kinds, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { level kind title dueOn organization { name } subject { id } } } }"""
CHARTS = """query($under: ID!, $year: Int!, $quarter: Int, $month: Int) {
  orgLifeCharts(under: $under, year: $year, quarter: $quarter, month: $month) {
    meetingsByType { meetingType label required held rate }
    attendanceDistribution { key value percent }
    studyCoverage { topic { title } expected studied percent }
    reelectionStatus { key value } } }"""


async def _tree(build: Builder) -> tuple[Ledger, int]:
    """第一党支部's term ends in a month (yellow), the root committee's ended yesterday (red), 第二党支部
    is on time; a topic due in a week, studied by nobody yet; one member of 第一党支部 who has not come to a
    meeting for seven months, one who came last month."""
    book = await ledger(build)
    day = today()
    await _set_term(build, book.root, add_years(day, -5) - timedelta(days=1))
    await _set_term(build, book.branch, add_months(add_years(day, -3), 1))
    await _set_term(build, book.branch2, add_years(day, -1))
    absent = await book.add("久未参加", "201")
    present = await book.add("按时参加", "202")
    assert absent.id is not None and present.id is not None
    await hold(build, book.branch, MeetingType.THEME_PARTY_DAY, add_months(day, -7), present=[absent])
    await hold(build, book.branch, MeetingType.THEME_PARTY_DAY, add_months(day, -1), present=[present])
    topic_id = await topic(build, book.root, "学习贯彻全会精神", day - timedelta(days=20), day + timedelta(days=7))
    return book, topic_id


async def _set_term(build: Builder, org: Organization, started: Any) -> None:
    async with build.sessions() as session, session.begin():
        row = await session.get(Organization, org.id)
        assert row is not None
        row.term_started_on = started


async def _alerts(api: Api, token: str, under: Organization, **variables: Any) -> Any:
    data = await api.data(ALERTS, {"under": gid("Organization", under.id), "first": 100, **variables}, token)
    return data["orgLifeAlerts"]


async def test_every_kind_in_one_list_most_severe_first(api: Api, build: Builder) -> None:
    book, _ = await _tree(build)
    found = await _alerts(api, book.token(book.org_admin), book.root)
    nodes = found["nodes"]
    kinds = {(n["kind"], n["level"], n["organization"]["name"]) for n in nodes}
    assert ("REELECTION_DUE", "RED", "集团党委") in kinds
    assert ("REELECTION_DUE", "YELLOW", "第一党支部") in kinds
    assert not any(k == "REELECTION_DUE" and org == "第二党支部" for k, _, org in kinds)
    studies = sorted(org for k, level, org in kinds if k == "STUDY_TOPIC_DUE_SOON" and level == "YELLOW")
    assert studies == ["第一党支部", "第二党支部", "集团党委"]
    assert [n["title"] for n in nodes if n["kind"] == "MEMBER_NO_ORG_LIFE"] == [
        "第一党支部：1 名党员已连续 6 个月以上未参加组织生活"
    ]
    assert ("MEETING_MISSING", "RED", "第二党支部") in kinds
    levels = [n["level"] for n in nodes]
    assert levels == sorted(levels, key=["RED", "YELLOW", "GREEN"].index)
    assert found["totalCount"] == len(nodes)


async def test_kinds_levels_and_pages_narrow_the_list(api: Api, build: Builder) -> None:
    book, _ = await _tree(build)
    token = book.token(book.org_admin)
    only = await _alerts(api, token, book.root, kinds=["REELECTION_DUE"])
    assert [(n["kind"], n["level"]) for n in only["nodes"]] == [("REELECTION_DUE", "RED"), ("REELECTION_DUE", "YELLOW")]
    assert only["nodes"][0]["subject"]["id"] == gid("Organization", book.root.id)
    yellow = await _alerts(api, token, book.root, kinds=["REELECTION_DUE", "STUDY_TOPIC_DUE_SOON"], level="YELLOW")
    assert len(yellow["nodes"]) == 4 and {n["level"] for n in yellow["nodes"]} == {"YELLOW"}
    first = await _alerts(api, token, book.root, kinds=["STUDY_TOPIC_DUE_SOON"], first=2)
    assert len(first["nodes"]) == 2 and first["pageInfo"]["hasNextPage"]
    rest = await _alerts(
        api, token, book.root, kinds=["STUDY_TOPIC_DUE_SOON"], first=2, after=first["pageInfo"]["endCursor"]
    )
    assert len(rest["nodes"]) == 1 and not rest["pageInfo"]["hasNextPage"]
    body = await api.post(ALERTS, {"under": gid("Organization", book.root.id), "kinds": ["NO_SUCH_KIND"]}, token)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ALERT_KIND" and body["data"] is None


async def test_a_branch_secretary_sees_only_the_branch(api: Api, build: Builder) -> None:
    book, _ = await _tree(build)
    found = await _alerts(api, book.token(book.secretary), book.root)
    assert {n["organization"]["name"] for n in found["nodes"]} == {"第一党支部", "第一党小组"}
    assert await _alerts(api, book.token(book.outsider), book.root) == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "nodes": [],
    }


async def test_charts(api: Api, build: Builder) -> None:
    book, topic_id = await _tree(build)
    token = book.token(book.org_admin)
    variables = {"under": gid("Organization", book.root.id), "year": today().year}
    charts = (await api.data(CHARTS, variables, token))["orgLifeCharts"]
    statuses = {p["key"]: p["value"] for p in charts["reelectionStatus"]}
    assert statuses == {"ON_TIME": 1, "DUE_SOON": 1, "OVERDUE": 1, "NO_TERM": 0}
    assert [(c["topic"]["title"], c["expected"], c["studied"], c["percent"]) for c in charts["studyCoverage"]] == [
        ("学习贯彻全会精神", 3, 0, 0.0)
    ]
    assert sum(p["value"] for p in charts["attendanceDistribution"]) == len(
        [m for m in (add_months(today(), -7), add_months(today(), -1)) if m.year == today().year]
    )
    theme = next(t for t in charts["meetingsByType"] if t["meetingType"] == "THEME_PARTY_DAY")
    assert theme["label"] == "主题党日" and theme["required"] >= theme["held"] >= 1
    body = await api.post(CHARTS, {**variables, "quarter": 1, "month": 2}, token)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_PERIOD"
    assert topic_id
