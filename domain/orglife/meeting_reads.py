"""Reads of meeting records for lists and loaders: Core rows, scoped and filtered in SQL; a record's parts
(attendance, agenda, studies, attachments, revisions) for a whole batch of meetings in one statement each."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.errors import CommonError, DomainError
from domain.orglife.enums import MeetingType
from domain.orglife.models import (
    Meeting,
    MeetingAgendaItem,
    MeetingAttachment,
    MeetingAttendance,
    MeetingRevision,
    MeetingStudy,
)
from domain.paging import Page, PageRequest, make_page
from domain.tree import in_subtree

TABLE: Table = Meeting.__table__  # type: ignore[attr-defined]
M = TABLE.c
PAGE_KEY = (str, int)  # newest first: (held_on, id)


def _where(
    actor: Actor, under_path: str, type: MeetingType | None, date_from: date | None, date_to: date | None
) -> list[ColumnElement[bool]]:
    clauses = [
        AUTHORIZER.path_filter(actor, M.org_path, Resource.ORG_LIFE, Action.READ),
        in_subtree(M.org_path, under_path),
    ]
    if type is not None:
        clauses.append(M.type == type)
    if date_from is not None:
        clauses.append(M.held_on >= date_from)
    if date_to is not None:
        clauses.append(M.held_on <= date_to)
    return clauses


def _cursor_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"]) from error


async def list_meetings(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    type: MeetingType | None,
    date_from: date | None,
    date_to: date | None,
    page: PageRequest,
) -> Page[Any]:
    """Meetings at or below `under` that the actor may read, the latest held first."""
    statement = select(TABLE).where(*_where(actor, under_path, type, date_from, date_to))
    if page.after:
        held_on, meeting_id = _cursor_date(page.after[0]), int(page.after[1])
        statement = statement.where(or_(M.held_on < held_on, and_(M.held_on == held_on, M.id < meeting_id)))
    statement = statement.order_by(M.held_on.desc(), M.id.desc()).limit(page.first + 1)
    rows = (await session.execute(statement)).all()
    return make_page(rows, page, lambda row: [row.held_on.isoformat(), row.id])


async def count_meetings(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    type: MeetingType | None,
    date_from: date | None,
    date_to: date | None,
) -> int:
    where = _where(actor, under_path, type, date_from, date_to)
    return int(await session.scalar(select(func.count()).select_from(TABLE).where(*where)) or 0)


async def meetings_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    scope = AUTHORIZER.path_filter(actor, M.org_path, Resource.ORG_LIFE, Action.READ)
    return {row.id: row for row in await session.execute(select(TABLE).where(M.id.in_(ids), scope))}


async def _grouped(session: AsyncSession, model: Any, meeting_ids: Sequence[int], *order: Any) -> dict[int, list[Any]]:
    table: Table = model.__table__
    rows = await session.execute(select(table).where(table.c.meeting_id.in_(meeting_ids)).order_by(*order))
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        found[row.meeting_id].append(row)
    return found


# The parts of meetings the caller has already read (their ids come from a scoped read), in one statement each.


async def attendance_of(session: AsyncSession, *, meeting_ids: Sequence[int]) -> dict[int, list[Any]]:
    return await _grouped(session, MeetingAttendance, meeting_ids, MeetingAttendance.__table__.c.id)  # type: ignore[attr-defined]


async def agenda_of(session: AsyncSession, *, meeting_ids: Sequence[int]) -> dict[int, list[Any]]:
    return await _grouped(session, MeetingAgendaItem, meeting_ids, MeetingAgendaItem.__table__.c.position)  # type: ignore[attr-defined]


async def studies_of(session: AsyncSession, *, meeting_ids: Sequence[int]) -> dict[int, list[Any]]:
    """The topics studied as each meeting's first agenda item, in the order given."""
    return await _grouped(session, MeetingStudy, meeting_ids, MeetingStudy.__table__.c.id)  # type: ignore[attr-defined]


async def attachments_of(session: AsyncSession, *, meeting_ids: Sequence[int]) -> dict[int, list[Any]]:
    return await _grouped(session, MeetingAttachment, meeting_ids, MeetingAttachment.__table__.c.id)  # type: ignore[attr-defined]


async def revisions_of(session: AsyncSession, *, meeting_ids: Sequence[int]) -> dict[int, list[Any]]:
    """Each meeting's earlier versions, the oldest first."""
    return await _grouped(session, MeetingRevision, meeting_ids, MeetingRevision.__table__.c.version)  # type: ignore[attr-defined]
