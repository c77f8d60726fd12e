from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.errors import UserError, raise_query_error
from api.ids import to_global_id
from api.loaders import loader
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization, org_from_row
from api.pagination import Connection, connection
from domain.errors import DomainError
from domain.orglife import study_reads
from domain.orglife.study_coverage import Coverage
from domain.paging import Page, encode_cursor, page_request


@strawberry.type(description="学习专题（第一议题）：上级党委下发给其下全部组织学习的中央精神、上级指示")
class StudyTopic(Node):
    db_id: strawberry.Private[int]
    issuer_db_id: strawberry.Private[int]
    title: str = strawberry.field(description="专题名称")
    source: str | None = strawberry.field(description="来源文件")
    issued_on: date = strawberry.field(description="下发日期")
    due_on: date | None = strawberry.field(description="学习完成期限（可为空）")
    created_at: datetime = strawberry.field(description="登记时间 (UTC)")
    issuer_name: str = strawberry.field(description="下发专题的党委名称（即使你无权查看该党委本身）")

    @strawberry.field(description="下发专题的党委；在你的权限范围之外时为空（名称见 issuerName）")
    async def issuer(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.issuer_db_id)


def topic_from_row(row: Any) -> StudyTopic:
    """From a topic row that carries its issuer's name (study_reads.topic_rows)."""
    return StudyTopic(
        id=strawberry.ID(to_global_id("StudyTopic", row.id)),
        db_id=row.id,
        issuer_db_id=row.issuer_org_id,
        title=row.title,
        source=row.source,
        issued_on=row.issued_on,
        due_on=row.due_on,
        created_at=row.created_at,
        issuer_name=row.issuer_name,
    )


async def _topics(info: ZInfo, ids: Sequence[int]) -> list[StudyTopic | None]:
    # Outside the actor's reach a topic reads as absent, exactly like one that does not exist.
    async with info.context.sessions() as session:
        found = await study_reads.topics_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [topic_from_row(found[i]) if i in found else None for i in ids]


def topic_loader(info: ZInfo) -> DataLoader[int, StudyTopic | None]:
    return loader(info, "orglife.topic", _topics)


@strawberry.type(description="下发学习专题的结果")
class StudyTopicPayload:
    topic: StudyTopic | None = strawberry.field(description="新下发的学习专题；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败的原因；成功时为空列表")


@strawberry.type(description="已学习某专题的一个组织：最早以该专题为第一议题的会议")
class StudiedOrganization:
    meeting_id: strawberry.Private[str]
    organization: Organization = strawberry.field(description="组织")
    held_on: date = strawberry.field(description="会议日期")

    @strawberry.field(description="学习该专题的会议（第一项议程）；无权查看时为空")
    async def meeting(self, info: ZInfo) -> Node | None:
        from api.node_queries import resolve_node  # node_queries imports this module for the topic loader

        return await resolve_node(info, self.meeting_id)


_FIRST = strawberry.argument(description="每页条数，最多 100")
_AFTER = strawberry.argument(description="上一页的 endCursor")


def _page(rows: Sequence[Any], path: Callable[[Any], str], first: int | None, after: str | None) -> Page[Any]:
    """A page of rows already in tree order, after the cursor's path: a whole subtree's list stays in memory
    once (it is read for the counts anyway) and leaves in pages, as every list does (API.md)."""
    try:
        request = page_request(first, after, key=(str,))
    except DomainError as error:
        raise_query_error(error)
    rest = [r for r in rows if request.after is None or path(r) > request.after[0]]
    kept = rest[: request.first]
    return Page(rows=kept, has_next_page=len(rest) > len(kept), cursors=[encode_cursor([path(r)]) for r in kept])


@strawberry.type(description="一个学习专题在某组织及其下级的学习情况（应学组织：未撤销的党委、党总支、党支部）")
class StudyCoverage:
    found: strawberry.Private[Coverage]
    topic: StudyTopic = strawberry.field(description="学习专题")
    expected: int = strawberry.field(description="应学组织数（你有权查看的）")
    studied_count: int = strawberry.field(description="已学组织数")
    not_studied_count: int = strawberry.field(description="未学组织数")
    percent: float = strawberry.field(description="学习覆盖率（百分数，一位小数）；无应学组织时为 0")

    @strawberry.field(description="已学的组织及其会议，按组织树顺序分页")
    def studied(
        self, info: ZInfo, first: Annotated[int | None, _FIRST] = None, after: Annotated[str | None, _AFTER] = None
    ) -> Connection[StudiedOrganization]:
        page = _page(self.found.studied, lambda s: str(s.org.path), first, after)
        nodes = [
            StudiedOrganization(
                meeting_id=to_global_id("Meeting", s.meeting_id), organization=_org(info, s.org), held_on=s.held_on
            )
            for s in page.rows
        ]
        return connection(page, nodes, _total(len(self.found.studied)))

    @strawberry.field(description="尚未学习的组织，按组织树顺序分页")
    def not_studied(
        self, info: ZInfo, first: Annotated[int | None, _FIRST] = None, after: Annotated[str | None, _AFTER] = None
    ) -> Connection[Organization]:
        page = _page(self.found.not_studied, lambda row: str(row.path), first, after)
        return connection(page, [_org(info, row) for row in page.rows], _total(len(self.found.not_studied)))


def _total(n: int) -> Callable[[], Awaitable[int]]:
    async def count() -> int:
        return n

    return count


def coverage_from(coverage: Coverage) -> StudyCoverage:
    return StudyCoverage(
        found=coverage,
        topic=topic_from_row(coverage.topic),
        expected=coverage.expected,
        studied_count=len(coverage.studied),
        not_studied_count=len(coverage.not_studied),
        percent=coverage.percent,
    )


def _org(info: ZInfo, row: Any) -> Organization:
    """Built from the row already read and primed into the org loader, so that nothing reads it again."""
    org = org_from_row(row)
    org_loader(info).prime(row.id, org)
    return org
