"""The approval request (审批申请) as clients see it, and the loaders other areas use to show theirs.

The engine stores a subject's type as a string; the schema names the types it knows (ApprovalSubjectType)
and the Node type each one is shown as, so `subject` resolves through node(id:) like any other object.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from api.accounts.types import User, user_from_row
from api.context import ZInfo
from api.enums import described_enum
from api.errors import UserError
from api.ids import to_global_id
from api.loaders import loader
from api.node import Node
from api.orglife.meeting_loaders import user_row_loader
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from authz.roles import Role
from domain.approvals import reads
from domain.approvals.enums import DECISION_LABELS, STATUS_LABELS, ApprovalStatus, Decision
from domain.approvals.rules import working_days_after
from domain.tasks import plan_subject
from domain.timeutil import SHANGHAI, today


class ApprovalSubjectType(StrEnum):
    PLAN = "PLAN"


SUBJECT_LABELS = {ApprovalSubjectType.PLAN: "党建工作计划"}
# The Node type each subject is shown as. Naming a type here imports the area that registers it with the
# engine, so that the schema never offers a type the engine does not know.
NODE_TYPES = {ApprovalSubjectType(plan_subject.SUBJECT_TYPE): "Plan"}
described_enum(ApprovalSubjectType, description="审批事项的类型", labels=SUBJECT_LABELS)
described_enum(ApprovalStatus, description="审批申请的状态", labels=STATUS_LABELS)
described_enum(Decision, description="审批决定", labels=DECISION_LABELS)


@strawberry.type(name="ApprovalDecision", description="审批流程中一步的决定")
class ApprovalDecisionRecord:
    org_db_id: strawberry.Private[int]
    user_db_id: strawberry.Private[int]
    step: int = strawberry.field(description="第几步（从 1 起）")
    role: Role = strawberry.field(description="审批人在该步所持的角色")
    decision: Decision = strawberry.field(description="决定")
    comment: str | None = strawberry.field(description="审批意见（退回时必填）")
    decided_at: datetime = strawberry.field(description="决定时间 (UTC)")

    @strawberry.field(description="审批人持有角色的组织；无权查看时为空")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="作出决定的人；无权查看时为空")
    async def decided_by(self, info: ZInfo) -> User | None:
        row = await user_row_loader(info).load(self.user_db_id)
        return user_from_row(row) if row else None


def decision_from_row(row: Any) -> ApprovalDecisionRecord:
    return ApprovalDecisionRecord(
        org_db_id=row.organization_id,
        user_db_id=row.decided_by,
        step=row.step + 1,
        role=Role(row.role),
        decision=Decision(row.decision),
        comment=row.comment,
        decided_at=row.decided_at,
    )


@strawberry.type(description="审批申请的一步：由哪个组织的哪种角色审批，以及其决定")
class ApprovalStep:
    request_db_id: strawberry.Private[int]
    org_db_id: strawberry.Private[int]
    number: int = strawberry.field(description="第几步（从 1 起）")
    role: Role = strawberry.field(description="审批人须持有的角色")

    @strawberry.field(description="审批人须在其上持有该角色的组织；无权查看时为空")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="这一步的决定；尚未决定时为空")
    async def decision(self, info: ZInfo) -> ApprovalDecisionRecord | None:
        found = await decisions_loader(info).load(self.request_db_id)
        return next((d for d in found if d.step == self.number), None)


@strawberry.type(name="Approval", description="审批申请：一个事项（如工作计划）按审批流程逐步审批")
class ApprovalRequest(Node):
    db_id: strawberry.Private[int]
    subject_db_id: strawberry.Private[int]
    org_db_id: strawberry.Private[int]
    pending_org_db_id: strawberry.Private[int | None]
    requested_by_db_id: strawberry.Private[int | None]
    step_started_at: strawberry.Private[datetime]
    subject_type: ApprovalSubjectType = strawberry.field(description="审批事项的类型")
    title: str = strawberry.field(description="事项标题（提交时的）")
    status: ApprovalStatus = strawberry.field(description="状态")
    step: int = strawberry.field(description="当前等待的一步（从 1 起）；已结束的申请为最后作出决定的一步")
    steps: list[ApprovalStep] = strawberry.field(description="审批流程的各步（提交时按当时的流程确定）")
    pending_role: Role | None = strawberry.field(description="当前须审批的角色；已结束时为空")
    requested_at: datetime = strawberry.field(description="提交时间 (UTC)")
    decided_at: datetime | None = strawberry.field(description="审批结束（批准或退回）的时间 (UTC)")
    version: int = strawberry.field(description="版本号，每次决定后加一")

    @strawberry.field(description="审批的事项（如工作计划）；无权查看时为空")
    async def subject(self, info: ZInfo) -> Node | None:
        from api.node_queries import resolve_node  # node_queries imports this module for the approval loader

        return await resolve_node(info, to_global_id(NODE_TYPES[self.subject_type], self.subject_db_id))

    @strawberry.field(description="事项所属的组织；无权查看时为空")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="当前审批人须在其上持有角色的组织；已结束或无权查看时为空")
    async def pending_organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.pending_org_db_id) if self.pending_org_db_id else None

    @strawberry.field(description="提交人；无权查看时为空")
    async def requested_by(self, info: ZInfo) -> User | None:
        row = await user_row_loader(info).load(self.requested_by_db_id) if self.requested_by_db_id else None
        return user_from_row(row) if row else None

    @strawberry.field(description="已作出的决定，按步骤顺序")
    async def decisions(self, info: ZInfo) -> list[ApprovalDecisionRecord]:
        return await decisions_loader(info).load(self.db_id)

    @strawberry.field(description="当前一步已等待的工作日数（不计法定节假日调整）；已结束时为空")
    def waiting_working_days(self) -> int | None:
        if self.status != ApprovalStatus.PENDING:
            return None
        return working_days_after(shanghai_date(self.step_started_at), today())


def shanghai_date(instant: datetime) -> date:
    """Instants are stored in UTC; SQLite hands them back without a zone."""
    aware = instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI).date()


def approval_from_row(row: Any) -> ApprovalRequest:
    return ApprovalRequest(
        id=strawberry.ID(to_global_id("Approval", row.id)),
        db_id=row.id,
        subject_db_id=row.subject_id,
        org_db_id=row.organization_id,
        pending_org_db_id=row.pending_org_id,
        requested_by_db_id=row.requested_by,
        step_started_at=row.step_started_at,
        subject_type=ApprovalSubjectType(row.subject_type),
        title=row.title,
        status=ApprovalStatus(row.status),
        step=row.step + 1,
        steps=[
            ApprovalStep(request_db_id=row.id, org_db_id=s["organizationId"], number=i + 1, role=Role(s["role"]))
            for i, s in enumerate(row.steps)
        ],
        pending_role=Role(row.pending_role) if row.pending_role else None,
        requested_at=row.requested_at,
        decided_at=row.decided_at,
        version=row.version,
    )


async def _approvals(info: ZInfo, ids: Sequence[int]) -> list[ApprovalRequest | None]:
    # Outside the actor's reach a request reads as absent, exactly like one that does not exist.
    async with info.context.sessions() as session:
        found = await reads.requests_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [approval_from_row(found[i]) if i in found else None for i in ids]


async def _of_subjects(info: ZInfo, keys: Sequence[reads.SubjectKey]) -> list[list[ApprovalRequest]]:
    async with info.context.sessions() as session:
        found = await reads.requests_of_subjects(session, actor=info.context.require_actor(), keys=keys)
    return [[approval_from_row(row) for row in found.get(key, [])] for key in keys]


async def _decisions(info: ZInfo, request_ids: Sequence[int]) -> list[list[ApprovalDecisionRecord]]:
    # Only requests read through a scoped read reach here: their decisions need no scope of their own.
    async with info.context.sessions() as session:
        found = await reads.decisions_of(session, request_ids=request_ids)
    return [[decision_from_row(row) for row in found.get(i, [])] for i in request_ids]


def approval_loader(info: ZInfo) -> DataLoader[int, ApprovalRequest | None]:
    return loader(info, "approvals.request", _approvals)


def requests_of_subject_loader(info: ZInfo) -> DataLoader[tuple[str, int], list[ApprovalRequest]]:
    """A subject's requests, the first sent first, keyed by (subject type as the engine stores it, id):
    e.g. `requests_of_subject_loader(info).load(("PLAN", plan_id))`."""
    return loader(info, "approvals.of_subject", _of_subjects)


def decisions_loader(info: ZInfo) -> DataLoader[int, list[ApprovalDecisionRecord]]:
    return loader(info, "approvals.decisions", _decisions)


@strawberry.type(description="审批决定的结果")
class ApprovalPayload:
    approval: ApprovalRequest | None = strawberry.field(description="作出决定后的审批申请；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败的原因；成功时为空列表")
