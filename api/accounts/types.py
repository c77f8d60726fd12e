from datetime import datetime

import strawberry

from api.context import ZInfo
from api.enums import described_enum
from api.errors import UserError
from api.ids import to_global_id
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from authz.models import RoleGrant
from authz.roles import Role as DomainRole
from domain.accounts.models import User as UserRow

ROLE_LABELS = {
    DomainRole.ADMIN: "系统管理员：账号、授权、目录与设置",
    DomainRole.ORG_ADMIN: "党务工作者：维护所辖组织的台账",
    DomainRole.SECRETARY: "书记/委员：审批，查看所辖组织",
    DomainRole.MEMBER: "党员：查看本人相关信息",
    DomainRole.AUDITOR: "纪检/审计：只读，含审计日志",
    DomainRole.SERVICE: "集成客户端（如办公平台）：只读",
}
described_enum(DomainRole, description="角色", labels=ROLE_LABELS)


@strawberry.type(description="一项授权：某用户在某组织（或其整棵子树）上拥有某角色")
class Grant(Node):
    org_db_id: strawberry.Private[int | None]
    role: DomainRole = strawberry.field(description="角色")
    subtree: bool = strawberry.field(description="是否覆盖整棵子树；否则只含该组织本身")
    granted_at: datetime = strawberry.field(description="授权时间 (UTC)")
    revoked_at: datetime | None = strawberry.field(description="撤销时间；有效授权为空")

    @strawberry.field(description="授权所在的组织；全局授权（初始管理员）为空")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id) if self.org_db_id else None


def grant_from_row(grant: RoleGrant) -> Grant:
    assert grant.id is not None
    return Grant(
        id=strawberry.ID(to_global_id("Grant", grant.id)),
        org_db_id=grant.organization_id,
        role=DomainRole(grant.role),
        subtree=grant.subtree,
        granted_at=grant.granted_at,
        revoked_at=grant.revoked_at,
    )


@strawberry.type(description="用户账号")
class User(Node):
    db_id: strawberry.Private[int]
    username: str = strawberry.field(description="用户名（小写）")
    display_name: str = strawberry.field(description="姓名")
    is_active: bool = strawberry.field(description="是否启用")
    created_at: datetime = strawberry.field(description="创建时间 (UTC)")

    @strawberry.field(description="该用户当前有效的授权")
    async def grants(self, info: ZInfo) -> list[Grant]:
        from api.accounts.loaders import grants_loader

        return await grants_loader(info).load(self.db_id)


def user_from_row(user: UserRow) -> User:
    assert user.id is not None
    return User(
        id=strawberry.ID(to_global_id("User", user.id)),
        db_id=user.id,
        username=user.username,
        display_name=user.display_name,
        is_active=user.is_active,
        created_at=user.created_at,
    )


@strawberry.input(description="登录")
class LoginInput:
    username: str = strawberry.field(description="用户名")
    password: str = strawberry.field(description="密码")


@strawberry.type(description="登录结果")
class LoginPayload:
    token: str | None = strawberry.field(description="Bearer 令牌，放在 Authorization 请求头中")
    expires_at: datetime | None = strawberry.field(description="令牌到期时间 (UTC)")
    user: User | None = strawberry.field(description="登录的用户")
    errors: list[UserError] = strawberry.field(description="失败原因")


@strawberry.input(description="新建账号")
class CreateUserInput:
    username: str = strawberry.field(description="用户名：3 到 64 个字符")
    password: str = strawberry.field(description="密码：至少 8 位，含大写、小写、数字、符号中的三类")
    display_name: str = strawberry.field(description="姓名")


@strawberry.type(description="账号变更的结果")
class UserPayload:
    user: User | None = strawberry.field(description="账号；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因")


@strawberry.input(description="授予角色")
class GrantRoleInput:
    user_id: strawberry.ID = strawberry.field(description="用户")
    role: DomainRole = strawberry.field(description="角色")
    organization_id: strawberry.ID = strawberry.field(description="授权所在的组织")
    subtree: bool = strawberry.field(default=True, description="是否覆盖整棵子树")


@strawberry.input(description="撤销授权")
class RevokeRoleInput:
    grant_id: strawberry.ID = strawberry.field(description="授权 ID")


@strawberry.type(description="授权变更的结果")
class GrantPayload:
    grant: Grant | None = strawberry.field(description="授权；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因")
