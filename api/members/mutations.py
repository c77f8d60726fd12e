from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import UserError
from api.ids import decode_id, decode_optional_id
from api.members.inputs import (
    CreateMemberInput,
    LinkMemberAccountInput,
    RecordLeavingInput,
    RevealInput,
    UpdateMemberInput,
)
from api.members.types import MemberPayload, RevealPayload, member_from_row
from api.mutations import run_mutation
from api.permissions import Authenticated
from domain.members import service
from domain.members.models import Member


def _payload(result: tuple[Member | None, list[UserError]]) -> MemberPayload:
    member, errors = result
    return MemberPayload(member=member_from_row(member) if member else None, errors=errors)


def _fields(input: CreateMemberInput) -> service.MemberFields:
    return service.MemberFields(
        name=input.name,
        gender=input.gender,
        ethnicity=input.ethnicity,
        birth_date=input.birth_date,
        id_number=input.id_number,
        category=input.category,
        joined_on=input.joined_on,
        status=input.status,
        phone=input.phone,
        education=input.education,
        degree=input.degree,
        native_place=input.native_place,
        post=input.post,
        department=input.department,
        converted_on=input.converted_on,
        special_state=input.special_state,
        flowing_to=input.flowing_to,
    )


@strawberry.type
class MemberMutations:
    @strawberry.mutation(description="新建党员记录（党支部的党务工作者）", permission_classes=[Authenticated])
    async def create_member(
        self, info: ZInfo, input: Annotated[CreateMemberInput, strawberry.argument(description="输入")]
    ) -> MemberPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.create_member(
                    s,
                    actor=actor,
                    cipher=info.context.cipher,
                    organization_id=decode_id(input.organization_id, "Organization", "organizationId"),
                    party_group_id=decode_optional_id(input.party_group_id, "Organization", "partyGroupId"),
                    fields=_fields(input),
                ),
            )
        )

    @strawberry.mutation(description="修改党员记录（须带版本号；已关闭的记录只读）", permission_classes=[Authenticated])
    async def update_member(
        self, info: ZInfo, input: Annotated[UpdateMemberInput, strawberry.argument(description="输入")]
    ) -> MemberPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.update_member(
                    s,
                    actor=actor,
                    cipher=info.context.cipher,
                    member_id=decode_id(input.id, "Member"),
                    version=input.version,
                    changes=input.changes(),
                ),
            )
        )

    @strawberry.mutation(
        description="查看党员的身份证号和电话明文；须有查看权限，每次查看记入审计日志",
        permission_classes=[Authenticated],
    )
    async def reveal_member_personal_data(
        self, info: ZInfo, input: Annotated[RevealInput, strawberry.argument(description="输入")]
    ) -> RevealPayload:
        actor = info.context.require_actor()
        revealed, errors = await run_mutation(
            info,
            lambda s: service.reveal_personal_data(
                s, actor=actor, cipher=info.context.cipher, member_id=decode_id(input.member_id, "Member", "memberId")
            ),
        )
        return RevealPayload(
            id_number=revealed.id_number if revealed else None,
            phone=revealed.phone if revealed else None,
            errors=errors,
        )

    @strawberry.mutation(description="记录出党；记录保留，此后只读", permission_classes=[Authenticated])
    async def record_leaving(
        self, info: ZInfo, input: Annotated[RecordLeavingInput, strawberry.argument(description="输入")]
    ) -> MemberPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.record_leaving(
                    s,
                    actor=actor,
                    member_id=decode_id(input.member_id, "Member", "memberId"),
                    kind=input.kind,
                    left_on=input.left_on,
                    reason=input.reason,
                ),
            )
        )

    @strawberry.mutation(
        description="关联党员本人的账号（党务工作者）；一个账号只能关联一条党员记录", permission_classes=[Authenticated]
    )
    async def link_member_account(
        self, info: ZInfo, input: Annotated[LinkMemberAccountInput, strawberry.argument(description="输入")]
    ) -> MemberPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.link_account(
                    s,
                    actor=actor,
                    member_id=decode_id(input.member_id, "Member", "memberId"),
                    user_id=decode_optional_id(input.user_id, "User", "userId"),
                ),
            )
        )
