"""The computations of organization life, study and tasks (H3), each against a hand-built fixture with known
answers: read over a branch's subtree and over the committee's, rolled up at both (registry.rollup).

The tree (tests.members_support.ledger): 集团党委 (committee) > 第一党支部 > 第一党小组, 集团党委 > 第二党支部;
外单位党委 > 外单位支部 outside it, never counted. Period boundaries: the last day of a period counts in it,
the next day does not.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlmodel import col

from domain.indicators.computations import REGISTRY, Kind, Scope, rollup
from domain.indicators.enums import Unit
from domain.indicators.periods import parse_period
from domain.members.models import Member
from domain.orglife.enums import MeetingType
from domain.orglife.models import Election, ElectionSeat, Meeting
from domain.orgs.models import Organization, OrgType
from domain.tasks.models import Assignment, AssignmentMilestone, PlanItem, PlanMilestone
from tests.conftest import StatementLog
from tests.fixtures import Builder
from tests.members_support import Ledger, ledger
from tests.orglife_compliance_support import hold, hold_each
from tests.orglife_study_support import studied, topic
from tests.tasks_assignment_support import YEAR, ItemSpec, approved_plan, assignments
from tests.tasks_support import task_tree

M = MeetingType
H3 = {
    "MEETING_COMPLIANCE",
    "ATTENDANCE_RATE",
    "GENERAL_MEETING_HELD",
    "COMMITTEE_MEETING_HELD",
    "GROUP_MEETING_HELD",
    "THEME_DAY_HELD",
    "PARTY_LECTURE_HELD",
    "SECRETARY_LECTURE_GIVEN",
    "SECRETARY_LED_FIRST_AGENDA",
    "ORG_LIFE_MEETING_HELD",
    "FIRST_AGENDA_COVERAGE",
    "FIRST_AGENDA_ON_TIME",
    "TASKS_ACCEPTED_ON_TIME",
    "TASKS_OVERDUE_RATE",
    "BUDGET_USE",
    "MILESTONES_ON_TIME",
}
MEETING_KINDS = {
    "MEETING_COMPLIANCE",
    "GENERAL_MEETING_HELD",
    "COMMITTEE_MEETING_HELD",
    "GROUP_MEETING_HELD",
    "THEME_DAY_HELD",
    "PARTY_LECTURE_HELD",
    "ORG_LIFE_MEETING_HELD",
}


@dataclass(frozen=True)
class Values:
    committee: Decimal | None  # 集团党委 over its subtree, from a read of the committee's subtree
    branch: Decimal | None  # 第一党支部 over its subtree, from that same read
    branch_alone: Decimal | None  # 第一党支部 from a read of its own subtree only: must equal `branch`


async def measure(build: Builder, book: Ledger, name: str, period: str, today: date) -> Values:
    found = REGISTRY[name]
    async with build.sessions() as session:
        wide = list(await found.basis(session, Scope(book.root.path, parse_period(period), today)))
        narrow = list(await found.basis(session, Scope(book.branch.path, parse_period(period), today)))
    assert all(path.startswith(book.root.path) for path, _, _ in wide)
    up = rollup(wide, found.kind, [book.root.path, book.branch.path])
    alone = rollup(narrow, found.kind, [book.branch.path])
    return Values(up[book.root.path].value, up[book.branch.path].value, alone[book.branch.path].value)


def pct(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def test_every_computation_is_registered_as_a_percentage_with_a_chinese_description() -> None:
    assert set(REGISTRY) >= H3
    for name in H3:
        found = REGISTRY[name]
        assert (found.kind, found.unit) == (Kind.RATIO, Unit.PERCENT), name
        assert "÷" in found.description, name


async def test_meeting_types_held_per_period(build: Builder) -> None:
    book = await ledger(build)
    # 第一党支部: its quarter's members' meeting on the quarter's last day, a theme day every month, a lecture.
    await hold(build, book.branch, M.BRANCH_GENERAL_MEETING, date(2025, 9, 30))
    await hold_each(build, book.branch, M.THEME_PARTY_DAY, [date(2025, 7, 1), date(2025, 8, 1), date(2025, 9, 30)])
    await hold(build, book.branch, M.PARTY_LECTURE, date(2025, 8, 10))
    # 第二党支部: its members' meeting the day after the quarter (not in it), one theme day, no lecture.
    await hold(build, book.branch2, M.BRANCH_GENERAL_MEETING, date(2025, 10, 1))
    await hold(build, book.branch2, M.THEME_PARTY_DAY, date(2025, 7, 20))
    await hold_each(build, book.group, M.GROUP_MEETING, [date(2025, 7, 5), date(2025, 9, 5)])
    await hold_each(build, book.root, M.COMMITTEE_MEETING, [date(2025, 7, 8), date(2025, 8, 8)])
    await hold(build, book.other_branch, M.BRANCH_GENERAL_MEETING, date(2025, 8, 1))  # outside: never counted
    after = date(2025, 10, 15)

    async def q3(name: str, today: date = after) -> Values:
        return await measure(build, book, name, "2025Q3", today)

    assert await q3("GENERAL_MEETING_HELD") == Values(pct("50.00"), pct("100.00"), pct("100.00"))
    assert await q3("THEME_DAY_HELD") == Values(pct("66.67"), pct("100.00"), pct("100.00"))  # 4 of 6 months
    assert await q3("GROUP_MEETING_HELD") == Values(pct("66.67"), pct("66.67"), pct("66.67"))  # the group: 2 of 3
    # No branch has 7 full members: only the committee's monthly 党委会 is owed (2 of 3 months).
    assert await q3("COMMITTEE_MEETING_HELD") == Values(pct("66.67"), None, None)
    # Branch-quarters only: the committee's yearly lecture is not a quarter's.
    assert await q3("PARTY_LECTURE_HELD") == Values(pct("50.00"), pct("100.00"), pct("100.00"))
    # Compliant: 第一党支部 only; the group misses August, 第二党支部 its meeting, the committee September.
    assert await q3("MEETING_COMPLIANCE") == Values(pct("25.00"), pct("50.00"), pct("50.00"))
    # Mid-August: September has not started and August, not yet held by 第二党支部, is not owed yet.
    assert await q3("THEME_DAY_HELD", date(2025, 8, 15)) == Values(pct("100.00"), pct("100.00"), pct("100.00"))
    # The month of the last day counts, the next month is another period.
    assert await measure(build, book, "GENERAL_MEETING_HELD", "2025-09", after) == Values(None, None, None)


async def test_org_life_meeting_is_counted_over_the_periods_year(build: Builder) -> None:
    book = await ledger(build)
    await hold(build, book.branch, M.ORG_LIFE_MEETING, date(2025, 12, 31))
    await hold(build, book.branch2, M.ORG_LIFE_MEETING, date(2026, 1, 1))
    expected = Values(pct("50.00"), pct("100.00"), pct("100.00"))
    assert await measure(build, book, "ORG_LIFE_MEETING_HELD", "2025Q3", date(2026, 1, 15)) == expected
    assert await measure(build, book, "ORG_LIFE_MEETING_HELD", "2025", date(2026, 1, 15)) == expected
    # While 2025 runs, 第二党支部 owes nothing yet and 第一党支部 (which held it) is counted: 1 of 1.
    assert await measure(build, book, "ORG_LIFE_MEETING_HELD", "2025", date(2025, 12, 31)) == Values(
        pct("100.00"), pct("100.00"), pct("100.00")
    )


async def test_attendance_rate_over_meetings_held_in_the_period(build: Builder) -> None:
    book = await ledger(build)
    a, b, c = [await book.add(n, s) for n, s in (("甲", "101"), ("乙", "103"), ("丙", "105"))]
    d = await book.add("丁", "107", org=book.branch2)
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2025, 9, 30), present=[a, b], absent=[c])
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2025, 10, 1), absent=[a, b, c])  # next quarter
    await hold(build, book.branch2, M.THEME_PARTY_DAY, date(2025, 7, 1), present=[d])
    values = await measure(build, book, "ATTENDANCE_RATE", "2025Q3", date(2025, 10, 15))
    assert values == Values(pct("75.00"), pct("66.67"), pct("66.67"))


async def elect(build: Builder, org: Organization, held_on: date, secretary: Member) -> None:
    assert org.id is not None and secretary.id is not None
    async with build.sessions() as session, session.begin():
        election = Election(
            organization_id=org.id,
            org_path=org.path,
            held_on=held_on,
            entitled_voters=10,
            voters_present=10,
            term_years=3,
            term_ends_on=held_on.replace(year=held_on.year + 3),
        )
        session.add(election)
        await session.flush()
        assert election.id is not None
        session.add(ElectionSeat(election_id=election.id, member_id=secretary.id, position="SECRETARY", votes_for=10))


async def lecture(build: Builder, org: Organization, held_on: date, lecturer: Member) -> None:
    meeting = await hold(build, org, M.PARTY_LECTURE, held_on)
    async with build.sessions() as session, session.begin():
        await session.execute(update(Meeting).where(col(Meeting.id) == meeting.id).values(lecturer_id=lecturer.id))


async def test_secretary_lecture_given_in_the_periods_year(build: Builder) -> None:
    book = await ledger(build)
    s1, s2 = await book.add("书记一", "201"), await book.add("书记二", "203", org=book.branch2)
    s3 = await book.add("党委书记", "205", org=book.branch2)
    await elect(build, book.branch, date(2024, 6, 1), s1)
    await elect(build, book.branch2, date(2024, 6, 1), s2)
    await elect(build, book.branch2, date(2025, 10, 1), s1)  # after the period's end: not yet its secretary
    await elect(build, book.root, date(2024, 1, 10), s3)
    await lecture(build, book.branch, date(2025, 3, 10), s1)  # 第一党支部's secretary, in 2025
    await lecture(build, book.branch2, date(2024, 12, 31), s2)  # 第二党支部's: the year before only
    await lecture(build, book.branch2, date(2025, 12, 31), s3)  # the committee's secretary, at a branch
    values = await measure(build, book, "SECRETARY_LECTURE_GIVEN", "2025Q3", date(2026, 1, 15))
    assert values == Values(pct("66.67"), pct("100.00"), pct("100.00"))
    # As of 2025-12-30 the committee secretary's lecture has not been given yet.
    values = await measure(build, book, "SECRETARY_LECTURE_GIVEN", "2025Q3", date(2025, 12, 30))
    assert values == Values(pct("33.33"), pct("100.00"), pct("100.00"))


async def test_secretary_led_first_agenda_meetings_of_the_period(build: Builder) -> None:
    book = await ledger(build)
    s1, s2 = await book.add("书记一", "201"), await book.add("书记二", "203", org=book.branch2)
    await elect(build, book.branch, date(2024, 6, 1), s1)
    await elect(build, book.branch2, date(2024, 6, 1), s2)
    t1 = await topic(build, book.root, "专题一", date(2025, 7, 1), date(2025, 9, 30))

    async def first_agenda(org: Organization, held_on: date, host: Member | None) -> None:
        meeting_id = await studied(build, org, t1, held_on)
        async with build.sessions() as session, session.begin():
            await session.execute(
                update(Meeting).where(col(Meeting.id) == meeting_id).values(host_id=host.id if host else None)
            )

    await first_agenda(book.branch, date(2025, 7, 10), s1)  # led by its secretary
    await first_agenda(book.branch, date(2025, 9, 30), s2)  # hosted by another branch's secretary
    await first_agenda(book.branch2, date(2025, 8, 1), s2)
    await first_agenda(book.branch2, date(2025, 10, 1), None)  # the next quarter
    await first_agenda(book.root, date(2025, 8, 1), s1)  # the committee has no secretary: not counted
    await hold(build, book.branch, M.THEME_PARTY_DAY, date(2025, 8, 2))  # no first-agenda study: not counted
    # 第一党支部 1 of 2, 第二党支部 1 of 1: 2 of 3 over the committee.
    values = await measure(build, book, "SECRETARY_LED_FIRST_AGENDA", "2025Q3", date(2025, 10, 15))
    assert values == Values(pct("66.67"), pct("50.00"), pct("50.00"))
    # On 1 August only the meetings held by then count: 第一党支部 1 of 1 and 第二党支部 1 of 1.
    assert await measure(build, book, "SECRETARY_LED_FIRST_AGENDA", "2025Q3", date(2025, 8, 1)) == Values(
        pct("100.00"), pct("100.00"), pct("100.00")
    )


async def test_first_agenda_coverage_and_on_time(build: Builder) -> None:
    book = await ledger(build)
    root, branch, branch2 = book.root, book.branch, book.branch2
    t1 = await topic(build, root, "专题一", date(2025, 7, 1), date(2025, 9, 30))
    t2 = await topic(build, root, "专题二", date(2025, 9, 30), date(2025, 10, 31))  # issued on the last day
    t3 = await topic(build, root, "专题三", date(2025, 6, 30), date(2025, 7, 31))  # issued before, due in Q3
    t4 = await topic(build, root, "专题四", date(2025, 10, 1), date(2025, 10, 10))  # the next quarter's
    await studied(build, root, t1, date(2025, 9, 30))  # on its due date: on time
    await studied(build, branch, t1, date(2025, 10, 1))  # a day late
    await studied(build, branch, t2, date(2025, 10, 5))
    await studied(build, root, t3, date(2025, 7, 31))
    await studied(build, branch, t3, date(2025, 6, 30))
    await studied(build, branch2, t3, date(2025, 7, 31))
    await studied(build, branch, t4, date(2025, 10, 2))
    after = date(2025, 10, 15)
    # Issued in Q3: t1, t2 to 集团党委, 第一党支部, 第二党支部 (a group studies with its branch): 3 of 6.
    assert await measure(build, book, "FIRST_AGENDA_COVERAGE", "2025Q3", after) == Values(
        pct("50.00"), pct("100.00"), pct("100.00")
    )
    # Due in Q3: t1, t3; on time: 集团党委 both, 第一党支部 t3 only, 第二党支部 t3 only: 4 of 6.
    assert await measure(build, book, "FIRST_AGENDA_ON_TIME", "2025Q3", after) == Values(
        pct("66.67"), pct("50.00"), pct("50.00")
    )
    # On 15 September t1 is not due yet and nobody has studied it: only t3's pairs are owed, all on time.
    assert await measure(build, book, "FIRST_AGENDA_ON_TIME", "2025Q3", date(2025, 9, 15)) == Values(
        pct("100.00"), pct("100.00"), pct("100.00")
    )


async def tasks_fixture(build: Builder) -> tuple[Ledger, int]:
    """Items of Q2 of the current plan year (tasks_assignment_support.YEAR), distributed, then each org's
    assignment moved to a known state directly:

    | item (due)            | 第一党支部                  | 第二党支部                | 第一党小组  |
    | I1 (6-30, last of Q2) | accepted 6-30, spent 800元 | submitted, spent 1000元  |             |
    | I2 (7-01, Q3)         | in progress, spent 500元   |                           |             |
    | I3 (5-15)             | accepted 5-20 (late), 200元 | cancelled, spent 100元   | assigned    |

    Budget 1000元 each. Steps: I1 4-30 and 6-30, I3 5-01, I2 7-01."""
    tree = await task_tree(build)
    book = tree.ledger
    year = YEAR

    def day(month: int, dom: int) -> date:
        return date(year, month, dom)

    plan = await approved_plan(
        tree,
        [
            ItemSpec(
                "I1",
                [book.branch, book.branch2],
                day(1, 1),
                day(6, 30),
                milestones=[("M1", day(4, 30)), ("M2", day(6, 30))],
            ),
            ItemSpec("I2", [book.branch], day(1, 1), day(7, 1), milestones=[("M4", day(7, 1))]),
            ItemSpec(
                "I3", [book.branch, book.branch2, book.group], day(1, 1), day(5, 15), milestones=[("M3", day(5, 1))]
            ),
        ],
    )
    found = {(a.title, a.organization_id): a for a in await assignments(build, plan)}
    async with build.sessions() as session:
        statement = (
            select(col(PlanMilestone.title), col(PlanMilestone.id))
            .join(PlanItem, col(PlanItem.id) == col(PlanMilestone.item_id))
            .where(col(PlanItem.plan_id) == plan.id)
        )
        rows: list[Any] = list(await session.execute(statement))
    steps: dict[str, int] = {row[0]: row[1] for row in rows}

    def of(title: str, org: Organization) -> int:
        assignment_id = found[(title, org.id or 0)].id
        assert assignment_id is not None
        return assignment_id

    states = [
        (of("I1", book.branch), "ACCEPTED", day(6, 30), 80_000),
        (of("I1", book.branch2), "SUBMITTED", None, 100_000),
        (of("I2", book.branch), "IN_PROGRESS", None, 50_000),
        (of("I3", book.branch), "ACCEPTED", day(5, 20), 20_000),
        (of("I3", book.branch2), "CANCELLED", None, 10_000),
    ]
    done = [
        (of("I1", book.branch), "M1", day(4, 30)),
        (of("I1", book.branch2), "M1", day(4, 30)),
        (of("I1", book.branch2), "M2", day(6, 30)),
        (of("I3", book.group), "M3", day(5, 2)),  # a day late
    ]
    async with build.sessions() as session, session.begin():
        for assignment_id, status, accepted_on, spent in states:
            await session.execute(
                update(Assignment)
                .where(col(Assignment.id) == assignment_id)
                .values(status=status, accepted_on=accepted_on, spent_fen=spent)
            )
        session.add_all(AssignmentMilestone(assignment_id=a, milestone_id=steps[m], done_on=on) for a, m, on in done)
    return book, year


async def test_tasks_accepted_on_time_and_overdue(build: Builder) -> None:
    book, year = await tasks_fixture(build)
    after = date(year, 7, 15)
    q2 = f"{year}Q2"
    # On time over (accepted + overdue), due in Q2: 第一党支部 I1 on time, I3 late; 第二党支部 I1 overdue
    # (submitted is not done), I3 cancelled; the group I3 overdue. I2 is due the day after the quarter.
    assert await measure(build, book, "TASKS_ACCEPTED_ON_TIME", q2, after) == Values(
        pct("25.00"), pct("33.33"), pct("33.33")
    )
    # Overdue among those due in Q2 and past due: 第二党支部 I1 and the group's I3, of 4.
    assert await measure(build, book, "TASKS_OVERDUE_RATE", q2, after) == Values(
        pct("50.00"), pct("33.33"), pct("33.33")
    )
    # On 1 June I1 (due 30 June) is not past due yet: of I3's three live assignments only the group's is late.
    assert await measure(build, book, "TASKS_OVERDUE_RATE", q2, date(year, 6, 1)) == Values(
        pct("50.00"), pct("50.00"), pct("50.00")
    )
    # In Q3 only I2 is due (1 July), in progress and past due on 15 July.
    assert await measure(build, book, "TASKS_OVERDUE_RATE", f"{year}Q3", after) == Values(
        pct("100.00"), pct("100.00"), pct("100.00")
    )


async def test_budget_use_over_the_periods_year(build: Builder) -> None:
    book, year = await tasks_fixture(build)
    # Spent (cancelled included) over planned (cancelled excluded): 第一党支部 1500/3000, the group 0/1000,
    # 第二党支部 1100/1000; the branch's subtree 1500/4000, the committee's 2600/5000.
    expected = Values(pct("52.00"), pct("37.50"), pct("37.50"))
    assert await measure(build, book, "BUDGET_USE", f"{year}Q2", date(year, 7, 15)) == expected
    assert await measure(build, book, "BUDGET_USE", f"{year}", date(year, 7, 15)) == expected
    assert await measure(build, book, "BUDGET_USE", f"{year - 1}", date(year, 7, 15)) == Values(None, None, None)


async def test_milestones_on_time(build: Builder) -> None:
    book, year = await tasks_fixture(build)
    # Steps due in Q2: 第一党支部 I1 M1 reported on time, M2 done by the acceptance on its date, I3 M3 not
    # (accepted late): 2 of 3; 第二党支部 I1 M1, M2 reported on time: 2 of 2 (I3 cancelled); the group's I3 M3
    # reported a day late: 0 of 1. M4 (1 July) is Q3's.
    assert await measure(build, book, "MILESTONES_ON_TIME", f"{year}Q2", date(year, 7, 15)) == Values(
        pct("66.67"), pct("50.00"), pct("50.00")
    )
    # On 30 April only M1's date has come (done on time); a later step counts only once done on time (I1 M2
    # of both branches), never while it may still be (I3 M3 of 第一党支部 and the group).
    assert await measure(build, book, "MILESTONES_ON_TIME", f"{year}Q2", date(year, 4, 30)) == Values(
        pct("100.00"), pct("100.00"), pct("100.00")
    )


async def test_each_computation_costs_a_fixed_number_of_statements(build: Builder, statements: StatementLog) -> None:
    """Set-based: the same statements for a small subtree and a bigger one, never one per org."""
    book = await ledger(build)
    await build.org("新支部", OrgType.BRANCH, parent=book.root)
    costs: dict[str, list[int]] = {}
    for grow in (False, True):
        if grow:
            for n in range(3):
                await build.org(f"新增支部{n}", OrgType.BRANCH, parent=book.root)
        for name in sorted(H3):
            async with build.sessions() as session:
                statements.clear()
                await REGISTRY[name].basis(session, Scope(book.root.path, parse_period("2025Q3"), date(2025, 10, 15)))
                costs.setdefault(name, []).append(statements.count)
    assert {name: n for name, (n, m) in costs.items() if n != m} == {}
    # The org-life rules and requirements, the orgs, the meeting counts (+ the big branches for 支委会).
    assert costs["MEETING_COMPLIANCE"][0] == 5
    assert {name: n for name, (n, _) in costs.items() if name not in MEETING_KINDS} == {
        name: 1 for name in H3 - MEETING_KINDS
    }
