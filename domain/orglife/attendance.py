"""Members' organization life: attendance per member over a period, and the members without any for
rules.inactive_months (DOMAIN.md, Members: six months in a row without organization life must be flagged).

Who is listed: members on a roll in the subtree (record ACTIVE, not suspended: 停止党籍 ends organization
life), visible to the actor for both organization life and the ledger. Attendance is counted from
MeetingAttendance at any meeting (a member may be due at the branch's, the group's and a committee's).
- due: the meetings in the period the member was due at; present: of them, present; rate: present / due in
  percent (one decimal), None when nothing was due; last present: the latest present date in the period.
- inactive: joined before the cutoff (today minus inactive_months, calendar months) and no present
  attendance on or after it. Last present exactly on the cutoff day is "six months ago", not more: not
  flagged; the day before is.
Each page is one statement: the counts are correlated subqueries on the (member_id, held_on) index, so a page
of 20 reads 20 members' attendance, whatever the subtree's size.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.errors import CommonError, DomainError
from domain.members import reads as member_reads
from domain.members.enums import RecordState, SpecialState
from domain.orglife.models import MeetingAttendance
from domain.orglife.periods import asked_range
from domain.orglife.rules import OrgLifeRules
from domain.orgs.models import Organization
from domain.paging import Page, PageRequest, make_page
from domain.timeutil import add_months
from domain.tree import in_subtree

M = member_reads.M
A = MeetingAttendance.__table__.c  # type: ignore[attr-defined]
PAGE_KEY = (str, int)  # (name, id)
_MAX_ID = 2**31 - 1


def _roll(actor: Actor, under_path: str) -> list[ColumnElement[bool]]:
    return [
        AUTHORIZER.path_filter(actor, M.org_path, Resource.ORG_LIFE, Action.READ),
        AUTHORIZER.path_filter(actor, M.org_path, Resource.MEMBER, Action.READ),
        in_subtree(M.org_path, under_path),
        M.record_state == RecordState.ACTIVE,
        M.special_state != SpecialState.SUSPENDED,
    ]


def _after(statement: Select[Any], cursor: list[Any] | None) -> Select[Any]:
    if not cursor:
        return statement
    name, member_id = cursor
    if member_id > _MAX_ID:
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"])
    return statement.where(or_(M.name > name, and_(M.name == name, M.id > member_id)))


def _page(rows: Sequence[Any], page: PageRequest) -> Page[Any]:
    return make_page(rows, page, lambda row: [row.name, row.id])


async def member_attendance(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    year: int,
    quarter: int | None = None,
    month: int | None = None,
    page: PageRequest,
) -> Page[Any]:
    """Member rows (the ledger's columns) with due, present, rate and last_present_on, by name."""
    asked = asked_range(year, quarter, month)
    in_period = and_(A.member_id == M.id, A.held_on >= asked.start, A.held_on <= asked.end)
    present = and_(in_period, A.present.is_(True))
    statement = select(
        *member_reads.COLUMNS,
        select(func.count()).where(in_period).scalar_subquery().label("due"),
        select(func.count()).where(present).scalar_subquery().label("present"),
        select(func.max(A.held_on)).where(present).scalar_subquery().label("last_present_on"),
    ).where(*_roll(actor, under_path))
    statement = _after(statement, page.after).order_by(M.name, M.id).limit(page.first + 1)
    return _page((await session.execute(statement)).all(), page)


async def count_roll(session: AsyncSession, *, actor: Actor, under_path: str) -> int:
    total = await session.scalar(select(func.count()).select_from(M.id.table).where(*_roll(actor, under_path)))
    return int(total or 0)


def inactive_cutoff(rules: OrgLifeRules, today: date) -> date:
    return add_months(today, -rules.inactive_months)


def _inactive_where(actor: Actor, under_path: str, rules: OrgLifeRules, today: date) -> list[ColumnElement[bool]]:
    cutoff = inactive_cutoff(rules, today)
    lately = exists().where(A.member_id == M.id, A.present.is_(True), A.held_on >= cutoff)
    return [*_roll(actor, under_path), M.joined_on < cutoff, ~lately]


def _last_present() -> Any:
    return select(func.max(A.held_on)).where(A.member_id == M.id, A.present.is_(True)).scalar_subquery()


async def inactive_members(
    session: AsyncSession, *, actor: Actor, under_path: str, rules: OrgLifeRules, today: date, page: PageRequest
) -> Page[Any]:
    """Member rows with last_present_on (None: never), by name."""
    statement = select(*member_reads.COLUMNS, _last_present().label("last_present_on")).where(
        *_inactive_where(actor, under_path, rules, today)
    )
    statement = _after(statement, page.after).order_by(M.name, M.id).limit(page.first + 1)
    return _page((await session.execute(statement)).all(), page)


async def count_inactive(
    session: AsyncSession, *, actor: Actor, under_path: str, rules: OrgLifeRules, today: date
) -> int:
    statement = select(func.count()).select_from(M.id.table).where(*_inactive_where(actor, under_path, rules, today))
    return int(await session.scalar(statement) or 0)


async def inactive_by_org(
    session: AsyncSession, *, actor: Actor, under_path: str, rules: OrgLifeRules, today: date
) -> Sequence[Any]:
    """Per branch with inactive members: (organization_id, name, count, since), `since` the earliest day one of
    them last took part (or joined, if never): one row per org however many members, for the alerts."""
    orgs = Organization.__table__.c  # type: ignore[attr-defined]
    since = func.min(func.coalesce(_last_present(), M.joined_on))
    statement = (
        select(M.organization_id, orgs.name, func.count().label("count"), since.label("since"))
        .join_from(M.id.table, orgs.id.table, orgs.id == M.organization_id)
        .where(*_inactive_where(actor, under_path, rules, today))
        .group_by(M.organization_id, orgs.name)
    )
    return (await session.execute(statement)).all()
