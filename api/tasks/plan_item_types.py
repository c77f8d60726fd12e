"""The items of a plan (一项任务) and their milestones as clients see them, with the item loaders other task
types use."""

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader

from api.accounts.types import User, user_from_row
from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import to_global_id
from api.loaders import loader
from api.members.loaders import member_loader
from api.members.types import Member
from api.node import Node
from api.orglife.meeting_loaders import user_row_loader
from api.orgs.loaders import org_loader
from api.orgs.types import Organization, org_from_row
from api.pagination import Connection, connection
from api.tasks.plan_loaders import executing_orgs_loader, milestones_loader
from api.tasks.template_types import TaskCategory, TaskTemplate, template_loader
from domain.errors import DomainError
from domain.money import yuan
from domain.paging import Page, encode_cursor, page_request
from domain.tasks import plan_reads
from domain.tasks.enums import TaskCategory as DomainTaskCategory

if TYPE_CHECKING:  # plan_types imports this module; the schema resolves Plan lazily
    from api.tasks.plan_types import Plan


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
    async def plan(self, info: ZInfo) -> Annotated["Plan", strawberry.lazy("api.tasks.plan_types")] | None:
        from api.tasks.plan_types import plan_loader  # plan_types imports this module for a plan's items

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
        rows = await milestones_loader(info).load(self.db_id)
        return [
            PlanMilestone(id=strawberry.ID(to_global_id("PlanMilestone", m.id)), title=m.title, due_on=m.due_on)
            for m in rows
        ]

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
