from typing import Annotated

import strawberry

from api.approvals.route_types import ApprovalRoute, route_from
from api.approvals.types import ApprovalSubjectType
from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.permissions import Authenticated
from domain.approvals import reads
from domain.errors import DomainError


@strawberry.type
class ApprovalQueries:
    @strawberry.field(
        description="某组织某类事项现行的审批流程：本组织设置的、沿用上级的，或默认流程（本级书记审批）",
        permission_classes=[Authenticated],
    )
    async def approval_route(
        self,
        info: ZInfo,
        organization_id: Annotated[strawberry.ID, strawberry.argument(description="组织 ID")],
        subject_type: Annotated[ApprovalSubjectType, strawberry.argument(description="事项类型")],
    ) -> ApprovalRoute:
        actor = info.context.require_actor()
        try:
            org_id = decode_id(organization_id, "Organization", "organizationId")
            async with info.context.sessions() as session:
                found = await reads.effective_route(
                    session, actor=actor, organization_id=org_id, subject_type=subject_type.value
                )
        except DomainError as error:
            raise_query_error(error)
        return route_from(found)
