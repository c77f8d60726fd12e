from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import UserError
from api.ids import decode_id
from api.mutations import run_mutation
from api.orglife.meeting_inputs import RecordMeetingInput, UpdateMeetingInput
from api.orglife.meeting_types import MeetingPayload, meeting_from_row
from api.permissions import Authenticated
from domain.orglife import meetings
from domain.orglife.models import Meeting
from domain.timeutil import today

_INPUT = strawberry.argument(description="输入")


def _payload(result: tuple[Meeting | None, list[UserError]]) -> MeetingPayload:
    meeting, errors = result
    return MeetingPayload(meeting=meeting_from_row(meeting) if meeting else None, errors=errors)


@strawberry.type
class MeetingMutations:
    @strawberry.mutation(
        description="记录一次会议（三会一课等）：类型须适用于该组织，日期不晚于今天；违反规则时不写入任何数据",
        permission_classes=[Authenticated],
    )
    async def record_meeting(self, info: ZInfo, input: Annotated[RecordMeetingInput, _INPUT]) -> MeetingPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: meetings.record_meeting(
                    s,
                    actor=actor,
                    organization_id=decode_id(input.organization_id, "Organization", "organizationId"),
                    fields=input.fields(),
                    today=today(),
                ),
            )
        )

    @strawberry.mutation(
        description="更正会议记录：整条记录替换，版本号加一，原版本连同更正原因保留在修订历史中",
        permission_classes=[Authenticated],
    )
    async def update_meeting(self, info: ZInfo, input: Annotated[UpdateMeetingInput, _INPUT]) -> MeetingPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: meetings.update_meeting(
                    s,
                    actor=actor,
                    meeting_id=decode_id(input.id, "Meeting"),
                    version=input.version,
                    fields=input.fields(),
                    reason=input.reason,
                    today=today(),
                ),
            )
        )
