"""An org's approval route (审批流程) as clients see it: its own, inherited from above, or the default."""

import strawberry

from api.approvals.types import ApprovalSubjectType
from api.context import ZInfo
from api.errors import UserError
from api.orgs.loaders import org_loader
from api.orgs.types import Organization, org_from_row
from authz.roles import Role
from domain.approvals.reads import EffectiveRoute


@strawberry.type(description="审批流程的一步")
class ApprovalRouteStep:
    org_db_id: strawberry.Private[int]
    role: Role = strawberry.field(description="审批人须持有的角色")
    levels_up: int = strawberry.field(description="审批组织在事项所属组织之上几级：0 为本级")

    @strawberry.field(description="对所查询组织的事项，这一步由哪个组织审批；无权查看时为空")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)


@strawberry.type(description="某组织某类事项现行的审批流程")
class ApprovalRoute:
    defined_by_db_id: strawberry.Private[int | None]
    organization: Organization = strawberry.field(description="所查询的组织")
    subject_type: ApprovalSubjectType = strawberry.field(description="事项类型")
    steps: list[ApprovalRouteStep] = strawberry.field(description="按顺序的各步")
    is_default: bool = strawberry.field(description="是否为默认流程（本组织及上级均未设置：本级书记审批）")
    version: int | None = strawberry.field(
        description="本组织自己设置的流程的版本号，修改时须带上；本组织未自行设置时为空"
    )

    @strawberry.field(description="设置该流程的组织（本组织或最近的上级）；默认流程或无权查看时为空")
    async def defined_by(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.defined_by_db_id) if self.defined_by_db_id else None


def route_from(found: EffectiveRoute) -> ApprovalRoute:
    assert found.org.id is not None
    return ApprovalRoute(
        defined_by_db_id=found.defined_by.id if found.defined_by is not None else None,
        organization=org_from_row(found.org),
        subject_type=ApprovalSubjectType(found.subject_type),
        steps=[
            ApprovalRouteStep(org_db_id=d.id, role=s.role, levels_up=s.levels_up)  # type: ignore[arg-type]
            for s, d in zip(found.steps, found.deciders, strict=True)
        ],
        is_default=found.defined_by is None,
        version=found.version,
    )


@strawberry.type(description="设置审批流程的结果")
class ApprovalRoutePayload:
    route: ApprovalRoute | None = strawberry.field(description="设置后的流程；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败的原因；成功时为空列表")
