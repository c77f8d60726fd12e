from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import ZInfo
from api.ids import decode_id
from api.mutations import run_mutation
from api.permissions import Authenticated
from api.tasks.plan_inputs import (
    AddPlanItemsInput,
    CreatePlanInput,
    PublishPlanInput,
    RemovePlanItemInput,
    RevisePlanInput,
    UpdatePlanItemInput,
    from_templates,
    item_fields,
)
from api.tasks.plan_types import PlanPayload, plan_loader
from domain.tasks import plan_items, plans
from domain.tasks.models import Plan
from domain.timeutil import today


async def _payload(info: ZInfo, work: Callable[[AsyncSession], Awaitable[Plan]]) -> PlanPayload:
    plan, errors = await run_mutation(info, work)
    if plan is None or plan.id is None:
        return PlanPayload(plan=None, errors=errors)
    # Read back through the loader: the payload shows the plan as every read does.
    return PlanPayload(plan=await plan_loader(info).load(plan.id), errors=errors)


@strawberry.type
class PlanMutations:
    @strawberry.mutation(description="制定一个组织某年度的工作计划（草稿）", permission_classes=[Authenticated])
    async def create_plan(
        self, info: ZInfo, input: Annotated[CreatePlanInput, strawberry.argument(description="输入")]
    ) -> PlanPayload:
        actor = info.context.require_actor()

        async def work(s: AsyncSession) -> Plan:
            org_id = decode_id(input.organization_id, "Organization", "organizationId")
            return await plans.create_plan(
                s, actor=actor, organization_id=org_id, year=input.year, title=input.title, today=today()
            )

        return await _payload(info, work)

    @strawberry.mutation(
        description="向草稿或修订中的计划添加任务：由勾选的模板一键生成，和/或逐项填写",
        permission_classes=[Authenticated],
    )
    async def add_plan_items(
        self, info: ZInfo, input: Annotated[AddPlanItemsInput, strawberry.argument(description="输入")]
    ) -> PlanPayload:
        actor = info.context.require_actor()

        async def work(s: AsyncSession) -> Plan:
            return await plan_items.add_items(
                s,
                actor=actor,
                plan_id=decode_id(input.plan_id, "Plan", "planId"),
                version=input.version,
                from_templates=from_templates(input.from_templates),
                items=[item_fields(item, ["items", str(i)]) for i, item in enumerate(input.items)],
                today=today(),
            )

        return await _payload(info, work)

    @strawberry.mutation(description="修改草稿或修订中计划的一项任务", permission_classes=[Authenticated])
    async def update_plan_item(
        self, info: ZInfo, input: Annotated[UpdatePlanItemInput, strawberry.argument(description="输入")]
    ) -> PlanPayload:
        actor = info.context.require_actor()

        async def work(s: AsyncSession) -> Plan:
            item_id = decode_id(input.item_id, "PlanItem", "itemId")
            fields = item_fields(input.item, ["item"])
            return await plan_items.update_item(
                s, actor=actor, item_id=item_id, version=input.version, fields=fields, today=today()
            )

        return await _payload(info, work)

    @strawberry.mutation(
        description="删除（草稿）或取消（修订中，须写明理由）计划的一项任务", permission_classes=[Authenticated]
    )
    async def remove_plan_item(
        self, info: ZInfo, input: Annotated[RemovePlanItemInput, strawberry.argument(description="输入")]
    ) -> PlanPayload:
        actor = info.context.require_actor()

        async def work(s: AsyncSession) -> Plan:
            item_id = decode_id(input.item_id, "PlanItem", "itemId")
            return await plan_items.remove_item(
                s, actor=actor, item_id=item_id, version=input.version, reason=input.reason, today=today()
            )

        return await _payload(info, work)

    @strawberry.mutation(
        description="发布计划：提交本组织设定的审批流程审批（默认由本组织的书记审批），审批期间不可修改",
        permission_classes=[Authenticated],
    )
    async def publish_plan(
        self, info: ZInfo, input: Annotated[PublishPlanInput, strawberry.argument(description="输入")]
    ) -> PlanPayload:
        actor = info.context.require_actor()

        async def work(s: AsyncSession) -> Plan:
            plan_id = decode_id(input.plan_id, "Plan", "planId")
            return await plans.publish_plan(s, actor=actor, plan_id=plan_id, version=input.version, today=today())

        return await _payload(info, work)

    @strawberry.mutation(
        description="对已批准的计划发起修订：修订期间已下达的任务照常执行，修订再次批准后生效",
        permission_classes=[Authenticated],
    )
    async def revise_plan(
        self, info: ZInfo, input: Annotated[RevisePlanInput, strawberry.argument(description="输入")]
    ) -> PlanPayload:
        actor = info.context.require_actor()

        async def work(s: AsyncSession) -> Plan:
            plan_id = decode_id(input.plan_id, "Plan", "planId")
            return await plans.revise_plan(s, actor=actor, plan_id=plan_id, version=input.version, today=today())

        return await _payload(info, work)
