from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.context import ZInfo
from api.enums import described_enum
from api.errors import UserError, raise_query_error
from api.ids import to_global_id
from api.node import Node
from api.pagination import Connection, connection
from domain.errors import DomainError
from domain.orgs import reads, rules
from domain.orgs.models import OrgType as DomainOrgType
from domain.paging import page_request

if TYPE_CHECKING:  # the term types import this module; the schema resolves them lazily
    from api.orglife.term_types import Term, TermAdjustment

described_enum(DomainOrgType, description="组织类型", labels=rules.TYPE_LABELS)


@strawberry.type(description="党组织：党委、党总支、党支部或党小组")
class Organization(Node):
    db_id: strawberry.Private[int]
    parent_db_id: strawberry.Private[int | None]
    name: str = strawberry.field(description="名称，在同一上级下唯一")
    type: DomainOrgType = strawberry.field(description="组织类型")
    code: str | None = strawberry.field(description="组织代码，全局唯一")
    path: str = strawberry.field(description="物化路径，如 /1/5/23/（以斜杠结尾）")
    depth: int = strawberry.field(description="层级，顶级组织为 0")
    established_on: date | None = strawberry.field(description="成立日期")
    term_started_on: date | None = strawberry.field(description="本届任期开始日期")
    term_years: int = strawberry.field(description="任期年限（党委默认 5 年，其他默认 3 年）")
    term_adjusted_ends_on: strawberry.Private[date | None]
    dissolved_on: date | None = strawberry.field(description="撤销日期；未撤销为空")
    dissolution_reason: str | None = strawberry.field(description="撤销原因")
    version: int = strawberry.field(description="版本号，修改时须带上以防覆盖他人的修改")
    created_at: datetime = strawberry.field(description="创建时间 (UTC)")
    updated_at: datetime = strawberry.field(description="最后修改时间 (UTC)")

    @strawberry.field(description="本届任期届满日期；经上级党委批准提前或延期的，为调整后的日期")
    def term_ends_on(self) -> date | None:
        return rules.term_ends_on(self.term_started_on, self.term_years, self.term_adjusted_ends_on)

    @strawberry.field(description="本届任期：起止日期、换届状态和预警级别、本届委员会；没有任期记录时为空")
    async def current_term(self, info: ZInfo) -> Annotated["Term", strawberry.lazy("api.orglife.term_types")] | None:
        from api.orglife.term_types import current_term

        return await current_term(info, self)

    @strawberry.field(description="经批准的换届提前或延期，新的在前；无权查看组织生活时为空列表")
    async def term_adjustments(
        self, info: ZInfo
    ) -> list[Annotated["TermAdjustment", strawberry.lazy("api.orglife.term_types")]]:
        from api.orglife.term_types import term_adjustments

        return await term_adjustments(info, self)

    @strawberry.field(description="上级组织；在你的权限范围之外时为空")
    async def parent(self, info: ZInfo) -> "Organization | None":
        if self.parent_db_id is None:
            return None
        from api.orgs.loaders import org_loader

        return await org_loader(info).load(self.parent_db_id)

    @strawberry.field(description="下级组织（按名称排序，仅含你有权查看的）")
    async def children(
        self,
        info: ZInfo,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
        include_dissolved: Annotated[bool, strawberry.argument(description="是否包含已撤销的")] = False,
    ) -> Connection["Organization"]:
        from api.orgs.loaders import children_count_loader, children_loader

        try:
            request = page_request(first, after, key=reads.CHILDREN_KEY)
        except DomainError as error:
            raise_query_error(error)
        page = await children_loader(info).load((self.db_id, request.first, after, include_dissolved))
        return connection(
            page,
            [org_from_row(row) for row in page.rows],
            lambda: children_count_loader(info).load((self.db_id, include_dissolved)),
        )


def org_from_row(row: Any) -> Organization:
    """From a Core row or an ORM object alike: both carry the same attribute names."""
    return Organization(
        id=strawberry.ID(to_global_id("Organization", row.id)),
        db_id=row.id,
        parent_db_id=row.parent_id,
        name=row.name,
        type=DomainOrgType(row.type),
        code=row.code,
        path=row.path,
        depth=row.depth,
        established_on=row.established_on,
        term_started_on=row.term_started_on,
        term_years=row.term_years,
        term_adjusted_ends_on=row.term_adjusted_ends_on,
        dissolved_on=row.dissolved_on,
        dissolution_reason=row.dissolution_reason,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@strawberry.input(description="组织列表的筛选条件")
class OrganizationFilter:
    types: list[DomainOrgType] | None = strawberry.field(default=None, description="只要这些类型")
    name_contains: str | None = strawberry.field(default=None, description="名称包含")
    include_dissolved: bool = strawberry.field(default=False, description="是否包含已撤销的组织")


@strawberry.type(description="组织变更的结果")
class OrganizationPayload:
    organization: Organization | None = strawberry.field(description="变更后的组织；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因；成功时为空列表")


@strawberry.input(description="新建组织")
class CreateOrganizationInput:
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="上级组织；仅系统管理员可建顶级组织")
    name: str = strawberry.field(description="名称，1 到 100 个字符")
    type: DomainOrgType = strawberry.field(description="组织类型")
    code: str | None = strawberry.field(default=None, description="组织代码")
    established_on: date | None = strawberry.field(default=None, description="成立日期")
    term_started_on: date | None = strawberry.field(default=None, description="本届任期开始日期")
    term_years: int | None = strawberry.field(default=None, description="任期年限；默认按组织类型")


@strawberry.input(description="修改组织；未给出的字段保持不变")
class UpdateOrganizationInput:
    id: strawberry.ID = strawberry.field(description="组织 ID")
    version: int = strawberry.field(description="读取时的版本号")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="新名称")
    code: str | None = strawberry.field(default=strawberry.UNSET, description="新组织代码；null 清除")
    term_started_on: date | None = strawberry.field(default=strawberry.UNSET, description="本届任期开始日期")
    term_years: int | None = strawberry.field(default=strawberry.UNSET, description="任期年限；null 恢复默认")


@strawberry.input(description="调整组织隶属关系（整棵子树随之移动）")
class MoveOrganizationInput:
    id: strawberry.ID = strawberry.field(description="要移动的组织")
    new_parent_id: strawberry.ID = strawberry.field(description="新的上级组织")


@strawberry.input(description="撤销组织：留下有日期、有原因的记录，不删除任何数据")
class DissolveOrganizationInput:
    id: strawberry.ID = strawberry.field(description="要撤销的组织")
    dissolved_on: date = strawberry.field(description="撤销日期")
    reason: str = strawberry.field(description="撤销原因")
