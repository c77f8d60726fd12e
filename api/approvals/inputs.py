"""What clients send to the approval workflow."""

import strawberry

from api.approvals.types import ApprovalSubjectType
from authz.roles import Role
from domain.approvals.enums import Decision


@strawberry.input(description="对等待自己审批的一步作出决定")
class DecideApprovalInput:
    approval_id: strawberry.ID = strawberry.field(description="审批申请 ID")
    decision: Decision = strawberry.field(description="同意或退回修改")
    comment: str | None = strawberry.field(default=None, description="审批意见，不超过 1000 个字符；退回时必填")
    step: int | None = strawberry.field(
        default=None,
        description="你看到的等待中的一步（从 1 起）；若这一步已有人决定，本次决定被拒绝而不会落到下一步",
    )


@strawberry.input(description="审批流程的一步")
class ApprovalRouteStepInput:
    role: Role = strawberry.field(description="审批人须持有的角色：书记 (SECRETARY) 或党务工作者 (ORG_ADMIN)")
    levels_up: int = strawberry.field(description="审批组织在事项所属组织之上几级：0 为本级，1 为上级，依此类推")


@strawberry.input(description="设置某组织某类事项的审批流程；其下级组织未自行设置的，沿用此流程")
class SetApprovalRouteInput:
    organization_id: strawberry.ID = strawberry.field(description="设置流程的组织")
    subject_type: ApprovalSubjectType = strawberry.field(description="事项类型")
    steps: list[ApprovalRouteStepInput] = strawberry.field(description="按顺序的各步，1 到 5 步")
    version: int | None = strawberry.field(
        default=None, description="该组织现有流程的版本号（见 approvalRoute.version）；首次设置时为空"
    )
