from typing import Annotated

import strawberry

from api.audit.types import AuditFilter, AuditRecord, record_from_row
from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.pagination import Connection, connection
from api.permissions import Authenticated
from domain.audit import reads
from domain.errors import DomainError
from domain.orgs.reads import path_of
from domain.paging import page_request


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="审计日志，新的在前；仅系统管理员和纪检/审计人员可见其权限范围内的记录",
        permission_classes=[Authenticated],
    )
    async def audit_log(
        self,
        info: ZInfo,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
        filter: Annotated[AuditFilter | None, strawberry.argument(description="筛选条件")] = None,
    ) -> Connection[AuditRecord]:
        actor = info.context.require_actor()
        flt = filter or AuditFilter()
        try:
            request = page_request(first, after)
            user_id = decode_id(flt.user_id, "User", "userId") if flt.user_id else None
            org_id = decode_id(flt.organization_id, "Organization", "organizationId") if flt.organization_id else None
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            under = (await path_of(session, org_id) or "/0/") if org_id else None
            domain_filter = reads.AuditFilter(
                since=flt.since,
                until=flt.until,
                user_id=user_id,
                under_path=under,
                operation=flt.operation,
                result=flt.result,
            )
            page = await reads.list_records(session, actor=actor, flt=domain_filter, page=request)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await reads.count_records(session, actor=actor, flt=domain_filter)

        return connection(page, [record_from_row(row) for row in page.rows], count)
