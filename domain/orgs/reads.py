"""Reads of the tree for lists and pages: Core rows, scoped in SQL, never checked row by row."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.orgs.models import Organization, OrgType
from domain.paging import Page, PageRequest, make_page
from domain.tree import in_subtree, path_after, tree_order

TABLE = Organization.__table__  # type: ignore[attr-defined]
T = TABLE.c
COLUMNS = (
    T.id,
    T.parent_id,
    T.name,
    T.type,
    T.code,
    T.path,
    T.depth,
    T.established_on,
    T.term_started_on,
    T.term_years,
    T.term_adjusted_ends_on,
    T.dissolved_on,
    T.dissolution_reason,
    T.version,
    T.created_at,
    T.updated_at,
)


# What a cursor carries: a list page's key is the path; a children page's key is (name, id).
LIST_KEY: tuple[type, ...] = (str,)
CHILDREN_KEY: tuple[type, ...] = (str, int)


@dataclass(frozen=True)
class OrgFilter:
    types: Sequence[OrgType] | None = None
    name_contains: str | None = None
    include_dissolved: bool = False


def visible(actor: Actor) -> ColumnElement[bool]:
    return AUTHORIZER.path_filter(actor, T.path, Resource.ORGANIZATION, Action.READ)


def _where(actor: Actor, under_path: str | None, flt: OrgFilter) -> list[ColumnElement[bool]]:
    clauses = [visible(actor)]
    if under_path is not None:
        clauses.append(in_subtree(T.path, under_path))
    if flt.types:
        clauses.append(T.type.in_([t.value for t in flt.types]))
    if flt.name_contains:
        clauses.append(T.name.contains(flt.name_contains, autoescape=True))
    if not flt.include_dissolved:
        clauses.append(T.dissolved_on.is_(None))
    return clauses


async def path_of(session: AsyncSession, org_id: int) -> str | None:
    return await session.scalar(select(T.path).where(T.id == org_id))


async def list_orgs(
    session: AsyncSession, *, actor: Actor, under_path: str | None, flt: OrgFilter, page: PageRequest
) -> Page[Row[Any]]:
    """One page in tree order (by path), the subtree of `under_path` if given, within the actor's scope."""
    statement: Select[Any] = select(*COLUMNS).where(*_where(actor, under_path, flt))
    dialect = session.get_bind().dialect.name
    if page.after:
        statement = statement.where(path_after(T.path, str(page.after[0]), dialect))
    rows = (await session.execute(statement.order_by(tree_order(T.path, dialect)).limit(page.first + 1))).all()
    return make_page(rows, page, lambda row: [row.path])


async def count_orgs(session: AsyncSession, *, actor: Actor, under_path: str | None, flt: OrgFilter) -> int:
    total = await session.scalar(select(func.count()).select_from(TABLE).where(*_where(actor, under_path, flt)))
    return int(total or 0)


async def orgs_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    rows = await session.execute(select(*COLUMNS).where(T.id.in_(ids), visible(actor)))
    return {row.id: row for row in rows}


async def children_pages(
    session: AsyncSession, *, actor: Actor, parent_ids: Sequence[int], page: PageRequest, include_dissolved: bool
) -> dict[int, Page[Row[Any]]]:
    """The first page of children for many parents in one statement (a window per parent)."""
    clauses = [T.parent_id.in_(parent_ids), visible(actor)]
    if not include_dissolved:
        clauses.append(T.dissolved_on.is_(None))
    if page.after:
        name, org_id = page.after[0], page.after[1]
        clauses.append(or_(T.name > name, and_(T.name == name, T.id > org_id)))
    ranked = (
        select(
            *COLUMNS,
            func.row_number().over(partition_by=T.parent_id, order_by=(T.name, T.id)).label("position"),
        )
        .where(*clauses)
        .subquery()
    )
    rows = (
        await session.execute(
            select(*[ranked.c[c.name] for c in COLUMNS])
            .where(ranked.c.position <= page.first + 1)
            .order_by(ranked.c.parent_id, ranked.c.position)
        )
    ).all()
    grouped: dict[int, list[Row[Any]]] = {pid: [] for pid in parent_ids}
    for row in rows:
        grouped[row.parent_id].append(row)
    return {pid: make_page(group, page, lambda r: [r.name, r.id]) for pid, group in grouped.items()}


async def count_children(
    session: AsyncSession, *, actor: Actor, parent_ids: Sequence[int], include_dissolved: bool
) -> dict[int, int]:
    clauses = [T.parent_id.in_(parent_ids), visible(actor)]
    if not include_dissolved:
        clauses.append(T.dissolved_on.is_(None))
    rows = await session.execute(select(T.parent_id, func.count()).where(*clauses).group_by(T.parent_id))
    counts = {pid: 0 for pid in parent_ids}
    counts.update({row[0]: row[1] for row in rows})
    return counts
