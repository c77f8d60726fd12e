"""Plans (工作计划) as clients see them, with the plan loader other task types use; their items are in
plan_item_types.py."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader

from api.approvals.types import ApprovalRequest, requests_of_subject_loader
from api.context import ZInfo
from api.enums import described_enum
from api.errors import UserError
from api.ids import to_global_id
from api.loaders import loader
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from api.tasks.plan_item_types import PlanItem, item_from_row
from api.tasks.plan_loaders import budgets_loader, items_of_plan_loader
from domain.money import yuan
from domain.tasks import plan_reads
from domain.tasks.enums import PLAN_STATUS_LABELS
from domain.tasks.enums import PlanStatus as DomainPlanStatus

PlanStatus = described_enum(DomainPlanStatus, description="计划的状态", labels=PLAN_STATUS_LABELS)


@strawberry.type(description="一个组织一年的工作计划：草稿编辑、发布审批、批准后下达到各执行单位")
class Plan(Node):
    db_id: strawberry.Private[int]
    org_db_id: strawberry.Private[int]
    title: str = strawberry.field(description="计划名称")
    year: int = strawberry.field(description="年度")
    status: PlanStatus = strawberry.field(description="状态")  # type: ignore[valid-type]
    revision: int = strawberry.field(description="已批准的次数：首次批准后为 1，每次修订批准加 1")
    published_at: datetime | None = strawberry.field(description="最近一次发布（提交审批）的时间 (UTC)")
    approved_at: datetime | None = strawberry.field(description="最近一次批准的时间 (UTC)")
    version: int = strawberry.field(description="版本号：修改计划或其任务时须提供，每次修改加 1")
    created_at: datetime = strawberry.field(description="创建时间 (UTC)")
    updated_at: datetime = strawberry.field(description="最后修改时间 (UTC)")

    @strawberry.field(description="制定计划的组织")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="计划的任务，按序号排列（一个计划至多几百项）")
    async def items(
        self,
        info: ZInfo,
        include_cancelled: Annotated[bool, strawberry.argument(description="是否包括在修订中取消的任务")] = False,
    ) -> list[PlanItem]:
        rows = await items_of_plan_loader(info).load((self.db_id, include_cancelled))
        return [item_from_row(row) for row in rows]

    @strawberry.field(description="计划的审批申请（每次发布一个），先提交的在前")
    async def approvals(self, info: ZInfo) -> list[ApprovalRequest]:
        return await requests_of_subject_loader(info).load(("PLAN", self.db_id))

    @strawberry.field(description="计划预算合计（元）：未取消任务的预算 × 执行单位数之和")
    async def planned_budget(self, info: ZInfo) -> Decimal:
        return yuan((await budgets_loader(info).load(self.db_id))[0])

    @strawberry.field(description="已支出合计（元）：各任务各执行单位的支出之和")
    async def spent(self, info: ZInfo) -> Decimal:
        return yuan((await budgets_loader(info).load(self.db_id))[1])


def plan_from_row(row: Any) -> Plan:
    return Plan(
        id=strawberry.ID(to_global_id("Plan", row.id)),
        db_id=row.id,
        org_db_id=row.organization_id,
        title=row.title,
        year=row.year,
        status=DomainPlanStatus(row.status),
        revision=row.revision,
        published_at=row.published_at,
        approved_at=row.approved_at,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@strawberry.type(description="修改计划或其任务的结果")
class PlanPayload:
    plan: Plan | None = strawberry.field(description="修改后的计划；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败的原因；成功时为空列表")


async def _plans(info: ZInfo, ids: Sequence[int]) -> list[Plan | None]:
    async with info.context.sessions() as session:
        found = await plan_reads.plans_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [plan_from_row(found[i]) if i in found else None for i in ids]


def plan_loader(info: ZInfo) -> DataLoader[int, Plan | None]:
    return loader(info, "tasks.plan", _plans)
