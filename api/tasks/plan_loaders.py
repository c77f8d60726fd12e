"""Per-request loaders of the rows behind plans and their items: a page of plans or items costs one statement
per part, whatever its size. They return rows; plan_types.py and plan_item_types.py make GraphQL objects."""

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.loaders import loader
from domain.tasks import plan_reads


async def _items_of_plans(info: ZInfo, keys: Sequence[tuple[int, bool]]) -> list[list[Any]]:
    async with info.context.sessions() as session:
        live = await plan_reads.items_of_plans(session, [k for k, c in keys if not c], cancelled=False)
        every = (
            await plan_reads.items_of_plans(session, [k for k, c in keys if c], cancelled=True)
            if any(c for _, c in keys)
            else {}
        )
    return [(every if c else live)[k] for k, c in keys]


def items_of_plan_loader(info: ZInfo) -> DataLoader[tuple[int, bool], list[Any]]:
    return loader(info, "tasks.plan_items", _items_of_plans)


async def _milestones(info: ZInfo, item_ids: Sequence[int]) -> list[list[Any]]:
    async with info.context.sessions() as session:
        found = await plan_reads.milestones_of_items(session, item_ids)
    return [found[i] for i in item_ids]


def milestones_loader(info: ZInfo) -> DataLoader[int, list[Any]]:
    return loader(info, "tasks.item_milestones", _milestones)


async def _executing_orgs(info: ZInfo, keys: Sequence[tuple[int, int, str | None]]) -> list[list[Any]]:
    """One statement for the items of a page that ask for the same page of their orgs (the usual case)."""
    actor = info.context.require_actor()
    found: dict[tuple[int, int, str | None], list[Any]] = {}
    groups: dict[tuple[int, str | None], list[int]] = {}
    for item_id, first, after in keys:
        groups.setdefault((first, after), []).append(item_id)
    async with info.context.sessions() as session:
        for (first, after), item_ids in groups.items():
            rows = await plan_reads.executing_orgs(session, actor=actor, item_ids=item_ids, first=first, after=after)
            found.update({(i, first, after): rows[i] for i in item_ids})
    return [found[k] for k in keys]


def executing_orgs_loader(info: ZInfo) -> DataLoader[tuple[int, int, str | None], list[Any]]:
    return loader(info, "tasks.item_orgs", _executing_orgs)


async def _budgets(info: ZInfo, plan_ids: Sequence[int]) -> list[tuple[int, int]]:
    async with info.context.sessions() as session:
        found = await plan_reads.budgets_of_plans(session, plan_ids)
    return [found[i] for i in plan_ids]


def budgets_loader(info: ZInfo) -> DataLoader[int, tuple[int, int]]:
    return loader(info, "tasks.plan_budgets", _budgets)
