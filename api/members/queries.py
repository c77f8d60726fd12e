from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.members.inputs import MemberFilter
from api.members.loaders import member_loader
from api.members.types import Member, member_from_row
from api.pagination import Connection, connection
from api.permissions import Authenticated
from domain.errors import DomainError
from domain.members import reads
from domain.orgs.reads import path_of
from domain.paging import page_request


@strawberry.type
class MemberQueries:
    @strawberry.field(
        description="按 ID 取一名党员（含已出党、已转出的记录）；不存在或不在你的权限范围内时为空",
        permission_classes=[Authenticated],
    )
    async def member(
        self, info: ZInfo, id: Annotated[strawberry.ID, strawberry.argument(description="党员 ID")]
    ) -> Member | None:
        try:
            member_id = decode_id(id, "Member")
        except DomainError as error:
            raise_query_error(error)
        return await member_loader(info).load(member_id)

    @strawberry.field(
        description="一个组织及其下级的党员列表；只含你有权查看的记录，默认只列在册党员",
        permission_classes=[Authenticated],
    )
    async def members(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="列出这个组织及其下级的党员")],
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
        filter: Annotated[MemberFilter | None, strawberry.argument(description="筛选条件")] = None,
        order_by: Annotated[
            reads.MemberOrder, strawberry.argument(description="排序；同值时按记录先后")
        ] = reads.MemberOrder.NAME,
    ) -> Connection[Member]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after)
            under_id = decode_id(under, "Organization", "under")
            flt = (filter or MemberFilter()).to_domain()
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            # No such org: an empty subtree, like one outside the grants.
            under_path = await path_of(session, under_id) or "/0/"
            try:
                page = await reads.list_members(
                    session, actor=actor, under_path=under_path, flt=flt, order=order_by, page=request
                )
            except DomainError as error:
                raise_query_error(error)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await reads.count_members(session, actor=actor, under_path=under_path, flt=flt)

        return connection(page, [member_from_row(row) for row in page.rows], count)
