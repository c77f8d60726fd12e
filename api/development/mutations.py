from typing import Annotated

import strawberry

from api.context import ZInfo
from api.development.inputs import (
    CloseDevelopmentFileInput,
    DevelopmentRulesInput,
    ExtendProbationInput,
    OpenDevelopmentFileInput,
    RecordDevelopmentStepInput,
)
from api.development.types import DevelopmentFilePayload, DevelopmentRulesPayload, file_from_row, rules_from
from api.errors import UserError
from api.ids import decode_id
from api.mutations import run_mutation
from api.permissions import Authenticated
from domain.development import service, steps
from domain.development.models import DevelopmentFile

_INPUT = strawberry.argument(description="输入")


def _payload(result: tuple[DevelopmentFile | None, list[UserError]]) -> DevelopmentFilePayload:
    file, errors = result
    return DevelopmentFilePayload(file=file_from_row(file) if file else None, errors=errors)


@strawberry.type
class DevelopmentMutations:
    @strawberry.mutation(
        description="建立发展档案，并记录第 1 步（递交入党申请书）", permission_classes=[Authenticated]
    )
    async def open_development_file(
        self, info: ZInfo, input: Annotated[OpenDevelopmentFileInput, _INPUT]
    ) -> DevelopmentFilePayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.open_file(
                    s,
                    actor=actor,
                    cipher=info.context.cipher,
                    branch_id=decode_id(input.branch_id, "Organization", "branchId"),
                    person=input.person(),
                    applied_on=input.applied_on,
                ),
            )
        )

    @strawberry.mutation(
        description="记录一个发展步骤；步骤、间隔、表决和审批层级的规则在此把关，违反时不写入任何数据",
        permission_classes=[Authenticated],
    )
    async def record_development_step(
        self, info: ZInfo, input: Annotated[RecordDevelopmentStepInput, _INPUT]
    ) -> DevelopmentFilePayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: steps.record_step(
                    s,
                    actor=actor,
                    cipher=info.context.cipher,
                    file_id=decode_id(input.file_id, "DevelopmentFile", "fileId"),
                    step=input.step,
                    on=input.on,
                    details=input.details(),
                ),
            )
        )

    @strawberry.mutation(
        description="延长预备期：只能一次，6 到 12 个月，须写明原因", permission_classes=[Authenticated]
    )
    async def extend_probation(
        self, info: ZInfo, input: Annotated[ExtendProbationInput, _INPUT]
    ) -> DevelopmentFilePayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.extend_probation(
                    s,
                    actor=actor,
                    file_id=decode_id(input.file_id, "DevelopmentFile", "fileId"),
                    months=input.months,
                    reason=input.reason,
                ),
            )
        )

    @strawberry.mutation(
        description="终止发展档案，须写明原因；预备党员的档案终止时，其党员记录随之关闭（取消预备党员资格）",
        permission_classes=[Authenticated],
    )
    async def close_development_file(
        self, info: ZInfo, input: Annotated[CloseDevelopmentFileInput, _INPUT]
    ) -> DevelopmentFilePayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.close_file(
                    s, actor=actor, file_id=decode_id(input.file_id, "DevelopmentFile", "fileId"), reason=input.reason
                ),
            )
        )

    @strawberry.mutation(description="修改发展党员的规则（仅系统管理员）", permission_classes=[Authenticated])
    async def update_development_rules(
        self, info: ZInfo, input: Annotated[DevelopmentRulesInput, _INPUT]
    ) -> DevelopmentRulesPayload:
        actor = info.context.require_actor()
        row, errors = await run_mutation(
            info, lambda s: service.update_rules(s, actor=actor, values=input.values(), version=input.version)
        )
        if row is None:
            return DevelopmentRulesPayload(rules=None, errors=errors)
        return DevelopmentRulesPayload(rules=rules_from(service.rules_of(row), row.version), errors=errors)
