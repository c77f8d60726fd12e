from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.permissions import Authenticated
from api.tasks.assignment_types import Assignment, assignment_from_row, assignment_loader
from api.tasks.progress_types import PlanProgress, progress_from
from domain.errors import DomainError
from domain.tasks import assignment_reads, progress_reads
from domain.timeutil import today

_ORG = strawberry.argument(description="组织 ID")
_YEAR = strawberry.argument(description="年度")


@strawberry.type
class AssignmentQueries:
    @strawberry.field(
        description="组织的年度工作计划页：下达给该组织的全部任务，完成期限早的在前（每项含分解给党员的子任务）",
        permission_classes=[Authenticated],
    )
    async def work_plan(
        self, info: ZInfo, organization_id: Annotated[strawberry.ID, _ORG], year: Annotated[int, _YEAR]
    ) -> list[Assignment]:
        actor = info.context.require_actor()
        try:
            org_id = decode_id(organization_id, "Organization", "organizationId")
            async with info.context.sessions() as session:
                rows = await assignment_reads.work_plan(session, actor=actor, organization_id=org_id, year=year)
        except DomainError as error:
            raise_query_error(error)
        found = [assignment_from_row(row) for row in rows]
        for assignment in found:
            assignment_loader(info).prime(assignment.db_id, assignment)
        return found

    @strawberry.field(description="一份计划的执行进度（按计划条目的计数汇总）", permission_classes=[Authenticated])
    async def plan_progress(
        self, info: ZInfo, plan_id: Annotated[strawberry.ID, strawberry.argument(description="计划 ID")]
    ) -> PlanProgress:
        actor = info.context.require_actor()
        try:
            db_id = decode_id(plan_id, "Plan", "planId")
            async with info.context.sessions() as session:
                found = await progress_reads.plan_progress(session, actor=actor, plan_id=db_id, today=today())
        except DomainError as error:
            raise_query_error(error)
        return progress_from(found)

    @strawberry.field(
        description="一个组织及其下级在某年度的任务执行进度（下达到这些组织的全部任务）",
        permission_classes=[Authenticated],
    )
    async def organization_progress(
        self, info: ZInfo, organization_id: Annotated[strawberry.ID, _ORG], year: Annotated[int, _YEAR]
    ) -> PlanProgress:
        actor = info.context.require_actor()
        try:
            org_id = decode_id(organization_id, "Organization", "organizationId")
            async with info.context.sessions() as session:
                found = await progress_reads.organization_progress(
                    session, actor=actor, organization_id=org_id, year=year, today=today()
                )
        except DomainError as error:
            raise_query_error(error)
        return progress_from(found)
