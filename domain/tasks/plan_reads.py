"""Reads of plans and their items. A plan is read by task read at its org. An item is read also where one
of its executing orgs is read: a branch sees the committee's item it works on, not the committee's plan."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.orgs.models import Organization
from domain.paging import Page, PageRequest, make_page
from domain.tasks.models import Plan, PlanItem, PlanItemExecutor, PlanMilestone
from domain.tree import in_subtree, path_after, tree_order

PLANS = Plan.__table__.c  # type: ignore[attr-defined]
ITEMS = PlanItem.__table__.c  # type: ignore[attr-defined]
EXECUTORS = PlanItemExecutor.__table__.c  # type: ignore[attr-defined]
MILESTONES = PlanMilestone.__table__.c  # type: ignore[attr-defined]
ORGS = Organization.__table__.c  # type: ignore[attr-defined]
PAGE_KEY = (int, int)  # newest year first, then newest plan: (year, id)


def plan_visible(actor: Actor) -> ColumnElement[bool]:
    return AUTHORIZER.path_filter(actor, PLANS.org_path, Resource.TASK, Action.READ)


def _plans(actor: Actor, *where: ColumnElement[bool]) -> Select[Any]:
    return select(*PLANS).where(plan_visible(actor), *where)


async def plans_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    return {row.id: row for row in await session.execute(_plans(actor, PLANS.id.in_(ids)))}


def _filters(under_path: str, year: int | None, status: str | None) -> list[ColumnElement[bool]]:
    where = [in_subtree(PLANS.org_path, under_path)]
    if year is not None:
        where.append(PLANS.year == year)
    if status is not None:
        where.append(PLANS.status == status)
    return where


async def list_plans(
    session: AsyncSession, *, actor: Actor, under_path: str, year: int | None, status: str | None, page: PageRequest
) -> Page[Any]:
    statement = _plans(actor, *_filters(under_path, year, status))
    if page.after:
        y, plan_id = int(page.after[0]), int(page.after[1])
        statement = statement.where(or_(PLANS.year < y, and_(PLANS.year == y, PLANS.id < plan_id)))
    statement = statement.order_by(PLANS.year.desc(), PLANS.id.desc()).limit(page.first + 1)
    rows = (await session.execute(statement)).all()
    return make_page(rows, page, lambda row: [row.year, row.id])


async def count_plans(
    session: AsyncSession, *, actor: Actor, under_path: str, year: int | None, status: str | None
) -> int:
    where = (plan_visible(actor), *_filters(under_path, year, status))
    statement = select(func.count()).select_from(Plan.__table__).where(*where)  # type: ignore[attr-defined]
    return int(await session.scalar(statement) or 0)


def _executor_count() -> Any:
    return (
        select(func.count()).where(EXECUTORS.item_id == ITEMS.id).correlate(PlanItem.__table__).scalar_subquery()  # type: ignore[attr-defined]
    )


def _items() -> Select[Any]:
    return select(*ITEMS, _executor_count().label("executor_count"))


async def items_of_plans(session: AsyncSession, plan_ids: Sequence[int], *, cancelled: bool) -> dict[int, list[Any]]:
    """The items of plans the caller has shown (so already read), in their order."""
    statement = _items().where(ITEMS.plan_id.in_(plan_ids))
    if not cancelled:
        statement = statement.where(ITEMS.cancelled_at.is_(None))
    found: dict[int, list[Any]] = {i: [] for i in plan_ids}
    for row in await session.execute(statement.order_by(ITEMS.plan_id, ITEMS.position)):
        found[row.plan_id].append(row)
    return found


def item_visible(actor: Actor) -> ColumnElement[bool]:
    executing = (
        select(EXECUTORS.item_id)
        .join(Organization.__table__, ORGS.id == EXECUTORS.organization_id)  # type: ignore[attr-defined]
        .where(EXECUTORS.item_id == ITEMS.id, AUTHORIZER.path_filter(actor, ORGS.path, Resource.TASK, Action.READ))
    )
    return or_(plan_visible(actor), exists(executing))


async def items_by_ids(session: AsyncSession, *, actor: Actor | None, ids: Sequence[int]) -> dict[int, Any]:
    """Items by id; `actor` None reads them for an object already read that points at them (an assignment
    read by its member, who has no task grant at all)."""
    statement = _items().join(Plan.__table__, PLANS.id == ITEMS.plan_id).where(ITEMS.id.in_(ids))  # type: ignore[attr-defined]
    if actor is not None:
        statement = statement.where(item_visible(actor))
    return {row.id: row for row in await session.execute(statement)}


async def milestones_of_items(session: AsyncSession, item_ids: Sequence[int]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {i: [] for i in item_ids}
    rows = await session.execute(
        select(*MILESTONES).where(MILESTONES.item_id.in_(item_ids)).order_by(MILESTONES.item_id, MILESTONES.position)
    )
    for row in rows:
        found[row.item_id].append(row)
    return found


async def executing_orgs(
    session: AsyncSession, *, actor: Actor, item_ids: Sequence[int], first: int, after: str | None
) -> dict[int, list[Any]]:
    """A page of each item's executing orgs the actor may see, in tree order: one statement for every item of
    a page (a window over each item's orgs), however many thousand orgs an item goes to."""
    dialect = session.get_bind().dialect.name
    where = [
        EXECUTORS.item_id.in_(item_ids),
        AUTHORIZER.path_filter(actor, ORGS.path, Resource.ORGANIZATION, Action.READ),
    ]
    if after is not None:
        where.append(path_after(ORGS.path, after, dialect))
    rank = func.row_number().over(partition_by=EXECUTORS.item_id, order_by=tree_order(ORGS.path, dialect))
    inner = (
        select(EXECUTORS.item_id.label("item_id"), *ORGS, rank.label("rank"))
        .select_from(Organization.__table__.join(PlanItemExecutor.__table__, ORGS.id == EXECUTORS.organization_id))  # type: ignore[attr-defined]
        .where(*where)
        .subquery()
    )
    rows = await session.execute(select(inner).where(inner.c.rank <= first + 1).order_by(inner.c.item_id, inner.c.rank))
    found: dict[int, list[Any]] = {i: [] for i in item_ids}
    for row in rows:
        found[row.item_id].append(row)
    return found


async def count_executing_orgs(session: AsyncSession, *, actor: Actor, item_id: int) -> int:
    statement = (
        select(func.count())
        .select_from(PlanItemExecutor.__table__.join(Organization.__table__, ORGS.id == EXECUTORS.organization_id))  # type: ignore[attr-defined]
        .where(
            EXECUTORS.item_id == item_id, AUTHORIZER.path_filter(actor, ORGS.path, Resource.ORGANIZATION, Action.READ)
        )
    )
    return int(await session.scalar(statement) or 0)


async def budgets_of_plans(session: AsyncSession, plan_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(planned, spent) fen of each plan: planned over its live items, an item's budget being per executing
    org; spent over every item, since money spent before a revision cancelled an item was still spent."""
    planned = case((ITEMS.cancelled_at.is_(None), ITEMS.budget_fen * _executor_count()), else_=0)
    statement = (
        select(ITEMS.plan_id, func.sum(planned), func.sum(ITEMS.spent_fen))
        .where(ITEMS.plan_id.in_(plan_ids))
        .group_by(ITEMS.plan_id)
    )
    found = {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in await session.execute(statement)}
    return {i: found.get(i, (0, 0)) for i in plan_ids}
