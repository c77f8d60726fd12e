"""Plans (工作计划) and their items as clients see them, with the loaders other task types use."""

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader

from api.accounts.types import User, user_from_row
from api.approvals.types import ApprovalRequest, requests_of_subject_loader
from api.context import ZInfo
from api.enums import described_enum
from api.errors import UserError, raise_query_error
from api.ids import to_global_id
from api.loaders import loader
from api.members.loaders import member_loader
from api.members.types import Member
from api.node import Node
from api.orglife.meeting_loaders import user_row_loader
from api.orgs.loaders import org_loader
from api.orgs.types import Organization, org_from_row
from api.pagination import Connection, connection
from api.tasks.template_types import TaskCategory, TaskTemplate, template_loader
from domain.errors import DomainError
from domain.money import yuan
from domain.paging import Page, encode_cursor, page_request
from domain.tasks import plan_reads
from domain.tasks.enums import PLAN_STATUS_LABELS
from domain.tasks.enums import PlanStatus as DomainPlanStatus
from domain.tasks.enums import TaskCategory as DomainTaskCategory

PlanStatus = described_enum(DomainPlanStatus, description="计划的状态", labels=PLAN_STATUS_LABELS)


@strawberry.type(description="任务的关键节点")
class PlanMilestone:
    id: strawberry.ID = strawberry.field(description="关键节点 ID（报告进度时标记完成的节点用它）")
    title: str = strawberry.field(description="节点名称")
    due_on: date = strawberry.field(description="节点日期")


@strawberry.type(description="计划中的一项任务：一事一预算，预算按每个执行单位计")
class PlanItem(Node):
    db_id: strawberry.Private[int]
    plan_db_id: strawberry.Private[int]
    template_db_id: strawberry.Private[int | None]
    member_db_id: strawberry.Private[int | None]
    user_db_id: strawberry.Private[int | None]
    position: int = strawberry.field(description="在计划中的序号")
    title: str = strawberry.field(description="任务名称")
    category: TaskCategory = strawberry.field(description="类别")  # type: ignore[valid-type]
    objective: str | None = strawberry.field(description="目标")
    managing_department: str | None = strawberry.field(description="管理部门")
    responsible_section: str | None = strawberry.field(description="责任科室")
    starts_on: date = strawberry.field(description="开始日期")
    due_on: date = strawberry.field(description="完成日期")
    budget: Decimal = strawberry.field(description="预算（元，每个执行单位）")
    executor_count: int = strawberry.field(description="执行单位数")
    planned_budget: Decimal = strawberry.field(description="计划预算合计（元）= 预算 × 执行单位数")
    spent: Decimal = strawberry.field(description="已支出（元，各执行单位合计）")
    cancelled_at: datetime | None = strawberry.field(description="在修订中被取消的时间 (UTC)；未取消为空")
    cancel_reason: str | None = strawberry.field(description="取消理由")

    @strawberry.field(description="所属计划；无权查看该计划时为空（如执行该任务的党支部看上级党委的计划）")
    async def plan(self, info: ZInfo) -> "Plan | None":
        return await plan_loader(info).load(self.plan_db_id)

    @strawberry.field(description="生成该任务的模板版本；手工填写的任务为空")
    async def template(self, info: ZInfo) -> TaskTemplate | None:
        return await template_loader(info).load(self.template_db_id) if self.template_db_id else None

    @strawberry.field(description="执行人（党员）；执行人是账号或未指定时为空")
    async def executor_member(self, info: ZInfo) -> Member | None:
        return await member_loader(info).load(self.member_db_id) if self.member_db_id else None

    @strawberry.field(description="执行人（账号）；执行人是党员或未指定时为空")
    async def executor_user(self, info: ZInfo) -> User | None:
        row = await user_row_loader(info).load(self.user_db_id) if self.user_db_id else None
        return user_from_row(row) if row is not None else None

    @strawberry.field(description="关键节点，按日期顺序")
    async def milestones(self, info: ZInfo) -> list[PlanMilestone]:
        return await milestones_loader(info).load(self.db_id)

    @strawberry.field(description="执行单位（你有权查看的），按组织树顺序分页")
    async def executing_organizations(
        self,
        info: ZInfo,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[Organization]:
        try:
            request = page_request(first, after, key=(str,))
        except DomainError as error:
            raise_query_error(error)
        after_path = request.after[0] if request.after else None
        rows = await executing_orgs_loader(info).load((self.db_id, request.first, after_path))
        kept = rows[: request.first]
        page = Page(rows=kept, has_next_page=len(rows) > request.first, cursors=[encode_cursor([r.path]) for r in kept])
        orgs = []
        for row in kept:
            org = org_from_row(row)
            org_loader(info).prime(row.id, org)
            orgs.append(org)
        item_id, actor = self.db_id, info.context.require_actor()

        async def count() -> int:
            async with info.context.sessions() as session:
                return await plan_reads.count_executing_orgs(session, actor=actor, item_id=item_id)

        return connection(page, orgs, count)


def item_from_row(row: Any) -> PlanItem:
    """From an item row carrying its executor_count (plan_reads)."""
    return PlanItem(
        id=strawberry.ID(to_global_id("PlanItem", row.id)),
        db_id=row.id,
        plan_db_id=row.plan_id,
        template_db_id=row.template_id,
        member_db_id=row.executor_member_id,
        user_db_id=row.executor_user_id,
        position=row.position,
        title=row.title,
        category=DomainTaskCategory(row.category),
        objective=row.objective,
        managing_department=row.managing_department,
        responsible_section=row.responsible_section,
        starts_on=row.starts_on,
        due_on=row.due_on,
        budget=yuan(row.budget_fen),
        executor_count=row.executor_count,
        planned_budget=yuan(row.budget_fen * row.executor_count),
        spent=yuan(row.spent_fen),
        cancelled_at=row.cancelled_at,
        cancel_reason=row.cancel_reason,
    )


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


async def _items_of_plans(info: ZInfo, keys: Sequence[tuple[int, bool]]) -> list[list[Any]]:
    async with info.context.sessions() as session:
        live = await plan_reads.items_of_plans(session, [k for k, c in keys if not c], cancelled=False)
        every = (
            await plan_reads.items_of_plans(session, [k for k, c in keys if c], cancelled=True)
            if any(c for _, c in keys)
            else {}
        )
    return [(every if c else live)[k] for k, c in keys]


def items_of_plan_loader(info: ZInfo) -> DataLoader[tuple[int, bool], list[Any]]:
    return loader(info, "tasks.plan_items", _items_of_plans)


async def _items(info: ZInfo, ids: Sequence[int]) -> list[PlanItem | None]:
    async with info.context.sessions() as session:
        found = await plan_reads.items_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [item_from_row(found[i]) if i in found else None for i in ids]


def item_loader(info: ZInfo) -> DataLoader[int, PlanItem | None]:
    """Items the actor may read: by the plan, or by one of the item's executing orgs."""
    return loader(info, "tasks.item", _items)


async def _items_unchecked(info: ZInfo, ids: Sequence[int]) -> list[PlanItem | None]:
    async with info.context.sessions() as session:
        found = await plan_reads.items_by_ids(session, actor=None, ids=ids)
    return [item_from_row(found[i]) if i in found else None for i in ids]


def assignment_item_loader(info: ZInfo) -> DataLoader[int, PlanItem | None]:
    """The item of an assignment the actor has already been allowed to read (a member's own part included):
    whoever reads the assignment may read what it is for."""
    return loader(info, "tasks.item_of_assignment", _items_unchecked)


async def _milestones(info: ZInfo, item_ids: Sequence[int]) -> list[list[PlanMilestone]]:
    async with info.context.sessions() as session:
        found = await plan_reads.milestones_of_items(session, item_ids)
    return [
        [
            PlanMilestone(id=strawberry.ID(to_global_id("PlanMilestone", m.id)), title=m.title, due_on=m.due_on)
            for m in found[i]
        ]
        for i in item_ids
    ]


def milestones_loader(info: ZInfo) -> DataLoader[int, list[PlanMilestone]]:
    return loader(info, "tasks.item_milestones", _milestones)


async def _executing_orgs(info: ZInfo, keys: Sequence[tuple[int, int, str | None]]) -> list[list[Any]]:
    """One statement for the items of a page that ask for the same page of their orgs (the usual case)."""
    actor = info.context.require_actor()
    found: dict[tuple[int, int, str | None], list[Any]] = {}
    groups: dict[tuple[int, str | None], list[int]] = {}
    for item_id, first, after in keys:
        groups.setdefault((first, after), []).append(item_id)
    async with info.context.sessions() as session:
        for (first, after), item_ids in groups.items():
            rows = await plan_reads.executing_orgs(session, actor=actor, item_ids=item_ids, first=first, after=after)
            found.update({(i, first, after): rows[i] for i in item_ids})
    return [found[k] for k in keys]


def executing_orgs_loader(info: ZInfo) -> DataLoader[tuple[int, int, str | None], list[Any]]:
    return loader(info, "tasks.item_orgs", _executing_orgs)


async def _budgets(info: ZInfo, plan_ids: Sequence[int]) -> list[tuple[int, int]]:
    async with info.context.sessions() as session:
        found = await plan_reads.budgets_of_plans(session, plan_ids)
    return [found[i] for i in plan_ids]


def budgets_loader(info: ZInfo) -> DataLoader[int, tuple[int, int]]:
    return loader(info, "tasks.plan_budgets", _budgets)
