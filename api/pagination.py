"""Cursor connections shared by every list: edges, pageInfo, and totalCount only when asked."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from domain.paging import Page

N = TypeVar("N")


@strawberry.type(description="分页信息")
class PageInfo:
    has_next_page: bool = strawberry.field(description="是否还有下一页")
    has_previous_page: bool = strawberry.field(description="是否有上一页（仅向后翻页时为真）")
    start_cursor: str | None = strawberry.field(description="本页第一条的游标")
    end_cursor: str | None = strawberry.field(description="本页最后一条的游标，作为下一页的 after")


@strawberry.type(description="连接中的一条")
class Edge(Generic[N]):
    cursor: str = strawberry.field(description="该条的游标")
    node: N = strawberry.field(description="该条对象")


@strawberry.type(description="一页对象")
class Connection(Generic[N]):
    edges: list[Edge[N]] = strawberry.field(description="本页各条及其游标")
    page_info: PageInfo = strawberry.field(description="分页信息")
    count_total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="符合条件的总数（仅在请求时计算）")
    async def total_count(self) -> int:
        return await self.count_total()

    @strawberry.field(description="本页对象（不需要游标时使用）")
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]


def connection(page: Page[Any], nodes: Sequence[N], count: Callable[[], Awaitable[int]]) -> Connection[N]:
    edges = [Edge(cursor=cursor, node=node) for cursor, node in zip(page.cursors, nodes, strict=True)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=False,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        count_total=count,
    )
