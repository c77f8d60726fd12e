"""meetingCompliance through the endpoint against a hand-built fixture: the expectations below are counted by
hand from the meetings written in `fixture`, for closed periods of 2025 (so the real clock does not matter)."""

import re
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from domain.members.enums import MemberStatus
from domain.orglife.enums import MeetingType
from domain.orgs import service as orgs
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger, ledger
from tests.orglife_compliance_support import hold, hold_each

M = MeetingType
QUERY = """query($under: ID!, $year: Int!, $quarter: Int, $month: Int, $only: Boolean) {
  meetingCompliance(under: $under, year: $year, quarter: $quarter, month: $month, onlyMissing: $only, first: 100) {
    nodes { organization { name } required held missing compliant rate
      items { meetingType period minCount required held missing
              periods { label startsOn endsOn held status } } } } }"""


async def fixture(build: Builder) -> Ledger:
    """第一党支部 has 7 full members (a 支委会 is due), 第二党支部 6 and a probationary one (none is due)."""
    book = await ledger(build)
    for i in range(7):
        await book.add(f"一支{i}", f"1{i}1", org=book.branch)
    for i in range(6):
        await book.add(f"二支{i}", f"2{i}1", org=book.branch2)
    await book.add("二支预备", "291", org=book.branch2, status=MemberStatus.PROBATIONARY, converted_on=None)
    # 集团党委: its committee met in October and December 2025, not in November.
    await hold_each(build, book.root, M.COMMITTEE_MEETING, [date(2025, 10, 9), date(2025, 12, 4)])
    # 第一党支部: everything but November's theme day; on the first and last days of the quarter too.
    await hold(build, book.branch, M.BRANCH_GENERAL_MEETING, date(2025, 11, 15))
    await hold_each(build, book.branch, M.BRANCH_COMMITTEE_MEETING, [date(2025, m, 5) for m in (10, 11, 12)])
    await hold(build, book.branch, M.PARTY_LECTURE, date(2025, 12, 31))
    await hold_each(build, book.branch, M.THEME_PARTY_DAY, [date(2025, 10, 1), date(2025, 12, 1), date(2025, 12, 20)])
    await hold(build, book.branch, M.ORG_LIFE_MEETING, date(2025, 12, 20), combined=True)
    # 第一党小组: every month.
    await hold_each(build, book.group, M.GROUP_MEETING, [date(2025, 10, 31), date(2025, 11, 1), date(2025, 12, 31)])
    # 第二党支部: only just outside the 4th quarter, and an organization-life meeting without the evaluation.
    await hold_each(build, book.branch2, M.THEME_PARTY_DAY, [date(2025, 9, 30), date(2026, 1, 1)])
    await hold(build, book.branch2, M.ORG_LIFE_MEETING, date(2025, 6, 30))
    # 外单位支部: held, but nobody of 集团党委 may see it.
    await hold(build, book.other_branch, M.THEME_PARTY_DAY, date(2025, 10, 10))
    return book


async def ask(api: Api, book: Ledger, token: str, under: Any, **args: Any) -> list[dict[str, Any]]:
    variables = {"under": gid("Organization", under.id), "year": 2025, **args}
    data = await api.data(QUERY, variables, token)
    found: list[dict[str, Any]] = data["meetingCompliance"]["nodes"]
    return found


def totals(found: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {
        o["organization"]["name"]: (o["required"], o["held"], o["missing"], o["compliant"], o["rate"]) for o in found
    }


def names(found: list[dict[str, Any]]) -> set[str]:
    return {o["organization"]["name"] for o in found}


def periods(org: dict[str, Any]) -> dict[str, list[tuple[str, int, str]]]:
    return {i["meetingType"]: [(p["label"], p["held"], p["status"]) for p in i["periods"]] for i in org["items"]}


async def test_compliance_of_a_quarter_counted_by_hand(api: Api, build: Builder) -> None:
    book = await fixture(build)
    found = await ask(api, book, book.token(book.org_admin), book.root, quarter=4)
    # In tree order (by path), only the orgs of 集团党委.
    in_order = sorted([book.root, book.branch, book.group, book.branch2], key=lambda o: o.path)
    assert [o["organization"]["name"] for o in found] == [o.name for o in in_order]
    assert totals(found) == {
        "集团党委": (3, 2, 1, False, 66.7),  # monthly 党委会; the yearly lecture is not contained in a quarter
        "第一党支部": (8, 7, 1, False, 87.5),  # 党员大会 1 + 支委会 3 + 党课 1 + 主题党日 3
        "第一党小组": (3, 3, 0, True, 100.0),
        "第二党支部": (5, 0, 5, False, 0.0),  # no 支委会 with 6 full members
    }
    by_name = {o["organization"]["name"]: o for o in found}
    months = ["2025年10月", "2025年11月", "2025年12月"]
    assert periods(by_name["第一党支部"]) == {
        "BRANCH_GENERAL_MEETING": [("2025年第4季度", 1, "HELD")],
        "BRANCH_COMMITTEE_MEETING": [(m, 1, "HELD") for m in months],
        "PARTY_LECTURE": [("2025年第4季度", 1, "HELD")],
        "THEME_PARTY_DAY": [("2025年10月", 1, "HELD"), ("2025年11月", 0, "MISSING"), ("2025年12月", 2, "HELD")],
    }
    assert periods(by_name["集团党委"]) == {
        "COMMITTEE_MEETING": [("2025年10月", 1, "HELD"), ("2025年11月", 0, "MISSING"), ("2025年12月", 1, "HELD")]
    }
    theme = next(i for i in by_name["第一党支部"]["items"] if i["meetingType"] == "THEME_PARTY_DAY")
    assert (theme["period"], theme["minCount"], theme["required"], theme["held"], theme["missing"]) == (
        "MONTH", 1, 3, 2, 1)  # fmt: skip
    november = {"label": "2025年11月", "startsOn": "2025-11-01", "endsOn": "2025-11-30", "held": 0, "status": "MISSING"}
    assert theme["periods"][1] == november
    only = await ask(api, book, book.token(book.org_admin), book.root, quarter=4, only=True)
    assert {o["organization"]["name"] for o in only} == {"集团党委", "第一党支部", "第二党支部"}


PAGE = """query($under: ID!, $first: Int, $after: String, $only: Boolean) {
  meetingCompliance(under: $under, year: 2025, quarter: 4, first: $first, after: $after, onlyMissing: $only) {
    totalCount pageInfo { hasNextPage endCursor } nodes { organization { name } }
    summary { organizations compliant required held missing rate } } }"""


async def test_pages_in_tree_order_with_a_summary_of_the_whole_subtree(api: Api, build: Builder) -> None:
    book = await fixture(build)
    token, under = book.token(book.org_admin), gid("Organization", book.root.id)
    in_order = [o.name for o in sorted([book.root, book.branch, book.group, book.branch2], key=lambda o: o.path)]
    first = (await api.data(PAGE, {"under": under, "first": 3}, token))["meetingCompliance"]
    assert [n["organization"]["name"] for n in first["nodes"]] == in_order[:3]
    assert (first["totalCount"], first["pageInfo"]["hasNextPage"]) == (4, True)
    # The four orgs of test_a_quarter_at_the_root, summed: 3 + 8 + 3 + 5 required, 2 + 7 + 3 + 0 held.
    summary = {"organizations": 4, "compliant": 1, "required": 19, "held": 12, "missing": 7, "rate": 63.2}
    assert first["summary"] == summary
    after = first["pageInfo"]["endCursor"]
    rest = (await api.data(PAGE, {"under": under, "first": 3, "after": after}, token))["meetingCompliance"]
    assert [n["organization"]["name"] for n in rest["nodes"]] == in_order[3:]
    assert (rest["pageInfo"]["hasNextPage"], rest["summary"]) == (False, summary)
    missing = (await api.data(PAGE, {"under": under, "only": True}, token))["meetingCompliance"]
    assert (missing["totalCount"], missing["summary"]) == (3, summary)  # the summary is of every org
    body = await api.post(PAGE, {"under": under, "first": 101}, token)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_PAGE_SIZE"


async def test_a_month_and_a_year(api: Api, build: Builder) -> None:
    book = await fixture(build)
    november = await ask(api, book, book.token(book.org_admin), book.branch, month=11)
    assert totals(november) == {"第一党支部": (2, 1, 1, False, 50.0), "第一党小组": (1, 1, 0, True, 100.0)}
    year = {o["organization"]["name"]: o for o in await ask(api, book, book.token(book.org_admin), book.root)}
    # The combined organization-life meeting counts as the democratic evaluation; without it, it does not.
    assert {
        k: v for k, v in periods(year["第一党支部"]).items() if k in {"ORG_LIFE_MEETING", "DEMOCRATIC_EVALUATION"}
    } == {
        "ORG_LIFE_MEETING": [("2025年", 1, "HELD")],
        "DEMOCRATIC_EVALUATION": [("2025年", 1, "HELD")],
    }
    assert {
        k: v for k, v in periods(year["第二党支部"]).items() if k in {"ORG_LIFE_MEETING", "DEMOCRATIC_EVALUATION"}
    } == {
        "ORG_LIFE_MEETING": [("2025年", 1, "HELD")],
        "DEMOCRATIC_EVALUATION": [("2025年", 0, "MISSING")],
    }
    assert periods(year["集团党委"])["PARTY_LECTURE"] == [("2025年", 0, "MISSING")]  # a committee's yearly lecture
    assert [p[0] for p in periods(year["第二党支部"])["THEME_PARTY_DAY"]] == [f"2025年{m}月" for m in range(1, 13)]
    assert periods(year["第二党支部"])["THEME_PARTY_DAY"][8] == ("2025年9月", 1, "HELD")


async def test_the_branch_committee_is_due_from_seven_full_members(api: Api, build: Builder) -> None:
    book = await fixture(build)
    before = await ask(api, book, book.token(book.org_admin), book.branch2, month=10)
    assert "BRANCH_COMMITTEE_MEETING" not in periods(before[0])
    await book.add("二支第七", "271", org=book.branch2)
    after = await ask(api, book, book.token(book.org_admin), book.branch2, month=10)
    assert periods(after[0])["BRANCH_COMMITTEE_MEETING"] == [("2025年10月", 0, "MISSING")]


async def test_an_org_established_mid_quarter_and_one_dissolved(api: Api, build: Builder) -> None:
    book = await fixture(build)
    late = await build.org("第三党支部", parent=book.root, established_on=date(2025, 10, 20))
    await hold(build, late, M.THEME_PARTY_DAY, date(2025, 11, 3))
    found = {
        o["organization"]["name"]: o for o in await ask(api, book, book.token(book.org_admin), book.root, quarter=4)
    }
    # Not there on 1 October: neither October nor the quarter is its to hold.
    assert periods(found["第三党支部"]) == {
        "THEME_PARTY_DAY": [("2025年11月", 1, "HELD"), ("2025年12月", 0, "MISSING")]
    }
    assert totals([found["第三党支部"]]) == {"第三党支部": (2, 1, 1, False, 50.0)}
    gone = await build.org("第四党支部", parent=book.root, established_on=date(2020, 1, 1))
    async with build.sessions() as session, session.begin():
        await orgs.dissolve_org(
            session,
            actor=await build.admin(),
            org_id=int(gone.id or 0),
            dissolved_on=date(2025, 11, 20),
            reason="撤并",
        )
    found = {
        o["organization"]["name"]: o for o in await ask(api, book, book.token(book.org_admin), book.root, quarter=4)
    }
    assert periods(found["第四党支部"]) == {"THEME_PARTY_DAY": [("2025年10月", 0, "MISSING")]}
    assert "第四党支部" not in totals(await ask(api, book, book.token(book.org_admin), book.root, year=2026))


async def test_who_sees_which_orgs(api: Api, build: Builder) -> None:
    book = await fixture(build)
    # The branch secretary sees the own branch and its group, even when asking from the top.
    assert names(await ask(api, book, book.token(book.secretary), book.root, quarter=4)) == {"第一党支部", "第一党小组"}
    # A sibling branch is not the secretary's: nothing.
    assert await ask(api, book, book.token(book.secretary), book.branch2, quarter=4) == []
    # The upper committee's people see all its branches; the auditor reads the same.
    everything = {"集团党委", "第一党支部", "第一党小组", "第二党支部"}
    assert names(await ask(api, book, book.token(book.auditor), book.root, quarter=4)) == everything
    # Another committee's worker sees none of them, and a member has no organization-life grant.
    assert await ask(api, book, book.token(book.outsider), book.root, quarter=4) == []
    assert await ask(api, book, book.token(book.member_user), book.branch, quarter=4) == []
    outside = await ask(api, book, book.token(book.outsider), book.other_branch, quarter=4)
    assert totals(outside) == {"外单位支部": (5, 1, 4, False, 20.0)}


@pytest.mark.parametrize(
    "args", [{"quarter": 1, "month": 1}, {"quarter": 5}, {"month": 13}, {"month": 0}, {"year": 1800}, {"year": 10000}]
)
async def test_invalid_periods_are_refused(api: Api, build: Builder, args: dict[str, Any]) -> None:
    book = await ledger(build)
    variables = {"under": gid("Organization", book.root.id), "year": 2025, **args}
    body = await api.post(QUERY, variables, book.token(book.org_admin))
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_PERIOD"]
    assert body["errors"][0]["message"]


async def test_an_unknown_or_malformed_org_reads_as_an_empty_subtree(api: Api, build: Builder) -> None:
    book = await ledger(build)
    body = await api.post(QUERY, {"under": "nonsense", "year": 2025}, book.token(book.org_admin))
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_ID"]
    assert await ask(api, book, book.token(book.org_admin), SimpleNamespace(id=999999), quarter=4) == []


async def test_compliance_costs_a_fixed_number_of_statements(
    api: Api, build: Builder, statements: StatementLog
) -> None:
    book = await fixture(build)
    for under, month in ((book.root, None), (book.branch, None), (book.group, 11)):
        statements.clear()
        await ask(api, book, book.token(book.org_admin), under, quarter=None if month else 4, month=month)
        # the account and its grants; the under org's path; the rules; the frequencies; the orgs; the meeting
        # counts; the branches with enough full members for a 支委会; the page's orgs, in one batch
        assert statements.count == 2 + 1 + 5 + 1, statements.statements
        assert len([s for s in statements.statements if re.search(r"FROM meeting\b(?!_)", s)]) == 1
