from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id, decode_optional_id
from api.orgs.loaders import org_loader
from api.orgs.types import Organization, OrganizationFilter, org_from_row
from api.pagination import Connection, connection
from api.permissions import Authenticated
from domain.errors import DomainError
from domain.orgs import reads
from domain.paging import page_request


@strawberry.type
class OrgQueries:
    @strawberry.field(
        description="按 ID 取一个组织；不存在或不在你的权限范围内时为空", permission_classes=[Authenticated]
    )
    async def organization(
        self, info: ZInfo, id: Annotated[strawberry.ID, strawberry.argument(description="组织 ID")]
    ) -> Organization | None:
        try:
            org_id = decode_id(id, "Organization")
        except DomainError as error:
            raise_query_error(error)
        return await org_loader(info).load(org_id)

    @strawberry.field(
        description="组织列表，按树的顺序（物化路径）排列；只含你有权查看的组织",
        permission_classes=[Authenticated],
    )
    async def organizations(
        self,
        info: ZInfo,
        under: Annotated[strawberry.ID | None, strawberry.argument(description="只列出这个组织及其下级")] = None,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
        filter: Annotated[OrganizationFilter | None, strawberry.argument(description="筛选条件")] = None,
    ) -> Connection[Organization]:
        actor = info.context.require_actor()
        flt = reads.OrgFilter(
            types=filter.types if filter else None,
            name_contains=filter.name_contains if filter else None,
            include_dissolved=filter.include_dissolved if filter else False,
        )
        try:
            request = page_request(first, after, key=reads.LIST_KEY)
            under_id = decode_optional_id(under, "Organization", "under")
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            under_path = await reads.path_of(session, under_id) if under_id is not None else None
            if under_id is not None and under_path is None:
                under_path = "/0/"  # no such org: an empty subtree, like one outside the grants
            page = await reads.list_orgs(session, actor=actor, under_path=under_path, flt=flt, page=request)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await reads.count_orgs(session, actor=actor, under_path=under_path, flt=flt)

        return connection(page, [org_from_row(row) for row in page.rows], count)
