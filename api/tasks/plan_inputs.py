"""What clients send about plans and their items, and how it becomes the domain's fields."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import strawberry

from api.ids import decode_id, decode_optional_id
from api.tasks.template_types import TaskCategory
from domain.orgs.models import OrgType
from domain.tasks.enums import TaskCategory as DomainTaskCategory
from domain.tasks.plan_rules import Executors, FromTemplates, ItemFields, MilestoneFields, OrgTypesUnder

_VERSION = "计划当前的版本号（每次修改计划或其任务加 1）"


@strawberry.input(description="制定计划（草稿）")
class CreatePlanInput:
    organization_id: strawberry.ID = strawberry.field(description="制定计划的组织（须有任务管理权限）")
    year: int = strawberry.field(description="年度，不晚于明年")
    title: str = strawberry.field(description="计划名称，1 到 200 个字符")


@strawberry.input(description="某组织（含自身）以下全部未撤销的某些类型的组织，如“集团党委以下的全部党支部”")
class OrgTypesUnderInput:
    organization_id: strawberry.ID = strawberry.field(description="范围的顶端组织，须在计划所属组织的范围内")
    org_types: list[OrgType] = strawberry.field(description="组织类型，至少一种")


@strawberry.input(description="任务的一个关键节点")
class MilestoneInput:
    title: str = strawberry.field(description="节点名称，1 到 200 个字符")
    due_on: date = strawberry.field(description="节点日期，在任务的开始和完成日期之间")


@strawberry.input(description="一项任务的全部内容；执行单位可逐个指定（最多 100 个）和/或按类型指定，合在一起")
class PlanItemInput:
    title: str = strawberry.field(description="任务名称，1 到 200 个字符")
    category: TaskCategory = strawberry.field(description="类别")  # type: ignore[valid-type]
    starts_on: date = strawberry.field(description="开始日期，须在计划年度内")
    due_on: date = strawberry.field(description="完成日期，不早于开始日期")
    objective: str | None = strawberry.field(default=None, description="目标，不超过 1000 个字符")
    managing_department: str | None = strawberry.field(default=None, description="管理部门，不超过 100 个字符")
    responsible_section: str | None = strawberry.field(default=None, description="责任科室，不超过 100 个字符")
    executor_member_id: strawberry.ID | None = strawberry.field(
        default=None, description="执行人（党员），须在计划所属组织范围内的名册上；与 executorUserId 二选一"
    )
    executor_user_id: strawberry.ID | None = strawberry.field(
        default=None, description="执行人（账号），须为你可见的账号"
    )
    budget: Decimal | None = strawberry.field(default=None, description="预算（元，每个执行单位），最多两位小数")
    executing_organization_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="逐个指定的执行单位，须在计划所属组织（含自身）范围内，最多 100 个"
    )
    executing_org_types_under: OrgTypesUnderInput | None = strawberry.field(
        default=None, description="按类型指定的执行单位，如某党委以下的全部党支部"
    )
    milestones: list[MilestoneInput] = strawberry.field(default_factory=list, description="关键节点，最多 20 个")


@strawberry.input(
    description="由勾选的模板生成任务：各任务取模板的默认值，共用这里的开始日期和执行单位，生成后可逐项修改"
)
class FromTemplatesInput:
    template_ids: list[strawberry.ID] = strawberry.field(description="模板（须为本组织或上级党委任务库中的最新版本）")
    starts_on: date = strawberry.field(description="开始日期，须在计划年度内；完成日期和节点日期按模板的期限推算")
    executing_organization_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="逐个指定的执行单位，最多 100 个"
    )
    executing_org_types_under: OrgTypesUnderInput | None = strawberry.field(
        default=None, description="按类型指定的执行单位"
    )


@strawberry.input(description="向草稿或修订中的计划添加任务（一次最多 200 项）")
class AddPlanItemsInput:
    plan_id: strawberry.ID = strawberry.field(description="计划 ID")
    version: int = strawberry.field(description=_VERSION)
    from_templates: FromTemplatesInput | None = strawberry.field(default=None, description="由模板生成的任务")
    items: list[PlanItemInput] = strawberry.field(default_factory=list, description="逐项填写的任务")


@strawberry.input(description="修改一项任务：以给出的内容（含执行单位和关键节点）整体替换")
class UpdatePlanItemInput:
    item_id: strawberry.ID = strawberry.field(description="任务 ID")
    version: int = strawberry.field(description=_VERSION)
    item: PlanItemInput = strawberry.field(description="任务的新内容")


@strawberry.input(
    description="删除一项任务：草稿中直接删除；修订中标记取消（须写明理由），批准后其已下达的任务随之取消"
)
class RemovePlanItemInput:
    item_id: strawberry.ID = strawberry.field(description="任务 ID")
    version: int = strawberry.field(description=_VERSION)
    reason: str | None = strawberry.field(default=None, description="取消理由（修订中必填），不超过 500 个字符")


@strawberry.input(description="发布计划：提交审批，审批期间不可编辑")
class PublishPlanInput:
    plan_id: strawberry.ID = strawberry.field(description="计划 ID")
    version: int = strawberry.field(description=_VERSION)


@strawberry.input(description="发起修订：已批准的计划回到可编辑状态，已下达的任务照常执行，修订须再次审批")
class RevisePlanInput(PublishPlanInput):
    pass


def decode_all(values: Sequence[str], type_name: str, at: Sequence[str]) -> tuple[int, ...]:
    return tuple(decode_id(v, type_name, [*at, str(j)]) for j, v in enumerate(values))


def executors(ids: Sequence[str], under: OrgTypesUnderInput | None, at: Sequence[str]) -> Executors:
    typed = None
    if under is not None:
        top = decode_id(under.organization_id, "Organization", [*at, "executingOrgTypesUnder", "organizationId"])
        typed = OrgTypesUnder(organization_id=top, org_types=tuple(OrgType(t) for t in under.org_types))
    return Executors(
        organization_ids=decode_all(ids, "Organization", [*at, "executingOrganizationIds"]), org_types_under=typed
    )


def item_fields(value: PlanItemInput, at: Sequence[str]) -> ItemFields:
    return ItemFields(
        title=value.title,
        category=DomainTaskCategory(value.category),
        starts_on=value.starts_on,
        due_on=value.due_on,
        executors=executors(value.executing_organization_ids, value.executing_org_types_under, at),
        objective=value.objective,
        managing_department=value.managing_department,
        responsible_section=value.responsible_section,
        executor_member_id=decode_optional_id(value.executor_member_id, "Member", [*at, "executorMemberId"]),
        executor_user_id=decode_optional_id(value.executor_user_id, "User", [*at, "executorUserId"]),
        budget=value.budget,
        milestones=tuple(MilestoneFields(title=m.title, due_on=m.due_on) for m in value.milestones),
    )


def from_templates(value: FromTemplatesInput | None) -> FromTemplates | None:
    if value is None:
        return None
    at = ["fromTemplates"]
    return FromTemplates(
        template_ids=decode_all(value.template_ids, "TaskTemplate", [*at, "templateIds"]),
        starts_on=value.starts_on,
        executors=executors(value.executing_organization_ids, value.executing_org_types_under, at),
    )
