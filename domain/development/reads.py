"""Reads of development files for lists and loaders: Core rows, scoped and filtered in SQL."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.development.enums import DevelopmentStage
from domain.development.models import DevelopmentFile, DevelopmentStepRecord
from domain.paging import Page, PageRequest, make_page
from domain.tree import in_subtree

TABLE = DevelopmentFile.__table__  # type: ignore[attr-defined]
F = TABLE.c
COLUMNS = tuple(c for c in F if c.name not in {"id_number_key"})
STEPS = DevelopmentStepRecord.__table__.c  # type: ignore[attr-defined]
PAGE_KEY = (int,)  # files are listed newest first, by id


def _where(actor: Actor, under_path: str, stage: DevelopmentStage | None) -> list[ColumnElement[bool]]:
    clauses = [
        AUTHORIZER.path_filter(actor, F.org_path, Resource.DEVELOPMENT, Action.READ),
        in_subtree(F.org_path, under_path),
    ]
    if stage is not None:
        clauses.append(F.stage == stage)
    return clauses


async def list_files(
    session: AsyncSession, *, actor: Actor, under_path: str, stage: DevelopmentStage | None, page: PageRequest
) -> Page[Any]:
    statement = select(*COLUMNS).where(*_where(actor, under_path, stage)).order_by(F.id.desc())
    if page.after:
        statement = statement.where(F.id < int(page.after[0]))
    rows = (await session.execute(statement.limit(page.first + 1))).all()
    return make_page(rows, page, lambda row: [row.id])


async def count_files(session: AsyncSession, *, actor: Actor, under_path: str, stage: DevelopmentStage | None) -> int:
    total = await session.scalar(select(func.count()).select_from(TABLE).where(*_where(actor, under_path, stage)))
    return int(total or 0)


async def files_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    scope = AUTHORIZER.path_filter(actor, F.org_path, Resource.DEVELOPMENT, Action.READ)
    rows = await session.execute(select(*COLUMNS).where(F.id.in_(ids), scope))
    return {row.id: row for row in rows}


async def steps_of(session: AsyncSession, *, file_ids: Sequence[int]) -> dict[int, list[Any]]:
    """The timelines of these files (already visible to the caller), in one statement."""
    rows = await session.execute(
        select(STEPS).where(STEPS.file_id.in_(file_ids)).order_by(STEPS.file_id, STEPS.number, STEPS.done_on, STEPS.id)
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        found[row.file_id].append(row)
    return found
