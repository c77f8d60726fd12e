"""The approval workflow at the door: decisions, routes and the requests themselves."""

from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.approvals.inputs import DecideApprovalInput, SetApprovalRouteInput
from api.approvals.route_types import ApprovalRoutePayload, route_from
from api.approvals.types import ApprovalPayload, approval_from_row
from api.context import ZInfo
from api.ids import decode_id
from api.mutations import run_mutation
from api.permissions import Authenticated
from domain.approvals import reads, routes, service
from domain.approvals.reads import EffectiveRoute
from domain.approvals.rules import RouteStep
from domain.timeutil import today


@strawberry.type
class ApprovalMutations:
    @strawberry.mutation(
        description="审批：对等待你审批的一步同意或退回修改；最后一步同意后事项生效，退回则事项回到起草人手中",
        permission_classes=[Authenticated],
    )
    async def decide_approval(
        self, info: ZInfo, input: Annotated[DecideApprovalInput, strawberry.argument(description="输入")]
    ) -> ApprovalPayload:
        actor = info.context.require_actor()
        request, errors = await run_mutation(
            info,
            lambda s: service.decide(
                s,
                actor=actor,
                request_id=decode_id(input.approval_id, "Approval", "approvalId"),
                decision=input.decision,
                comment=input.comment,
                step=input.step,
                today=today(),
            ),
        )
        # From the row just written: an approver whose grant reaches only the deciding org above the
        # subject's org sees the request while it waits for them, and must see the outcome of their decision.
        return ApprovalPayload(approval=approval_from_row(request) if request else None, errors=errors)

    @strawberry.mutation(
        description="设置某组织某类事项的审批流程；其下级组织未自行设置的沿用此流程，已提交的申请不受影响",
        permission_classes=[Authenticated],
    )
    async def set_approval_route(
        self, info: ZInfo, input: Annotated[SetApprovalRouteInput, strawberry.argument(description="输入")]
    ) -> ApprovalRoutePayload:
        actor = info.context.require_actor()

        async def work(session: AsyncSession) -> EffectiveRoute:
            org_id = decode_id(input.organization_id, "Organization", "organizationId")
            await routes.set_route(
                session,
                actor=actor,
                organization_id=org_id,
                subject_type=input.subject_type.value,
                steps=tuple(RouteStep(s.role, s.levels_up) for s in input.steps),
                version=input.version,
            )
            return await reads.effective_route(
                session, actor=actor, organization_id=org_id, subject_type=input.subject_type.value
            )

        found, errors = await run_mutation(info, work)
        return ApprovalRoutePayload(route=route_from(found) if found else None, errors=errors)
