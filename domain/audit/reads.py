"""Reading the trail: newest first, within the actor's audit scope, filtered in SQL."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.audit.models import AuditRecord
from domain.paging import Page, PageRequest, make_page
from domain.tree import in_subtree

TABLE = AuditRecord.__table__  # type: ignore[attr-defined]
A = TABLE.c


@dataclass(frozen=True)
class AuditFilter:
    since: datetime | None = None
    until: datetime | None = None
    user_id: int | None = None
    under_path: str | None = None
    operation: str | None = None
    result: str | None = None


def _where(actor: Actor, flt: AuditFilter) -> list[ColumnElement[bool]]:
    # Records with no org (sign-ins, new accounts) have no path: only a global audit scope sees them.
    clauses = [AUTHORIZER.path_filter(actor, A.org_path, Resource.AUDIT, Action.READ)]
    if flt.since:
        clauses.append(A.at >= flt.since)
    if flt.until:
        clauses.append(A.at < flt.until)
    if flt.user_id is not None:
        clauses.append(A.user_id == flt.user_id)
    if flt.under_path is not None:
        clauses.append(in_subtree(A.org_path, flt.under_path))
    if flt.operation:
        clauses.append(A.operation == flt.operation)
    if flt.result:
        clauses.append(A.result == flt.result)
    return clauses


async def list_records(session: AsyncSession, *, actor: Actor, flt: AuditFilter, page: PageRequest) -> Page[Row[Any]]:
    statement = select(A).where(*_where(actor, flt))
    if page.after:
        statement = statement.where(A.id < int(page.after[0]))
    rows = (await session.execute(statement.order_by(A.id.desc()).limit(page.first + 1))).all()
    return make_page(rows, page, lambda row: [row.id])


async def count_records(session: AsyncSession, *, actor: Actor, flt: AuditFilter) -> int:
    return int(await session.scalar(select(func.count()).select_from(TABLE).where(*_where(actor, flt))) or 0)
