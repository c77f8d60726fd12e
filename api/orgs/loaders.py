from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.loaders import loader
from api.orgs.types import Organization, org_from_row
from domain.orgs import reads
from domain.paging import Page, page_request

ChildrenKey = tuple[int, int, str | None, bool]  # parent id, first, after, include dissolved


async def _orgs(info: ZInfo, ids: Sequence[int]) -> list[Organization | None]:
    async with info.context.sessions() as session:
        found = await reads.orgs_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [org_from_row(found[i]) if i in found else None for i in ids]


async def _children(info: ZInfo, keys: Sequence[ChildrenKey]) -> list[Page[Row[Any]]]:
    # Parents asked with the same page arguments share one statement.
    groups: dict[tuple[int, str | None, bool], list[int]] = defaultdict(list)
    for parent_id, first, after, include in keys:
        groups[(first, after, include)].append(parent_id)
    pages: dict[ChildrenKey, Page[Row[Any]]] = {}
    async with info.context.sessions() as session:
        for (first, after, include), parent_ids in groups.items():
            found = await reads.children_pages(
                session,
                actor=info.context.require_actor(),
                parent_ids=parent_ids,
                page=page_request(first, after, key=reads.CHILDREN_KEY),
                include_dissolved=include,
            )
            pages.update({(pid, first, after, include): page for pid, page in found.items()})
    return [pages[key] for key in keys]


async def _children_counts(info: ZInfo, keys: Sequence[tuple[int, bool]]) -> list[int]:
    counts: dict[tuple[int, bool], int] = {}
    async with info.context.sessions() as session:
        for include in {k[1] for k in keys}:
            ids = [k[0] for k in keys if k[1] == include]
            found = await reads.count_children(
                session, actor=info.context.require_actor(), parent_ids=ids, include_dissolved=include
            )
            counts.update({(pid, include): n for pid, n in found.items()})
    return [counts[key] for key in keys]


def org_loader(info: ZInfo) -> DataLoader[int, Organization | None]:
    return loader(info, "org", _orgs)


def children_loader(info: ZInfo) -> DataLoader[ChildrenKey, Page[Row[Any]]]:
    return loader(info, "org.children", _children)


def children_count_loader(info: ZInfo) -> DataLoader[tuple[int, bool], int]:
    return loader(info, "org.children.count", _children_counts)
