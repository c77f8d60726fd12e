"""Meeting alerts at each boundary (today given) and the chart data: held vs required per type, and the
attendance distribution of a hand-made set of meetings."""

from datetime import date

from domain.alerts import Alert
from domain.orglife.compliance_alerts import meeting_alerts
from domain.orglife.compliance_charts import attendance_distribution, held_vs_required
from domain.orglife.enums import MeetingType
from domain.orglife.rules import OrgLifeRules
from domain.orgs import service as orgs
from tests.fixtures import Builder
from tests.members_support import Ledger, ledger
from tests.orglife_compliance_support import hold, hold_each

M = MeetingType
RULES = OrgLifeRules()


async def second_branch(build: Builder) -> Ledger:
    """第二党支部 (no full members: no 支委会 due) held: the theme day in October 2026, the general meeting in
    the 3rd quarter, the organization-life meeting with the evaluation on the last day of 2025; never a lecture."""
    book = await ledger(build)
    await hold(build, book.branch2, M.THEME_PARTY_DAY, date(2026, 10, 15))
    await hold(build, book.branch2, M.BRANCH_GENERAL_MEETING, date(2026, 8, 1))
    await hold(build, book.branch2, M.ORG_LIFE_MEETING, date(2025, 12, 31), combined=True)
    return book


async def alerts_on(book: Ledger, day: date, under: str | None = None) -> list[Alert]:
    actor = await book.actor(book.org_admin)
    async with book.build.sessions() as session:
        return await meeting_alerts(session, actor=actor, under_path=under or book.branch2.path, rules=RULES, today=day)


def brief(alerts: list[Alert]) -> list[tuple[str, str, date]]:
    return [(a.level, a.title, a.due_on) for a in alerts]


async def test_meeting_alerts_on_29_november(build: Builder) -> None:
    book = await second_branch(build)
    found = await alerts_on(book, date(2026, 11, 29))
    assert brief(found) == [
        # The last closed quarter lacks its lecture; Q4 is only 60 of 92 days gone: no yellow yet.
        ("RED", "第二党支部：2026年第3季度未召开党课", date(2026, 9, 30)),
        # November is 29 of 30 days gone without a theme day.
        ("YELLOW", "第二党支部：2026年11月尚未召开主题党日，本期于 2026-11-30 结束", date(2026, 11, 30)),
        # 2026 is past two-thirds; 2025 was held by the combined meeting, for both. Ties go by title.
        ("YELLOW", "第二党支部：2026年尚未召开民主评议党员，本期于 2026-12-31 结束", date(2026, 12, 31)),
        ("YELLOW", "第二党支部：2026年尚未召开组织生活会，本期于 2026-12-31 结束", date(2026, 12, 31)),
    ]
    assert {(a.kind, a.subject_type, a.subject_id, a.org_id) for a in found} == {
        ("MEETING_MISSING", "Organization", book.branch2.id, book.branch2.id),
        ("MEETING_DUE_SOON", "Organization", book.branch2.id, book.branch2.id),
    }


async def test_meeting_alerts_at_the_boundaries(build: Builder) -> None:
    book = await second_branch(build)
    # 19 November: a third of November is still left, so no yellow for the theme day.
    assert [a.title for a in await alerts_on(book, date(2026, 11, 19)) if "主题党日" in a.title] == []
    assert [a.level for a in await alerts_on(book, date(2026, 11, 20)) if "主题党日" in a.title] == ["YELLOW"]
    # 1 December: November has closed without it (red); December has just begun; Q4 is two-thirds gone.
    december = brief(await alerts_on(book, date(2026, 12, 1)))
    assert ("RED", "第二党支部：2026年11月未召开主题党日", date(2026, 11, 30)) in december
    assert (
        "YELLOW",
        "第二党支部：2026年第4季度尚未召开支部党员大会，本期于 2026-12-31 结束",
        date(2026, 12, 31),
    ) in december
    assert not [a for a in december if "2026年12月" in a[1]]
    # 31 August: the year is not yet two-thirds gone (1 September is).
    assert not [a for a in await alerts_on(book, date(2026, 8, 31)) if "2026年尚未" in a.title]
    assert [a for a in await alerts_on(book, date(2026, 9, 1)) if "2026年尚未" in a.title]
    # 2 January 2027: 2026 closed without the organization-life meeting: red, for both it and the evaluation.
    january = [a for a in brief(await alerts_on(book, date(2027, 1, 2))) if a[0] == "RED" and "2026年未" in a[1]]
    assert january == [
        ("RED", "第二党支部：2026年未召开民主评议党员", date(2026, 12, 31)),
        ("RED", "第二党支部：2026年未召开组织生活会", date(2026, 12, 31)),
    ]


async def test_dissolved_and_unseen_orgs_raise_no_alerts(build: Builder) -> None:
    book = await second_branch(build)
    assert await alerts_on(book, date(2026, 11, 29), under=book.other_branch.path) == []
    secretary = await book.actor(book.secretary)
    async with build.sessions() as session:
        found = await meeting_alerts(
            session, actor=secretary, under_path=book.root.path, rules=RULES, today=date(2026, 11, 29)
        )
    assert {a.org_id for a in found} == {book.branch.id, book.group.id}
    async with build.sessions() as session, session.begin():
        await orgs.dissolve_org(
            session,
            actor=await build.admin(),
            org_id=int(book.branch2.id or 0),
            dissolved_on=date(2026, 11, 2),
            reason="撤并",
        )
    assert await alerts_on(book, date(2026, 11, 29)) == []


async def test_held_vs_required_and_the_attendance_distribution(build: Builder) -> None:
    book = await ledger(build)
    people = [await book.add(f"党员{i}", f"{i}41") for i in range(10)]
    # Q4 2025 by hand. 第一党支部 (10 full members): theme days in October and December, a 支委会 in each
    # month, no general meeting, one lecture. 第二党支部: nothing. 第一党小组: two of three months.
    await hold_each(build, book.branch, M.BRANCH_COMMITTEE_MEETING, [date(2025, m, 3) for m in (10, 11, 12)])
    await hold(build, book.branch, M.PARTY_LECTURE, date(2025, 11, 11), present=people[:10])  # 100 %
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2025, 10, 8), present=people[:9], absent=people[9:])  # 90
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2025, 12, 8), present=people[:8], absent=people[8:])  # 80
    await hold(build, book.group, M.GROUP_MEETING, date(2025, 10, 20), present=people[:6], absent=people[6:])  # 60
    await hold(build, book.group, M.GROUP_MEETING, date(2025, 11, 20), present=people[:5], absent=people[5:])  # 50
    await hold(build, book.group, M.GROUP_MEETING, date(2025, 9, 20), present=people[:1], absent=people[1:])  # Q3
    actor = await book.actor(book.org_admin)
    async with build.sessions() as session:
        tallies = await held_vs_required(
            session, actor=actor, under_path=book.root.path, year=2025, quarter=4, today=date(2026, 11, 29)
        )
        points = await attendance_distribution(session, actor=actor, under_path=book.root.path, year=2025, quarter=4)
    assert [(t.meeting_type, t.label, t.required, t.held, t.rate) for t in tallies] == [
        ("BRANCH_GENERAL_MEETING", "支部党员大会", 2, 0, 0.0),
        ("BRANCH_COMMITTEE_MEETING", "支委会", 3, 3, 100.0),
        ("GROUP_MEETING", "党小组会", 3, 2, 66.7),
        ("PARTY_LECTURE", "党课", 2, 1, 50.0),  # the committee's yearly lecture is not in a quarter
        ("THEME_PARTY_DAY", "主题党日", 6, 2, 33.3),
        ("ORG_LIFE_MEETING", "组织生活会", 0, 0, None),
        ("DEMOCRATIC_EVALUATION", "民主评议党员", 0, 0, None),
        ("COMMITTEE_MEETING", "党委会", 3, 0, 0.0),
    ]
    # The 支委会 meetings recorded no one due: left out of the distribution.
    assert [(p.key, p.value, p.percent) for p in points] == [
        ("BELOW_60", 1, 20.0),
        ("FROM_60", 1, 20.0),
        ("FROM_80", 1, 20.0),
        ("FROM_90", 1, 20.0),
        ("FULL", 1, 20.0),
    ]
