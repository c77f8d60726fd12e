"""Reads of the task library. A committee's templates serve its whole subtree, so they are visible to whoever
reads tasks at the committee or anywhere below it (a branch drafts its plan from its committee's library)."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import GLOBAL, Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.tasks.models import TaskTemplate
from domain.tree import ancestor_paths, in_subtree

TEMPLATES = TaskTemplate.__table__.c  # type: ignore[attr-defined]
PAGE_KEY = (int,)  # a library's entries in the order they were first written: lineage_id


def template_visible(actor: Actor) -> ColumnElement[bool]:
    patterns = AUTHORIZER.scope(actor, Resource.TASK, Action.READ)
    if not patterns:
        return false()
    if GLOBAL in patterns:
        return true()
    # A grant at /1/5/ reaches the libraries kept at /1/ and /1/5/: the library's path is a prefix of the
    # grant's. Paths hold only digits and slashes, so they need no LIKE escaping.
    above = [literal(p.rstrip("*"), literal_execute=True).like(TEMPLATES.org_path + "%") for p in patterns]
    return or_(AUTHORIZER.path_filter(actor, TEMPLATES.org_path, Resource.TASK, Action.READ), *above)


def _current(actor: Actor, under_path: str) -> list[ColumnElement[bool]]:
    """Current versions in the libraries a plan at `under` may draw on (its own and those above it), and in
    the libraries below it."""
    return [
        template_visible(actor),
        TEMPLATES.superseded_at.is_(None),
        or_(TEMPLATES.org_path.in_(ancestor_paths(under_path)), in_subtree(TEMPLATES.org_path, under_path)),
    ]


def _rows(*where: ColumnElement[bool]) -> Select[Any]:
    return select(*TEMPLATES).where(*where)


async def templates_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    """Any version, current or not: a plan item shows the version it came from."""
    return {row.id: row for row in await session.execute(_rows(template_visible(actor), TEMPLATES.id.in_(ids)))}


async def list_templates(
    session: AsyncSession, *, actor: Actor, under_path: str, first: int, after: int | None
) -> list[Any]:
    statement = _rows(*_current(actor, under_path))
    if after is not None:
        statement = statement.where(TEMPLATES.lineage_id > after)
    return list((await session.execute(statement.order_by(TEMPLATES.lineage_id).limit(first + 1))).all())


async def count_templates(session: AsyncSession, *, actor: Actor, under_path: str) -> int:
    statement = select(func.count()).select_from(TaskTemplate.__table__).where(*_current(actor, under_path))  # type: ignore[attr-defined]
    return int(await session.scalar(statement) or 0)
