from typing import Annotated

import strawberry

from api.accounts.types import (
    CreateUserInput,
    GrantPayload,
    GrantRoleInput,
    LoginInput,
    LoginPayload,
    RevokeRoleInput,
    UserPayload,
    grant_from_row,
    user_from_row,
)
from api.context import ZInfo
from api.ids import decode_id
from api.mutations import run_mutation
from api.permissions import Authenticated
from domain.accounts import service


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="用用户名和密码登录，取得 Bearer 令牌")
    async def login(
        self, info: ZInfo, input: Annotated[LoginInput, strawberry.argument(description="输入")]
    ) -> LoginPayload:
        settings = info.context.settings
        signed_in, errors = await run_mutation(
            info,
            lambda s: service.sign_in(s, settings=settings, username=input.username, password=input.password),
        )
        if signed_in is None:
            return LoginPayload(token=None, expires_at=None, user=None, errors=errors)
        return LoginPayload(
            token=signed_in.token.token,
            expires_at=signed_in.token.expires_at,
            user=user_from_row(signed_in.user),
            errors=[],
        )

    @strawberry.mutation(description="新建账号（系统管理员、党务工作者）", permission_classes=[Authenticated])
    async def create_user(
        self, info: ZInfo, input: Annotated[CreateUserInput, strawberry.argument(description="输入")]
    ) -> UserPayload:
        actor = info.context.require_actor()
        user, errors = await run_mutation(
            info,
            lambda s: service.create_user(
                s, actor=actor, username=input.username, password=input.password, display_name=input.display_name
            ),
        )
        return UserPayload(user=user_from_row(user) if user else None, errors=errors)

    @strawberry.mutation(description="在某组织上授予角色", permission_classes=[Authenticated])
    async def grant_role(
        self, info: ZInfo, input: Annotated[GrantRoleInput, strawberry.argument(description="输入")]
    ) -> GrantPayload:
        actor = info.context.require_actor()
        grant, errors = await run_mutation(
            info,
            lambda s: service.grant_role(
                s,
                actor=actor,
                user_id=decode_id(input.user_id, "User", "userId"),
                role=input.role,
                organization_id=decode_id(input.organization_id, "Organization", "organizationId"),
                subtree=input.subtree,
            ),
        )
        return GrantPayload(grant=grant_from_row(grant) if grant else None, errors=errors)

    @strawberry.mutation(description="撤销一项授权（留档）", permission_classes=[Authenticated])
    async def revoke_role(
        self, info: ZInfo, input: Annotated[RevokeRoleInput, strawberry.argument(description="输入")]
    ) -> GrantPayload:
        actor = info.context.require_actor()
        grant, errors = await run_mutation(
            info, lambda s: service.revoke_role(s, actor=actor, grant_id=decode_id(input.grant_id, "Grant", "grantId"))
        )
        return GrantPayload(grant=grant_from_row(grant) if grant else None, errors=errors)
