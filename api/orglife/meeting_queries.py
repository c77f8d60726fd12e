from datetime import date
from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.orglife.meeting_loaders import meeting_row_loader
from api.orglife.meeting_types import Meeting, meeting_from_row
from api.pagination import Connection, connection
from api.permissions import Authenticated
from domain.errors import DomainError
from domain.orglife import meeting_reads as reads
from domain.orglife.enums import MeetingType
from domain.orgs.reads import path_of
from domain.paging import page_request


@strawberry.type
class MeetingQueries:
    @strawberry.field(
        description="按 ID 取一条会议记录；不存在或不在你的权限范围内时为空", permission_classes=[Authenticated]
    )
    async def meeting(
        self, info: ZInfo, id: Annotated[strawberry.ID, strawberry.argument(description="会议记录 ID")]
    ) -> Meeting | None:
        try:
            meeting_id = decode_id(id, "Meeting")
        except DomainError as error:
            raise_query_error(error)
        row = await meeting_row_loader(info).load(meeting_id)
        return meeting_from_row(row) if row else None

    @strawberry.field(
        description="一个组织及其下级的会议记录，会议日期晚的在前；只含你有权查看的", permission_classes=[Authenticated]
    )
    async def meetings(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="列出这个组织及其下级的会议")],
        type: Annotated[MeetingType | None, strawberry.argument(description="只要该类型的")] = None,
        from_: Annotated[date | None, strawberry.argument(name="from", description="会议日期不早于此日（含）")] = None,
        to: Annotated[date | None, strawberry.argument(description="会议日期不晚于此日（含）")] = None,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[Meeting]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=reads.PAGE_KEY)
            under_id = decode_id(under, "Organization", "under")
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or "/0/"  # no such org: an empty subtree
                page = await reads.list_meetings(
                    session, actor=actor, under_path=under_path, type=type, date_from=from_, date_to=to, page=request
                )
        except DomainError as error:
            raise_query_error(error)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await reads.count_meetings(
                    session, actor=actor, under_path=under_path, type=type, date_from=from_, date_to=to
                )

        return connection(page, [meeting_from_row(row) for row in page.rows], count)
