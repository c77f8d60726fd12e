from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.pagination import Connection, connection
from api.permissions import Authenticated
from api.tasks.plan_types import Plan, PlanStatus, plan_from_row, plan_loader
from domain.errors import DomainError
from domain.orgs.reads import path_of
from domain.paging import page_request
from domain.tasks import plan_reads


@strawberry.type
class PlanQueries:
    @strawberry.field(
        description="该组织及其下级制定的工作计划（你有权查看的），年度新的在前、同年新建的在前",
        permission_classes=[Authenticated],
    )
    async def plans(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="这个组织及其下级")],
        year: Annotated[int | None, strawberry.argument(description="只看该年度")] = None,
        status: Annotated[PlanStatus | None, strawberry.argument(description="只看该状态")] = None,  # type: ignore[valid-type]
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[Plan]:
        actor = info.context.require_actor()
        wanted = status.value if status is not None else None
        try:
            request = page_request(first, after, key=plan_reads.PAGE_KEY)
            under_id = decode_id(under, "Organization", "under")
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or "/0/"  # no such org: an empty subtree
                page = await plan_reads.list_plans(
                    session, actor=actor, under_path=under_path, year=year, status=wanted, page=request
                )
        except DomainError as error:
            raise_query_error(error)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await plan_reads.count_plans(
                    session, actor=actor, under_path=under_path, year=year, status=wanted
                )

        plans = [plan_from_row(row) for row in page.rows]
        for plan in plans:
            plan_loader(info).prime(plan.db_id, plan)
        return connection(page, plans, count)

    @strawberry.field(description="一个工作计划；不存在或无权查看时为空", permission_classes=[Authenticated])
    async def plan(
        self, info: ZInfo, id: Annotated[strawberry.ID, strawberry.argument(description="计划 ID")]
    ) -> Plan | None:
        try:
            plan_id = decode_id(id, "Plan", "id")
        except DomainError as error:
            raise_query_error(error)
        return await plan_loader(info).load(plan_id)
