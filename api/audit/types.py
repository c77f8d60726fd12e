from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.ids import to_global_id
from api.node import Node


@strawberry.type(description="一条审计记录（全纪实）：只能追加，不能修改或删除")
class AuditRecord(Node):
    at: datetime = strawberry.field(description="发生时间 (UTC)")
    user_id: strawberry.ID | None = strawberry.field(description="操作者的用户 ID；未登录时为空")
    username: str | None = strawberry.field(description="操作者的用户名")
    client_address: str | None = strawberry.field(description="客户端地址")
    request_id: str | None = strawberry.field(description="请求 ID，便于与日志对照")
    operation: str = strawberry.field(description="操作（GraphQL 变更名或命令名）")
    object_type: str | None = strawberry.field(description="对象类型")
    object_id: strawberry.ID | None = strawberry.field(description="对象的全局 ID")
    organization_id: strawberry.ID | None = strawberry.field(description="所涉组织的全局 ID")
    org_path: str | None = strawberry.field(description="当时所涉组织的路径")
    result: str = strawberry.field(description="结果：OK，或被拒绝时的错误代码")
    changes: JSON | None = strawberry.field(description="变更的字段（从不含密码）")


def record_from_row(row: Any) -> AuditRecord:
    return AuditRecord(
        id=strawberry.ID(to_global_id("AuditRecord", row.id)),
        at=row.at,
        user_id=strawberry.ID(to_global_id("User", row.user_id)) if row.user_id else None,
        username=row.username,
        client_address=row.client_address,
        request_id=row.request_id,
        operation=row.operation,
        object_type=row.object_type,
        object_id=strawberry.ID(to_global_id(row.object_type, row.object_id))
        if row.object_type and row.object_id
        else None,
        organization_id=strawberry.ID(to_global_id("Organization", row.org_id)) if row.org_id else None,
        org_path=row.org_path,
        result=row.result,
        changes=row.changes,
    )


@strawberry.input(description="审计记录的筛选条件")
class AuditFilter:
    since: datetime | None = strawberry.field(default=None, description="从此时刻起（含）")
    until: datetime | None = strawberry.field(default=None, description="到此时刻止（不含）")
    user_id: strawberry.ID | None = strawberry.field(default=None, description="操作者")
    organization_id: strawberry.ID | None = strawberry.field(default=None, description="该组织及其下级")
    operation: str | None = strawberry.field(default=None, description="操作名，如 createOrganization")
    result: str | None = strawberry.field(default=None, description="结果，如 OK 或 FORBIDDEN")
