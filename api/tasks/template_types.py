"""The task library (任务库) as clients see it."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.enums import described_enum
from api.errors import UserError
from api.ids import to_global_id
from api.loaders import loader
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from domain.money import to_yuan
from domain.tasks import template_reads
from domain.tasks.enums import CATEGORY_LABELS
from domain.tasks.enums import TaskCategory as DomainTaskCategory

TaskCategory = described_enum(DomainTaskCategory, description="党建任务的类别", labels=CATEGORY_LABELS)


@strawberry.type(description="模板的一个关键节点：任务开始后第几天")
class TemplateMilestone:
    title: str = strawberry.field(description="节点名称")
    offset_days: int = strawberry.field(description="任务开始后的天数（0 为开始当天）")


@strawberry.type(description="任务模板（任务库中的一项）的一个版本：由模板生成的任务取其默认值，再逐项修改")
class TaskTemplate(Node):
    db_id: strawberry.Private[int]
    org_db_id: strawberry.Private[int]
    lineage_id: strawberry.ID = strawberry.field(description="模板的标识：同一模板的各个版本相同（首个版本的 ID）")
    version: int = strawberry.field(description="版本号，从 1 起；修改模板即新增一个版本")
    current: bool = strawberry.field(description="是否为最新版本（只有最新版本可用于新任务）")
    title: str = strawberry.field(description="任务名称")
    category: TaskCategory = strawberry.field(description="类别")  # type: ignore[valid-type]
    description: str | None = strawberry.field(description="说明")
    default_objective: str | None = strawberry.field(description="默认目标")
    default_department: str | None = strawberry.field(description="默认管理部门")
    default_section: str | None = strawberry.field(description="默认责任科室")
    default_budget: Decimal | None = strawberry.field(description="默认预算（元，每个执行单位）")
    default_duration_days: int | None = strawberry.field(description="默认期限（天，自开始日期起）；为空时到当年年底")
    default_milestones: list[TemplateMilestone] = strawberry.field(description="默认关键节点")
    superseded_at: datetime | None = strawberry.field(description="被新版本取代的时间 (UTC)；最新版本为空")
    created_at: datetime = strawberry.field(description="本版本的创建时间 (UTC)")

    @strawberry.field(description="保存该模板的党委（任务库所在组织）；无权查看时为空")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)


def template_from_row(row: Any) -> TaskTemplate:
    return TaskTemplate(
        id=strawberry.ID(to_global_id("TaskTemplate", row.id)),
        db_id=row.id,
        org_db_id=row.organization_id,
        lineage_id=strawberry.ID(to_global_id("TaskTemplate", row.lineage_id)),
        version=row.version,
        current=row.superseded_at is None,
        title=row.title,
        category=DomainTaskCategory(row.category),
        description=row.description,
        default_objective=row.default_objective,
        default_department=row.default_department,
        default_section=row.default_section,
        default_budget=to_yuan(row.default_budget_fen),
        default_duration_days=row.default_duration_days,
        default_milestones=[
            TemplateMilestone(title=m["title"], offset_days=m["offsetDays"]) for m in row.default_milestones
        ],
        superseded_at=row.superseded_at,
        created_at=row.created_at,
    )


async def _templates(info: ZInfo, ids: Sequence[int]) -> list[TaskTemplate | None]:
    async with info.context.sessions() as session:
        found = await template_reads.templates_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [template_from_row(found[i]) if i in found else None for i in ids]


def template_loader(info: ZInfo) -> DataLoader[int, TaskTemplate | None]:
    return loader(info, "tasks.template", _templates)


@strawberry.type(description="新建或修改任务模板的结果")
class TaskTemplatePayload:
    template: TaskTemplate | None = strawberry.field(description="模板（修改后为新版本）；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败的原因；成功时为空列表")
