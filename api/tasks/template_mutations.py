from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import ZInfo
from api.ids import decode_id
from api.mutations import run_mutation
from api.permissions import Authenticated
from api.tasks.template_inputs import TaskTemplateInput, UpdateTaskTemplateInput, template_fields
from api.tasks.template_types import TaskTemplatePayload, template_loader
from domain.tasks import templates
from domain.tasks.models import TaskTemplate
from domain.timeutil import today


async def _payload(info: ZInfo, work: Callable[[AsyncSession], Awaitable[TaskTemplate]]) -> TaskTemplatePayload:
    template, errors = await run_mutation(info, work)
    if template is None or template.id is None:
        return TaskTemplatePayload(template=None, errors=errors)
    return TaskTemplatePayload(template=await template_loader(info).load(template.id), errors=errors)


@strawberry.type
class TemplateMutations:
    @strawberry.mutation(
        description="在党委的任务库中新建任务模板；本党委及其下级的计划都可由它生成任务",
        permission_classes=[Authenticated],
    )
    async def create_task_template(
        self, info: ZInfo, input: Annotated[TaskTemplateInput, strawberry.argument(description="输入")]
    ) -> TaskTemplatePayload:
        actor = info.context.require_actor()

        async def work(s: AsyncSession) -> TaskTemplate:
            org_id = decode_id(input.organization_id, "Organization", "organizationId")
            fields = template_fields(input)
            return await templates.create_template(s, actor=actor, organization_id=org_id, fields=fields, today=today())

        return await _payload(info, work)

    @strawberry.mutation(
        description="修改任务模板：新增一个版本并取代旧版本；已由旧版本生成的任务不变",
        permission_classes=[Authenticated],
    )
    async def update_task_template(
        self, info: ZInfo, input: Annotated[UpdateTaskTemplateInput, strawberry.argument(description="输入")]
    ) -> TaskTemplatePayload:
        actor = info.context.require_actor()

        async def work(s: AsyncSession) -> TaskTemplate:
            template_id = decode_id(input.template_id, "TaskTemplate", "templateId")
            fields = template_fields(input)
            return await templates.update_template(
                s, actor=actor, template_id=template_id, version=input.version, fields=fields, today=today()
            )

        return await _payload(info, work)
