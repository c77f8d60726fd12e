"""Computations of organization life about people: attendance at meetings, secretaries' party lectures and
the first-agenda studies they lead. One statement each over the subtree."""

from datetime import date

from sqlalchemy import Subquery, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.indicators.computations.registry import Kind, Row, Scope, computation
from domain.indicators.enums import Unit
from domain.orglife.enums import CommitteePosition, MeetingType
from domain.orglife.models import Election, ElectionSeat, Meeting, MeetingStudy
from domain.orglife.term_rules import ELECTING_TYPES
from domain.orgs.models import Organization
from domain.tree import in_subtree

ORG_TABLE = Organization.__table__  # type: ignore[attr-defined]
ORGS = ORG_TABLE.c
MEETING_TABLE = Meeting.__table__  # type: ignore[attr-defined]
MEETINGS = MEETING_TABLE.c
STUDIES = MeetingStudy.__table__.c  # type: ignore[attr-defined]
ELECTION_TABLE = Election.__table__  # type: ignore[attr-defined]
ELECTIONS = ELECTION_TABLE.c
SEAT_TABLE = ElectionSeat.__table__  # type: ignore[attr-defined]
SEATS = SEAT_TABLE.c


def as_of(scope: Scope) -> date:
    return min(scope.today, scope.period.end)


@computation(
    "ATTENDANCE_RATE",
    "党员参会率：期间内召开的各次会议的实到人数之和 ÷ 应到人数之和"
    "（按会议记录的应到、实到人数，会议计入召开它的组织）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def attendance_rate(session: AsyncSession, scope: Scope) -> list[Row]:
    m = MEETINGS
    statement = (
        select(m.org_path, func.sum(m.present_count), func.sum(m.due_count))
        .where(
            in_subtree(m.org_path, scope.under_path),
            m.month_index >= scope.period.first_month,
            m.month_index <= scope.period.last_month,
            m.due_count > 0,
        )
        .group_by(m.org_path)
    )
    return [(path, int(present), int(due)) for path, present, due in await session.execute(statement)]


@computation(
    "SECRETARY_LECTURE_GIVEN",
    "书记讲党课率：党委、党总支、党支部中，书记（截至期末最近一次换届选举产生的书记）在期间所在年度内"
    "亲自讲过党课（作为授课人的党课记录，在任何组织召开均可）的组织数 ÷ 有书记的组织数。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def secretary_lecture_given(session: AsyncSession, scope: Scope) -> list[Row]:
    year = scope.period.year
    secretaries = _secretaries(scope)
    lectured = (
        select(MEETINGS.id)
        .where(
            MEETINGS.lecturer_id == secretaries.c.member_id,
            MEETINGS.type == str(MeetingType.PARTY_LECTURE),
            MEETINGS.month_index >= year * 12,
            MEETINGS.month_index <= year * 12 + 11,
            MEETINGS.held_on <= scope.today,
        )
        .exists()
    )
    rows = (await session.execute(select(secretaries.c.path, lectured))).all()
    return [(path, 1 if given else 0, 1) for path, given in rows]


@computation(
    "SECRETARY_LED_FIRST_AGENDA",
    "书记带头学习第一议题率：党委、党总支、党支部期间内召开、以第一议题学习专题的会议中，由本组织书记"
    "（截至期末最近一次换届选举产生的书记）主持的会议数 ÷ 有书记的组织召开的此类会议数。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def secretary_led_first_agenda(session: AsyncSession, scope: Scope) -> list[Row]:
    secretaries = _secretaries(scope)
    studied = select(STUDIES.meeting_id).where(STUDIES.meeting_id == MEETINGS.id).exists()
    statement = (
        select(
            secretaries.c.path,
            func.count(case((MEETINGS.host_id == secretaries.c.member_id, 1))),
            func.count(),
        )
        .select_from(secretaries.join(MEETING_TABLE, MEETINGS.organization_id == secretaries.c.organization_id))
        .where(
            MEETINGS.month_index >= scope.period.first_month,
            MEETINGS.month_index <= scope.period.last_month,
            MEETINGS.held_on <= scope.today,
            studied,
        )
        .group_by(secretaries.c.path)
    )
    return [(path, int(led), int(held)) for path, led, held in await session.execute(statement)]


def _secretaries(scope: Scope) -> Subquery:
    """(path, organization_id, member_id): each living electing org's secretary, seated by its latest election
    held by the period's end (or today, if earlier)."""
    day = as_of(scope)
    rank = func.row_number().over(
        partition_by=ELECTIONS.organization_id, order_by=(ELECTIONS.held_on.desc(), ELECTIONS.id.desc())
    )
    latest = (
        select(
            ORGS.path.label("path"),
            ORGS.id.label("organization_id"),
            ELECTIONS.id.label("election_id"),
            rank.label("rank"),
        )
        .select_from(ELECTION_TABLE.join(ORG_TABLE, ORGS.id == ELECTIONS.organization_id))
        .where(
            in_subtree(ORGS.path, scope.under_path),
            ORGS.type.in_([str(t) for t in ELECTING_TYPES]),
            or_(ORGS.established_on.is_(None), ORGS.established_on <= day),
            or_(ORGS.dissolved_on.is_(None), ORGS.dissolved_on >= day),
            ELECTIONS.held_on <= day,
        )
        .subquery()
    )
    seated = and_(SEATS.election_id == latest.c.election_id, SEATS.position == str(CommitteePosition.SECRETARY))
    return (
        select(latest.c.path, latest.c.organization_id, SEATS.member_id)
        .select_from(latest.join(SEAT_TABLE, seated))
        .where(latest.c.rank == 1)
        .subquery()
    )
