"""Attendance per member (the rate arithmetic by hand), members without organization life at the six-month
boundary (today given), and through the endpoint: pages, access and pinned statement counts."""

import re
from datetime import date, timedelta
from typing import Any

from domain.charts import rate
from domain.members.enums import MemberStatus, SpecialState
from domain.members.models import Member
from domain.orglife import attendance
from domain.orglife.compliance_alerts import inactive_member_alerts
from domain.orglife.enums import MeetingType
from domain.orglife.rules import OrgLifeRules
from domain.paging import page_request
from domain.timeutil import today
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger, ledger
from tests.orglife_compliance_support import hold

M = MeetingType
ATTENDANCE = """query($under: ID!, $year: Int!, $quarter: Int, $month: Int, $first: Int, $after: String) {
  memberAttendance(under: $under, year: $year, quarter: $quarter, month: $month, first: $first, after: $after) {
    %s } }"""
ROWS = "totalCount pageInfo { hasNextPage endCursor } nodes { member { name } due present rate lastPresentOn }"
INACTIVE = """query($under: ID!, $first: Int, $after: String) {
  inactiveMembers(under: $under, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { member { name } lastPresentOn } } }"""


async def four_members(build: Builder) -> tuple[Ledger, dict[str, Member]]:
    """In the 4th quarter of 2025, by hand: 甲 due 3, present 2 (the last on 12-20); 乙 due 7, present 1;
    丙 due 3, present 3; 丁 due at nothing (a meeting of September does not count)."""
    book = await ledger(build)
    people = {name: await book.add(name, f"{i}11") for i, name in enumerate("甲乙丙丁")}
    a, b, c, d = (people[n] for n in "甲乙丙丁")
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2025, 9, 30), present=[a, b, c, d])
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2025, 10, 1), present=[a, b, c])
    await hold(build, book.branch, M.BRANCH_GENERAL_MEETING, date(2025, 11, 5), present=[c], absent=[a, b])
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2025, 12, 20), present=[a, c], absent=[b])
    for day in (2, 3, 4, 5):
        await hold(build, book.branch, M.PARTY_LECTURE, date(2025, 12, day), absent=[b])
    return book, people


async def page_of(api: Api, token: str, under: Any, selection: str = ROWS, **args: Any) -> dict[str, Any]:
    variables = {"under": gid("Organization", under.id), "year": 2025, **args}
    data = await api.data(ATTENDANCE % selection, variables, token)
    page: dict[str, Any] = data["memberAttendance"]
    return page


async def test_attendance_rates_per_member_counted_by_hand(api: Api, build: Builder) -> None:
    book, _ = await four_members(build)
    page = await page_of(api, book.token(book.org_admin), book.root, quarter=4)
    rows = [(n["member"]["name"], n["due"], n["present"], n["rate"], n["lastPresentOn"]) for n in page["nodes"]]
    assert rows == [
        ("丁", 0, 0, None, None),
        ("丙", 3, 3, 100.0, "2025-12-20"),
        ("乙", 7, 1, 14.3, "2025-10-01"),  # 1/7 = 14.29 %
        ("甲", 3, 2, 66.7, "2025-12-20"),  # 2/3 = 66.67 %
    ]
    assert page["totalCount"] == 4
    september = await page_of(api, book.token(book.org_admin), book.root, month=9)
    assert {n["member"]["name"]: (n["due"], n["rate"]) for n in september["nodes"]} == {
        "甲": (1, 100.0), "乙": (1, 100.0), "丙": (1, 100.0), "丁": (1, 100.0)}  # fmt: skip
    assert rate(5, 8) == 62.5 and rate(1, 3) == 33.3


async def test_pages_follow_the_names_and_access_follows_the_grants(api: Api, build: Builder) -> None:
    book, _ = await four_members(build)
    first = await page_of(api, book.token(book.org_admin), book.root, quarter=4, first=3)
    assert [n["member"]["name"] for n in first["nodes"]] == ["丁", "丙", "乙"]
    assert first["pageInfo"]["hasNextPage"] is True
    cursor = first["pageInfo"]["endCursor"]
    rest = await page_of(api, book.token(book.org_admin), book.root, quarter=4, first=3, after=cursor)
    assert [n["member"]["name"] for n in rest["nodes"]] == ["甲"] and rest["pageInfo"]["hasNextPage"] is False
    assert len((await page_of(api, book.token(book.secretary), book.branch, year=2025))["nodes"]) == 4
    for user, under in ((book.secretary, book.branch2), (book.outsider, book.root), (book.member_user, book.branch)):
        assert (await page_of(api, book.token(user), under))["nodes"] == []
    body = await api.post(ATTENDANCE % ROWS, {"under": gid("Organization", book.root.id), "year": 2025, "quarter": 1,
                                              "month": 2}, book.token(book.org_admin))  # fmt: skip
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_PERIOD"]


async def test_a_page_of_attendance_costs_a_fixed_number_of_statements(
    api: Api, build: Builder, statements: StatementLog
) -> None:
    book, _ = await four_members(build)
    for selection, cost in (("nodes { member { name } due rate }", 2), (ROWS, 3)):
        for first in (4, 2):
            statements.clear()
            page = await page_of(api, book.token(book.org_admin), book.root, selection, quarter=4, first=first)
            assert len(page["nodes"]) == first
            # the account and its grants; the under org's path; the page; the count when asked
            assert statements.count == 2 + cost, statements.statements
    statements.clear()
    await api.data(INACTIVE, {"under": gid("Organization", book.root.id)}, book.token(book.org_admin))
    # the account and its grants; the path; the rules; the page; the count
    assert statements.count == 2 + 4, statements.statements
    assert len([s for s in statements.statements if re.search(r"FROM member\b(?!_)", s)]) == 2


async def test_members_without_organization_life_at_the_six_month_boundary(api: Api, build: Builder) -> None:
    book = await ledger(build)
    day = date(2026, 11, 29)  # cutoff: 2026-05-29
    on_cutoff = await book.add("五月二十九", "121")
    day_before = await book.add("五月二十八", "221")
    await book.add("从未参加", "321")
    joined_on_cutoff = await book.add("入党满六个月", "421", joined_on=date(2026, 5, 29), converted_on=None,
                                      status=MemberStatus.PROBATIONARY)  # fmt: skip
    await book.add("入党六个月零一天", "521", joined_on=date(2026, 5, 28), converted_on=None,
                    status=MemberStatus.PROBATIONARY)  # fmt: skip
    only_absent = await book.add("只有请假", "621")
    suspended = await book.add("停止党籍", "721", special_state=SpecialState.SUSPENDED)
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2026, 5, 29), present=[on_cutoff], absent=[only_absent])
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2026, 5, 28), present=[day_before, only_absent])
    await hold(build, book.branch, M.PARTY_LECTURE, date(2026, 11, 1), absent=[only_absent, day_before])
    rules = OrgLifeRules()
    actor = await book.actor(book.org_admin)
    async with build.sessions() as session:
        page = await attendance.inactive_members(
            session, actor=actor, under_path=book.root.path, rules=rules, today=day, page=page_request(None, None)
        )
        alerts = await inactive_member_alerts(session, actor=actor, under_path=book.root.path, rules=rules, today=day)
    assert [(r.name, r.last_present_on) for r in page.rows] == [
        ("五月二十八", date(2026, 5, 28)),
        ("从未参加", None),
        ("入党六个月零一天", None),
        ("只有请假", date(2026, 5, 28)),
    ]
    assert {on_cutoff.id, joined_on_cutoff.id, suspended.id}.isdisjoint({r.id for r in page.rows})
    # One alert for the branch: four members, the first of them inactive since 2016-01-01 (joined 2015-07-01,
    # never present).
    assert [(a.level, a.kind, a.subject_type, a.subject_id, a.org_id, a.due_on) for a in alerts] == [
        ("RED", "MEMBER_NO_ORG_LIFE", "Organization", book.branch.id, book.branch.id, date(2016, 1, 1))
    ]
    assert alerts[0].title == "第一党支部：4 名党员已连续 6 个月以上未参加组织生活"
    # Eight months instead of six: only the one who never came is left.
    async with build.sessions() as session:
        longer = await attendance.inactive_members(
            session,
            actor=actor,
            under_path=book.root.path,
            rules=OrgLifeRules(inactive_months=8),
            today=day,
            page=page_request(None, None),
        )
    assert [r.name for r in longer.rows] == ["从未参加"]


async def test_inactive_members_through_the_endpoint(api: Api, build: Builder) -> None:
    book = await ledger(build)
    yesterday = today() - timedelta(days=1)
    lately, gone = await book.add("近期参加", "131"), await book.add("长期未参加", "231")
    await hold(build, book.branch, M.THEME_PARTY_DAY, yesterday, present=[lately])
    await book.add("第二支部党员", "331", org=book.branch2)
    data = await api.data(INACTIVE, {"under": gid("Organization", book.root.id)}, book.token(book.org_admin))
    found = data["inactiveMembers"]
    assert [(n["member"]["name"], n["lastPresentOn"]) for n in found["nodes"]] == [
        ("第二支部党员", None),
        ("长期未参加", None),
    ]
    assert found["totalCount"] == 2
    mine = await api.data(INACTIVE, {"under": gid("Organization", book.root.id)}, book.token(book.secretary))
    assert [n["member"]["name"] for n in mine["inactiveMembers"]["nodes"]] == [gone.name]
    none = await api.data(INACTIVE, {"under": gid("Organization", book.branch.id)}, book.token(book.outsider))
    assert none["inactiveMembers"]["nodes"] == []
