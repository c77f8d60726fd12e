"""What clients send about the task library."""

from decimal import Decimal

import strawberry

from api.tasks.template_types import TaskCategory
from domain.tasks.enums import TaskCategory as DomainTaskCategory
from domain.tasks.templates import TemplateFields, TemplateMilestone


@strawberry.input(description="模板的一个关键节点")
class TemplateMilestoneInput:
    title: str = strawberry.field(description="节点名称，1 到 200 个字符")
    offset_days: int = strawberry.field(description="任务开始后的天数，0 到默认期限")


@strawberry.input(description="任务模板的内容（新建和修改共用）")
class TemplateFieldsInput:
    title: str = strawberry.field(description="任务名称，1 到 200 个字符")
    category: TaskCategory = strawberry.field(description="类别")  # type: ignore[valid-type]
    description: str | None = strawberry.field(default=None, description="说明，不超过 2000 个字符")
    default_objective: str | None = strawberry.field(default=None, description="默认目标，不超过 1000 个字符")
    default_department: str | None = strawberry.field(default=None, description="默认管理部门，不超过 100 个字符")
    default_section: str | None = strawberry.field(default=None, description="默认责任科室，不超过 100 个字符")
    default_budget: Decimal | None = strawberry.field(default=None, description="默认预算（元，每个执行单位）")
    default_duration_days: int | None = strawberry.field(
        default=None, description="默认期限（天，1 到 366）；为空时生成的任务到当年年底"
    )
    default_milestones: list[TemplateMilestoneInput] = strawberry.field(
        default_factory=list, description="默认关键节点"
    )


@strawberry.input(description="在党委的任务库中新建模板")
class TaskTemplateInput(TemplateFieldsInput):
    organization_id: strawberry.ID = strawberry.field(description="保存模板的党委（须有任务管理权限）")


@strawberry.input(description="修改任务模板：新增一个版本，旧版本保留（已用它生成的任务不变）；内容整体替换")
class UpdateTaskTemplateInput(TemplateFieldsInput):
    template_id: strawberry.ID = strawberry.field(description="模板的最新版本的 ID")
    version: int = strawberry.field(description="该版本的版本号")


def template_fields(value: TemplateFieldsInput) -> TemplateFields:
    return TemplateFields(
        title=value.title,
        category=DomainTaskCategory(value.category),
        description=value.description,
        objective=value.default_objective,
        department=value.default_department,
        section=value.default_section,
        budget=value.default_budget,
        duration_days=value.default_duration_days,
        milestones=tuple(TemplateMilestone(m.title, m.offset_days) for m in value.default_milestones),
    )
