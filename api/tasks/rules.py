"""The task alert rules: read by everyone signed in, changed by ADMIN alone (updateTaskRules)."""

from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import UserError
from api.mutations import run_mutation
from api.permissions import Authenticated
from domain.tasks import config
from domain.tasks.task_rules import TaskRules as Values


@strawberry.type(description="任务预警规则：进度滞后和审批等待的阈值")
class TaskRules:
    at_risk_elapsed_percent: int = strawberry.field(description="时间过去百分之几（含）起检查进度（默认 80）")
    at_risk_progress_percent: int = strawberry.field(description="此时进度低于百分之几即黄色预警（默认 50）")
    approval_wait_working_days: int = strawberry.field(description="审批一步等待超过几个工作日即黄色预警（默认 5）")
    version: int = strawberry.field(description="版本号，修改时须带上")


@strawberry.input(description="修改任务预警规则")
class TaskRulesInput:
    version: int = strawberry.field(description="读取时的版本号")
    at_risk_elapsed_percent: int = strawberry.field(description="时间过去百分之几（含）起检查进度，1 到 100")
    at_risk_progress_percent: int = strawberry.field(description="此时进度低于百分之几即预警，1 到 100")
    approval_wait_working_days: int = strawberry.field(description="审批一步等待超过几个工作日即预警，1 到 60")

    def values(self) -> Values:
        return Values(**{k: getattr(self, k) for k in Values.__dataclass_fields__})


@strawberry.type(description="修改任务预警规则的结果")
class TaskRulesPayload:
    rules: TaskRules | None = strawberry.field(description="修改后的规则；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因；成功时为空列表")


async def _read(info: ZInfo) -> TaskRules:
    async with info.context.sessions() as session:
        values = await config.current_rules(session)
        version = await config.rules_version(session)
    return TaskRules(**values.__dict__, version=version)


@strawberry.type
class TaskRulesQueries:
    @strawberry.field(description="任务预警规则", permission_classes=[Authenticated])
    async def task_rules(self, info: ZInfo) -> TaskRules:
        return await _read(info)


@strawberry.type
class TaskRulesMutations:
    @strawberry.mutation(description="修改任务预警规则（仅系统管理员）", permission_classes=[Authenticated])
    async def update_task_rules(
        self, info: ZInfo, input: Annotated[TaskRulesInput, strawberry.argument(description="输入")]
    ) -> TaskRulesPayload:
        actor = info.context.require_actor()
        row, errors = await run_mutation(
            info, lambda s: config.update_rules(s, actor=actor, values=input.values(), version=input.version)
        )
        return TaskRulesPayload(rules=await _read(info) if row is not None else None, errors=errors)
