"""The computations of orgs, members and development (issue 7, H2), each against a hand-built fixture with known
answers, rolled up at a branch and at the committee above it. Facts are written as rows: the services that make
them are tested in their own areas. The period is 2025Q1 unless said; its last day counts, the next does not."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from sqlalchemy import update
from sqlmodel import col

from domain.development.enums import STEP_NUMBERS, DevelopmentStep
from domain.development.models import DevelopmentFile, DevelopmentStepRecord
from domain.indicators.computations import REGISTRY, Scope, rollup
from domain.indicators.enums import Unit
from domain.indicators.periods import parse_period
from domain.members.models import Member, MemberTransfer
from domain.orglife.models import Election, ElectionSeat, Meeting, MeetingAttendance
from domain.orgs.models import Organization, OrgType
from tests.conftest import StatementLog
from tests.fixtures import Builder
from tests.members_support import Ledger, ledger

LATER = date(2025, 6, 1)
_seq = count(1)


async def measure(book: Ledger, name: str, period: str = "2025Q1", today: date = LATER) -> tuple[Any, Any]:
    """(branch's value, committee's value) of a computation, read once for the committee's subtree."""
    found = REGISTRY[name]
    async with book.build.sessions() as session:
        rows = list(await found.basis(session, Scope(book.root.path, parse_period(period), today)))
    values = rollup(rows, found.kind, [book.branch.path, book.root.path])
    return values[book.branch.path].value, values[book.root.path].value


def ident(row: Any) -> int:
    assert row.id is not None
    return int(row.id)


async def add(build: Builder, *rows: Any) -> list[Any]:
    async with build.sessions() as session, session.begin():
        session.add_all(rows)
        await session.flush()
    return list(rows)


def member(org: Organization, status: str = "FULL", **fields: Any) -> Member:
    n = next(_seq)
    values: dict[str, Any] = {
        "organization_id": org.id,
        "org_path": org.path,
        "name": f"党员{n}",
        "gender": "MALE",
        "ethnicity": "HAN",
        "birth_date": date(1990, 1, 1),
        "id_number_cipher": b"-",
        "id_number_key": f"key-{n}",
        "id_number_masked": "5101**********1234",
        "category": "EMPLOYED",
        "joined_on": date(2015, 7, 1),
        "status": status,
    }
    return Member(**(values | fields))


async def members(build: Builder, org: Organization, n: int, status: str = "FULL", **fields: Any) -> list[Member]:
    return await add(build, *(member(org, status, **fields) for _ in range(n)))


async def branch(book: Ledger, name: str) -> Organization:
    return await book.build.org(name, OrgType.BRANCH, parent=book.root)


async def test_branch_sizes(build: Builder) -> None:
    book = await ledger(build)
    await members(build, book.branch, 3)
    await members(build, book.branch, 1, "PROBATIONARY")
    await members(build, book.branch2, 2)
    await members(build, book.branch2, 49, "PROBATIONARY")  # 51 on the roll: a large branch
    await members(build, book.branch2, 1, special_state="SUSPENDED")  # not on the roll
    await members(build, book.other_branch, 60)  # outside the subtree
    gone, later = await branch(book, "已撤销支部"), await branch(book, "期后撤销支部")
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(Organization).where(col(Organization.id) == gone.id).values(dissolved_on=date(2025, 3, 31))
        )
        await session.execute(
            update(Organization).where(col(Organization.id) == later.id).values(dissolved_on=date(2025, 4, 1))
        )
    assert await measure(book, "BRANCH_MIN_FULL_MEMBERS") == (Decimal("100.00"), Decimal("33.33"))
    assert await measure(book, "LARGE_BRANCHES") == (Decimal(0), Decimal(1))


async def elect(build: Builder, org: Organization, seats: list[Member], held_on: date, ends_on: date) -> None:
    (election,) = await add(
        build,
        Election(organization_id=ident(org), org_path=org.path, held_on=held_on, entitled_voters=9, voters_present=9,
                 term_years=3, term_ends_on=ends_on),
    )  # fmt: skip
    await add(
        build,
        *(ElectionSeat(election_id=election.id, member_id=ident(m), position="MEMBER", votes_for=9) for m in seats),
    )


async def test_branch_committee_where_required(build: Builder) -> None:
    book = await ledger(build)
    third, small = await branch(book, "第三党支部"), await branch(book, "小支部")
    first = await members(build, book.branch, 7)
    await elect(build, book.branch, first[:3], date(2024, 1, 5), date(2027, 1, 5))
    second = await members(build, book.branch2, 7)
    await elect(build, book.branch2, second[:2], date(2024, 1, 5), date(2027, 1, 5))  # a secretary and deputy only
    olds = await members(build, third, 7)
    await elect(build, third, olds[:3], date(2022, 3, 31), date(2025, 3, 31))  # ends on the quarter's last day
    await elect(build, third, olds[:3], date(2025, 6, 30), date(2028, 6, 30))  # after the periods asked
    await members(build, small, 6)  # below 7: no committee required
    assert await measure(book, "BRANCH_COMMITTEE_WHERE_REQUIRED") == (Decimal("100.00"), Decimal("66.67"))
    assert await measure(book, "BRANCH_COMMITTEE_WHERE_REQUIRED", "2025-04") == (Decimal("100.00"), Decimal("33.33"))


async def test_reelection_on_time(build: Builder) -> None:
    book = await ledger(build)
    async with build.sessions() as session, session.begin():
        terms = {
            book.root.id: (date(2021, 6, 30), 5),
            book.branch.id: (date(2022, 3, 31), 3),
            book.group.id: (date(2020, 1, 1), 1),
        }
        for org_id, (started, years) in terms.items():
            await session.execute(
                update(Organization)
                .where(col(Organization.id) == org_id)
                .values(term_started_on=started, term_years=years)
            )
    # The branch's term ends on 2025-03-31: on time that day, overdue the next; branch2 has no term; groups never count.
    assert await measure(book, "REELECTION_ON_TIME") == (Decimal("100.00"), Decimal("100.00"))
    assert await measure(book, "REELECTION_ON_TIME", "2025Q2") == (Decimal("0.00"), Decimal("50.00"))
    # While a period runs, as of today: overdue from the day after the end, on time on the end day itself.
    assert await measure(book, "REELECTION_ON_TIME", "2025Q2", date(2025, 4, 1)) == (Decimal("0.00"), Decimal("50.00"))
    assert await measure(book, "REELECTION_ON_TIME", "2025", date(2025, 3, 31)) == (
        Decimal("100.00"),
        Decimal("100.00"),
    )


async def attended(build: Builder, who: Member, held_on: date, present: bool = True) -> None:
    org = await build.get_org(who.organization_id)
    (meeting,) = await add(
        build,
        Meeting(organization_id=ident(org), org_path=org.path, type="BRANCH_COMMITTEE", held_on=held_on,
                month_index=held_on.year * 12 + held_on.month - 1),
    )  # fmt: skip
    await add(build, MeetingAttendance(meeting_id=meeting.id, member_id=ident(who), held_on=held_on, present=present))


async def test_members_inactive_six_months(build: Builder) -> None:
    book = await ledger(build)
    # 2025Q2 ends on 2025-06-30: six months before is 2024-12-30, present that day is not "more than six months".
    on_cutoff, day_before, _never, newcomer, after_end = await members(build, book.branch, 5)
    async with build.sessions() as session, session.begin():
        await session.execute(update(Member).where(col(Member.id) == newcomer.id).values(joined_on=date(2025, 1, 10)))
    await attended(build, on_cutoff, date(2024, 12, 30))
    await attended(build, day_before, date(2024, 12, 29))
    await attended(build, day_before, date(2025, 3, 1), present=False)
    await attended(build, after_end, date(2025, 7, 1))
    await members(build, book.branch, 1, special_state="SUSPENDED")
    (active,) = await members(build, book.branch2, 1)
    await attended(build, active, date(2025, 3, 1))
    assert await measure(book, "MEMBERS_INACTIVE_6M", "2025Q2", date(2025, 9, 1)) == (
        Decimal("60.00"),
        Decimal("50.00"),
    )
    assert REGISTRY["MEMBERS_INACTIVE_6M"].unit is Unit.PERCENT


async def test_lost_contact_members(build: Builder) -> None:
    book = await ledger(build)
    await members(build, book.branch, 2, special_state="LOST_CONTACT")
    await members(build, book.branch, 1, special_state="LOST_CONTACT", record_state="LEFT")
    await members(build, book.branch, 3)
    await members(build, book.branch2, 1, special_state="LOST_CONTACT")
    assert await measure(book, "LOST_CONTACT_MEMBERS") == (Decimal(2), Decimal(3))
    assert REGISTRY["LOST_CONTACT_MEMBERS"].unit is Unit.COUNT


def letter(who: Member, to: Organization, requested_on: date, status: str, decided_at: datetime | None = None) -> Any:
    return MemberTransfer(
        member_id=ident(who), kind="INTERNAL", status=status, from_org_id=who.organization_id, to_org_id=to.id,
        reason="工作调动", letter_valid_days=30, requested_on=requested_on,
        expires_on=requested_on + timedelta(days=30), decided_at=decided_at,
    )  # fmt: skip


async def test_transfers_decided_in_time(build: Builder) -> None:
    book = await ledger(build)
    people = await members(build, book.other_branch, 7)
    jan10 = date(2025, 1, 10)  # the letter expires on 2025-02-09; decisions are UTC instants, days are Shanghai's
    await add(
        build,
        letter(
            people[0], book.branch, jan10, "ACCEPTED", datetime(2025, 2, 9, 15, 0, tzinfo=UTC)
        ),  # 23:00 in Shanghai: in time
        letter(
            people[1], book.branch, jan10, "REJECTED", datetime(2025, 2, 9, 16, 30, tzinfo=UTC)
        ),  # 00:30 the next day: late
        letter(people[2], book.branch, date(2025, 3, 31), "PENDING"),  # still valid at the quarter's end: not due
        letter(people[3], book.branch, date(2025, 4, 1), "PENDING"),  # the next quarter
        letter(people[4], book.branch, date(2025, 2, 1), "EXPIRED"),  # lapsed undecided
        letter(people[5], book.branch, date(2025, 2, 1), "CANCELLED"),  # withdrawn: nothing to decide
        letter(people[6], book.branch2, date(2025, 3, 1), "ACCEPTED", datetime(2025, 3, 5, 2, 0, tzinfo=UTC)),
    )
    assert await measure(book, "TRANSFERS_DECIDED_IN_TIME") == (Decimal("33.33"), Decimal("50.00"))


async def dev_file(build: Builder, org: Organization, applied_on: date = date(2024, 1, 1), **fields: Any) -> int:
    n = next(_seq)
    (file,) = await add(
        build,
        DevelopmentFile(organization_id=ident(org), org_path=org.path, name=f"申请人{n}", gender="MALE",
                        ethnicity="HAN", birth_date=date(2000, 1, 1), id_number_cipher=b"-", id_number_key=f"dev-{n}",
                        id_number_masked="5101**********1234", category="EMPLOYED", applied_on=applied_on,
                        stage=fields.pop("stage", "ACTIVIST"), **fields),
    )  # fmt: skip
    assert file.id is not None
    return int(file.id)


async def steps(build: Builder, file_id: int, *dated: tuple[DevelopmentStep, date]) -> None:
    await add(
        build, *(DevelopmentStepRecord(file_id=file_id, step=s, number=STEP_NUMBERS[s], done_on=on) for s, on in dated)
    )


S = DevelopmentStep


async def test_applicant_talk_on_time(build: Builder) -> None:
    book = await ledger(build)
    cases = [
        (book.branch, date(2025, 1, 15), date(2025, 2, 15), None),  # on the deadline day: on time
        (book.branch, date(2025, 1, 15), date(2025, 2, 16), None),  # a day late
        (book.branch, date(2025, 3, 31), date(2025, 3, 31), None),  # applied on the quarter's last day: counts
        (book.branch, date(2025, 4, 1), date(2025, 4, 2), None),  # the day after: another quarter
        (book.branch, date(2025, 1, 20), None, None),  # never talked to, deadline past: missed
        (book.branch, date(2025, 1, 20), None, date(2025, 2, 1)),  # withdrawn before the deadline: not counted
        (book.branch, date(2025, 3, 20), None, None),  # deadline 2025-04-20, after the as-of day: not yet due
        (book.branch2, date(2025, 2, 1), date(2025, 2, 2), None),
    ]
    for org, applied, talk, closed in cases:
        file_id = await dev_file(build, org, applied, closed_on=closed, stage="APPLICANT")
        if talk:
            await steps(build, file_id, (S.APPLICANT_TALK, talk))
    assert await measure(book, "APPLICANT_TALK_ON_TIME") == (Decimal("50.00"), Decimal("60.00"))
    assert await measure(book, "APPLICANT_TALK_ON_TIME", "2025Q1", date(2025, 3, 31)) == (
        Decimal("50.00"),
        Decimal("60.00"),
    )


async def test_activist_review_on_time(build: Builder) -> None:
    book = await ledger(build)
    cases: list[tuple[Organization, list[tuple[DevelopmentStep, date]]]] = [
        (book.branch, [(S.ACTIVIST_DESIGNATION, date(2024, 7, 31)), (S.ACTIVIST_REVIEW, date(2025, 1, 31))]),  # on time
        (book.branch, [(S.ACTIVIST_DESIGNATION, date(2024, 9, 30)), (S.ACTIVIST_REVIEW, date(2025, 4, 1))]),  # due 3-30
        (book.branch, [(S.ACTIVIST_DESIGNATION, date(2024, 3, 31)), (S.ACTIVIST_REVIEW, date(2024, 9, 15)),
                       (S.ACTIVIST_REVIEW, date(2025, 3, 20))]),  # the second due 2025-03-15: late
        (book.branch, [(S.ACTIVIST_DESIGNATION, date(2024, 10, 15))]),  # due 2025-04-15: next quarter
        (book.branch, [(S.ACTIVIST_DESIGNATION, date(2024, 1, 1)), (S.ACTIVIST_REVIEW, date(2024, 7, 1)),
                       (S.TARGET_DESIGNATION, date(2025, 1, 1))]),  # a target by the due day: no review due
        (book.branch, [(S.ACTIVIST_DESIGNATION, date(2024, 6, 30))]),  # missed on 2024-12-30, last quarter
        (book.branch2, [(S.ACTIVIST_DESIGNATION, date(2024, 9, 1)), (S.ACTIVIST_REVIEW, date(2025, 2, 1))]),
    ]  # fmt: skip
    for org, dated in cases:
        await steps(build, await dev_file(build, org), *dated)
    assert await measure(book, "ACTIVIST_REVIEW_ON_TIME") == (Decimal("33.33"), Decimal("50.00"))
    assert await measure(book, "ACTIVIST_REVIEW_ON_TIME", "2024Q4") == (Decimal("0.00"), Decimal("0.00"))


async def test_admissions(build: Builder) -> None:
    book = await ledger(build)
    cases = [
        (book.branch, date(2024, 12, 31), date(2025, 3, 31)),  # within 3 months, on the quarter's last day
        (book.branch, date(2024, 11, 15), date(2025, 2, 16)),  # a day past 3 months
        (book.branch, date(2025, 1, 10), date(2025, 4, 1)),  # the day after the quarter
        (book.branch2, date(2025, 1, 5), date(2025, 2, 1)),
    ]
    for org, vote, approval in cases:
        await steps(build, await dev_file(build, org), (S.ADMISSION_VOTE, vote), (S.ADMISSION_APPROVAL, approval))
    assert await measure(book, "ADMISSION_APPROVAL_ON_TIME") == (Decimal("50.00"), Decimal("66.67"))
    assert await measure(book, "NEW_MEMBERS_ADMITTED") == (Decimal(2), Decimal(3))
    assert await measure(book, "NEW_MEMBERS_ADMITTED", "2025Q2") == (Decimal(1), Decimal(1))


async def test_conversion_on_time(build: Builder) -> None:
    book = await ledger(build)
    cases: list[tuple[Organization, date, date | None, dict[str, Any]]] = [
        (book.branch, date(2024, 3, 31), date(2025, 3, 31), {}),  # decided on the day probation ends
        (book.branch, date(2024, 2, 10), date(2025, 2, 11), {}),  # a day late
        (book.branch, date(2024, 1, 15), None, {}),  # ended 2025-01-15 undecided
        (book.branch, date(2023, 8, 1), date(2025, 1, 20), {"extension_months": 6}),  # extended to 2025-02-01
        (book.branch, date(2024, 4, 1), None, {}),  # ends 2025-04-01: next quarter
        (book.branch, date(2024, 3, 1), None, {"closed_on": date(2025, 2, 15), "stage": "CLOSED"}),  # cancelled in time
        (book.branch2, date(2024, 2, 1), date(2025, 2, 1), {}),
    ]
    for org, vote, decided, fields in cases:
        file_id = await dev_file(build, org, **({"stage": "PROBATIONARY"} | fields))
        dated = [(S.ADMISSION_VOTE, vote), (S.ADMISSION_APPROVAL, vote)]
        await steps(build, file_id, *dated, *([(S.CONVERSION_VOTE, decided)] if decided else []))
    assert await measure(book, "CONVERSION_ON_TIME") == (Decimal("60.00"), Decimal("66.67"))


H2 = (
    "BRANCH_MIN_FULL_MEMBERS", "BRANCH_COMMITTEE_WHERE_REQUIRED", "REELECTION_ON_TIME", "LARGE_BRANCHES",
    "MEMBERS_INACTIVE_6M", "LOST_CONTACT_MEMBERS", "TRANSFERS_DECIDED_IN_TIME", "APPLICANT_TALK_ON_TIME",
    "ACTIVIST_REVIEW_ON_TIME", "ADMISSION_APPROVAL_ON_TIME", "CONVERSION_ON_TIME", "NEW_MEMBERS_ADMITTED",
)  # fmt: skip


async def counted(book: Ledger, statements: StatementLog) -> dict[str, int]:
    found = {}
    for name in H2:
        statements.clear()
        await measure(book, name)
        found[name] = statements.count
    return found


async def test_set_based_whatever_the_tree(build: Builder, statements: StatementLog) -> None:
    """A few statements for the whole subtree, as many for ten branches as for one (never one per org)."""
    book = await ledger(build)

    async def branch_with_facts(name: str) -> None:
        org = await branch(book, name)
        people = await members(build, org, 7)
        await elect(build, org, people[:3], date(2024, 1, 5), date(2027, 1, 5))
        await attended(build, people[0], date(2025, 2, 1))
        await add(build, letter(people[1], book.branch, date(2025, 1, 10), "PENDING"))
        file_id = await dev_file(build, org, date(2025, 1, 2))
        await steps(
            build, file_id, (S.APPLICANT_TALK, date(2025, 1, 3)), (S.ACTIVIST_DESIGNATION, date(2024, 7, 1)),
            (S.ACTIVIST_REVIEW, date(2025, 1, 1)), (S.ADMISSION_VOTE, date(2024, 3, 1)),
            (S.ADMISSION_APPROVAL, date(2025, 1, 1)),
        )  # fmt: skip

    await branch_with_facts("甲支部")
    one = await counted(book, statements)
    for n in range(9):
        await branch_with_facts(f"支部{n}")
    assert await counted(book, statements) == one
    assert max(one.values()) <= 3, one
