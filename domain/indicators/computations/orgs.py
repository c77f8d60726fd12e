"""Computations about the org tree itself: branch sizes, branch committees and terms (issue 7, H2).

Each is one statement over the subtree, one row per org; the few date rules that SQL cannot compute alike on
both databases (a term's end, calendar years) are applied in Python to those rows. Member counts are the
current roll (the ledger keeps no dated history of statuses): in the ledger (ACTIVE) and not suspended.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.indicators.computations.registry import Kind, Row, Scope, computation
from domain.indicators.enums import Unit
from domain.members.enums import MemberStatus, RecordState, SpecialState
from domain.members.models import Member
from domain.orglife.config import current_rules
from domain.orglife.models import Election, ElectionSeat
from domain.orglife.term_rules import ELECTING_TYPES, MIN_SEATS, term_end
from domain.orgs.models import Organization, OrgType
from domain.tree import in_subtree

ORG_TABLE = Organization.__table__  # type: ignore[attr-defined]
ORGS = ORG_TABLE.c
M = Member.__table__.c  # type: ignore[attr-defined]
ELECTION_TABLE = Election.__table__  # type: ignore[attr-defined]
E = ELECTION_TABLE.c
SEATS = ElectionSeat.__table__.c  # type: ignore[attr-defined]
MIN_FULL_MEMBERS = 3  # DOMAIN.md: a branch needs at least 3 full members
MAX_MEMBERS = 50  # DOMAIN.md: a branch generally has at most 50 members


def as_of(scope: Scope) -> date:
    """Facts about "now" for a period: as of its end, or today while it runs."""
    return min(scope.today, scope.period.end)


def living(day: date) -> Any:
    return or_(ORGS.dissolved_on.is_(None), ORGS.dissolved_on > day)


def _roll_counts(under_path: str) -> Any:
    """Per branch: members on the roll, and of them full members."""
    full = case((M.status == MemberStatus.FULL, 1), else_=0)
    return (
        select(M.organization_id, func.count().label("everyone"), func.sum(full).label("full"))
        .where(
            in_subtree(M.org_path, under_path),
            M.record_state == RecordState.ACTIVE,
            M.special_state != SpecialState.SUSPENDED,
        )
        .group_by(M.organization_id)
        .subquery()
    )


async def _branches(session: AsyncSession, scope: Scope) -> list[Any]:
    counts = _roll_counts(scope.under_path)
    statement = (
        select(
            ORGS.path,
            func.coalesce(counts.c.everyone, 0).label("everyone"),
            func.coalesce(counts.c.full, 0).label("full"),
        )
        .select_from(ORG_TABLE.outerjoin(counts, counts.c.organization_id == ORGS.id))
        .where(in_subtree(ORGS.path, scope.under_path), ORGS.type == OrgType.BRANCH, living(as_of(scope)))
    )
    return list(await session.execute(statement))


@computation(
    "BRANCH_MIN_FULL_MEMBERS",
    "未撤销的党支部中，在册（未停止党籍）正式党员不少于 3 人的党支部所占比例：分子为达到 3 人的党支部数，"
    "分母为党支部数；按当前台账计。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def branch_min_full_members(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    return [(r.path, int(r.full >= MIN_FULL_MEMBERS), 1) for r in await _branches(session, scope)]


@computation(
    "LARGE_BRANCHES",
    "在册（未停止党籍）党员超过 50 人、宜调整设置的党支部个数（越少越好）；按当前台账计。",
    Kind.SUM,
    Unit.COUNT,
)
async def large_branches(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    return [(r.path, int(r.everyone > MAX_MEMBERS), 1) for r in await _branches(session, scope)]


def _orgs_with_latest_election(scope: Scope, *where: Any) -> Any:
    """Living orgs of the subtree with their term facts and their latest election held by the as-of day (a
    window over the org's elections), the election's seat count included."""
    day = as_of(scope)
    rank = func.row_number().over(partition_by=E.organization_id, order_by=(E.held_on.desc(), E.id.desc()))
    ranked = (
        select(E.id, E.organization_id, E.held_on, E.term_ends_on, rank.label("rank"))
        .select_from(ELECTION_TABLE.join(ORG_TABLE, ORGS.id == E.organization_id))
        .where(in_subtree(ORGS.path, scope.under_path), E.held_on <= day)
        .subquery()
    )
    latest = select(ranked).where(ranked.c.rank == 1).subquery()
    seats = select(func.count()).where(SEATS.election_id == latest.c.id).scalar_subquery()
    return (
        select(
            ORGS.id,
            ORGS.path,
            ORGS.term_started_on,
            ORGS.term_years,
            ORGS.term_adjusted_ends_on,
            latest.c.held_on,
            latest.c.term_ends_on,
            seats.label("seats"),
        )
        .select_from(ORG_TABLE.outerjoin(latest, latest.c.organization_id == ORGS.id))
        .where(in_subtree(ORGS.path, scope.under_path), living(day), *where)
    )


def term_end_as_of(row: Any, day: date) -> date | None:
    """The end of the term in force on `day`: the org's current term (with any approved move) if it had begun,
    else the term its latest election by then scheduled; None without a term on `day`."""
    if row.term_started_on is not None and row.term_started_on <= day:
        return term_end(row.term_started_on, row.term_years, row.term_adjusted_ends_on)
    return row.term_ends_on if row.held_on is not None else None


@computation(
    "BRANCH_COMMITTEE_WHERE_REQUIRED",
    "在册正式党员达到设支委会人数（默认 7 人）的党支部中，已选出支部委员会（最近一次选举产生 3 名以上委员）"
    "且任期未届满的党支部所占比例；时点为期末与今天中较早者。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def branch_committee_where_required(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    threshold = (await current_rules(session)).branch_committee_min_full_members
    day = as_of(scope)
    counts = _roll_counts(scope.under_path)
    required = select(counts.c.organization_id).where(counts.c.full >= threshold)
    statement = _orgs_with_latest_election(scope, ORGS.type == OrgType.BRANCH, ORGS.id.in_(required))
    rows = []
    for row in await session.execute(statement):
        ends = term_end_as_of(row, day)
        in_force = row.held_on is not None and (row.seats or 0) >= MIN_SEATS and ends is not None and ends >= day
        rows.append((row.path, int(in_force), 1))
    return rows


@computation(
    "REELECTION_ON_TIME",
    "有任期记录的党委、党总支、党支部（不含党小组）中，截至期末与今天中较早者任期未届满、或已按期换届的组织"
    "所占比例：分子为任期未过期的组织数，分母为有任期的组织数；届满当天仍算按期。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def reelection_on_time(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    day = as_of(scope)
    statement = _orgs_with_latest_election(scope, ORGS.type.in_([str(t) for t in ELECTING_TYPES]))
    rows = []
    for row in await session.execute(statement):
        ends = term_end_as_of(row, day)
        if ends is not None:
            rows.append((row.path, int(ends >= day), 1))
    return rows
