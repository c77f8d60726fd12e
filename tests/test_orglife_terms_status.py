"""Re-election status, alert levels and counts at each boundary, with `today` as a parameter: green until six
months (configurable) before the term ends, yellow from that day through the end day, red the day after."""

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select, update
from sqlmodel import col

from authz.actor import Actor
from authz.roles import Role
from domain.alerts import AlertLevel
from domain.errors import DomainError
from domain.orglife import term_rules
from domain.orglife.enums import ReelectionStatus
from domain.orglife.rules import OrgLifeRules
from domain.orglife.term_reads import reelection_alerts, reelection_counts
from domain.orgs import service as orgs
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Builder
from tests.members_support import Ledger, ledger

S = ReelectionStatus
RULES = OrgLifeRules()
END = date(2027, 7, 1)


@pytest.mark.parametrize(
    ("today", "status", "level"),
    [
        (date(2026, 12, 31), S.ON_TIME, AlertLevel.GREEN),  # six months before the end, less a day
        (date(2027, 1, 1), S.DUE_SOON, AlertLevel.YELLOW),  # exactly six months before
        (date(2027, 7, 1), S.DUE_SOON, AlertLevel.YELLOW),  # the end day: re-election that day is on time
        (date(2027, 7, 2), S.OVERDUE, AlertLevel.RED),
    ],
)
def test_status_and_level_at_each_boundary(today: date, status: S, level: AlertLevel) -> None:
    assert term_rules.reelection_status(END, today, RULES) is status
    assert term_rules.alert_level(status) is level


def test_months_are_calendar_months_and_the_window_is_configurable() -> None:
    end = date(2027, 8, 31)  # six months before: 28 February
    assert term_rules.reelection_status(end, date(2027, 2, 27), RULES) is S.ON_TIME
    assert term_rules.reelection_status(end, date(2027, 2, 28), RULES) is S.DUE_SOON
    three = OrgLifeRules(reelection_alert_months=3)
    assert term_rules.reelection_status(END, date(2027, 3, 31), three) is S.ON_TIME
    assert term_rules.reelection_status(END, date(2027, 4, 1), three) is S.DUE_SOON


def test_no_term_has_no_status_and_no_level() -> None:
    assert term_rules.reelection_status(None, END, RULES) is S.NO_TERM
    assert term_rules.alert_level(S.NO_TERM) is None


def test_term_end_prefers_an_approved_adjustment() -> None:
    assert term_rules.term_end(None, 3, None) is None
    assert term_rules.term_end(date(2024, 7, 1), 3, None) == END
    assert term_rules.term_end(date(2024, 7, 1), 5, None) == date(2029, 7, 1)
    assert term_rules.term_end(date(2024, 2, 29), 3, None) == date(2027, 2, 28)
    assert term_rules.term_end(date(2024, 7, 1), 3, date(2028, 1, 1)) == date(2028, 1, 1)


def test_adjustment_bounds_are_twelve_calendar_months() -> None:
    assert term_rules.adjustment_bounds(date(2028, 2, 29), RULES) == (date(2027, 2, 28), date(2029, 2, 28))
    assert term_rules.adjustment_bounds(END, OrgLifeRules(term_adjust_max_months=6)) == (
        date(2027, 1, 1),
        date(2028, 1, 1),
    )


@pytest.mark.parametrize(("entitled", "present", "ok"), [(10, 8, False), (10, 9, True), (5, 4, False), (1, 1, True)])
def test_quorum_arithmetic(entitled: int, present: int, ok: bool) -> None:
    if ok:
        term_rules.check_votes(entitled, present)
    else:
        with pytest.raises(DomainError) as refused:
            term_rules.check_votes(entitled, present)
        assert refused.value.code == "QUORUM_NOT_MET"


@dataclass
class Tree:
    book: Ledger
    today: date


async def _org(build: Builder, name: str, parent: Organization, started: date | None, **fields: object) -> Organization:
    type = fields.pop("type", OrgType.BRANCH)
    return await build.org(name, type, parent=parent, term_started_on=started, **fields)  # type: ignore[arg-type]


async def tree(build: Builder) -> Tree:
    """Under 集团党委 (no term, like 第一、第二党支部: three NO_TERM), as of 1 January 2027:
    红1 ended 31 Dec 2026 (RED); 黄1 ends 2 Jan 2027, 黄2 on 1 Jul 2027 exactly six months on, 黄3 today, and
    黄4 adjusted to 30 Jun 2027 (YELLOW); 绿1 ends 2 Jul 2027 (GREEN). Left out: a group and a dissolved
    branch, both with ended terms."""
    book = await ledger(build)
    root = book.root
    await _org(build, "红1", root, date(2023, 12, 31))
    await _org(build, "黄1", root, date(2024, 1, 2))
    await _org(build, "黄2", root, date(2024, 7, 1))
    await _org(build, "黄3", root, date(2022, 1, 1), type=OrgType.COMMITTEE)
    adjusted = await _org(build, "黄4", root, date(2020, 1, 1), type=OrgType.GENERAL_BRANCH)
    await _org(build, "绿1", root, date(2024, 7, 2))
    await _org(build, "小组", book.branch, date(2020, 1, 1), type=OrgType.GROUP)
    gone = await _org(build, "已撤销", root, date(2020, 1, 1))
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(Organization)
            .where(col(Organization.id) == adjusted.id)
            .values(term_adjusted_ends_on=date(2027, 6, 30))
        )
        await orgs.dissolve_org(
            session,
            actor=await build.admin(),
            org_id=gone.id or 0,
            dissolved_on=date(2025, 1, 1),
            reason="撤并",
        )
    return Tree(book, date(2027, 1, 1))


async def _alerts(build: Builder, actor: Actor, under: Organization, today: date) -> list[tuple[str, str, date]]:
    async with build.sessions() as session:
        found = await reelection_alerts(session, actor=actor, under_path=under.path, rules=RULES, today=today)
    names = {o.id: o.name for o in await _orgs(build)}
    assert all((a.kind, a.subject_type, a.subject_id) == ("REELECTION_DUE", "Organization", a.org_id) for a in found)
    assert all(names[a.org_id] in a.title and a.due_on.isoformat() in a.title for a in found)
    return [(a.level.value, names[a.org_id], a.due_on) for a in found]


async def _orgs(build: Builder) -> list[Organization]:
    async with build.sessions() as session:
        return list((await session.execute(select(Organization))).scalars())


async def test_alerts_of_a_subtree_at_each_boundary(build: Builder) -> None:
    t = await tree(build)
    found = await _alerts(build, await t.book.actor(t.book.org_admin), t.book.root, t.today)
    assert found == [
        ("RED", "红1", date(2026, 12, 31)),
        ("YELLOW", "黄3", date(2027, 1, 1)),
        ("YELLOW", "黄1", date(2027, 1, 2)),
        ("YELLOW", "黄4", date(2027, 6, 30)),
        ("YELLOW", "黄2", date(2027, 7, 1)),
    ]
    # A day later 黄3 has ended without an election and 绿1 comes into the window.
    later = await _alerts(build, await t.book.actor(t.book.org_admin), t.book.root, date(2027, 1, 2))
    assert [(level, name) for level, name, _ in later][:2] == [("RED", "红1"), ("RED", "黄3")]
    assert ("YELLOW", "绿1", date(2027, 7, 2)) in later


async def test_a_term_begun_on_29_february_is_found_at_the_window_edge(build: Builder) -> None:
    book = await ledger(build)
    await _org(build, "闰日", book.root, date(2024, 2, 29))  # ends 28 Feb 2027; six months before: 28 Aug 2026
    actor = await book.actor(book.org_admin)
    assert await _alerts(build, actor, book.root, date(2026, 8, 27)) == []
    assert await _alerts(build, actor, book.root, date(2026, 8, 28)) == [("YELLOW", "闰日", date(2027, 2, 28))]


async def test_a_sibling_branch_sees_none_and_the_branch_sees_its_own(build: Builder) -> None:
    t = await tree(build)
    book = t.book
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(Organization).where(col(Organization.id) == book.branch.id).values(term_started_on=date(2023, 1, 1))
        )
    sibling = await book.build.user("sibling.secretary", grants=[(Role.SECRETARY, book.branch2, True)])
    assert await _alerts(build, await book.actor(sibling), book.branch, t.today) == []
    assert await _alerts(build, await book.actor(sibling), book.root, t.today) == []
    assert await _alerts(build, await book.actor(book.secretary), book.root, t.today) == [
        ("RED", "第一党支部", date(2026, 1, 1))
    ]
    assert await _alerts(build, await book.actor(book.outsider), book.root, t.today) == []


async def test_counts_match_a_hand_count(build: Builder) -> None:
    t = await tree(build)
    upper, secretary = await t.book.actor(t.book.org_admin), await t.book.actor(t.book.secretary)
    async with build.sessions() as session:
        points = await reelection_counts(session, actor=upper, under_path=t.book.root.path, rules=RULES, today=t.today)
        sibling = await reelection_counts(
            session, actor=secretary, under_path=t.book.root.path, rules=RULES, today=t.today
        )
    # ON_TIME 绿1; DUE_SOON 黄1-黄4; OVERDUE 红1; NO_TERM 集团党委, 第一党支部, 第二党支部.
    assert [(p.key, p.label, p.value, p.percent) for p in points] == [
        ("ON_TIME", "任期内", 1, 11.1),
        ("DUE_SOON", "即将到期", 4, 44.5),
        ("OVERDUE", "已超期未换届", 1, 11.1),
        ("NO_TERM", "无任期记录", 3, 33.3),
    ]
    assert [p.value for p in sibling] == [0, 0, 0, 1]  # the secretary of 第一党支部 reads only it
