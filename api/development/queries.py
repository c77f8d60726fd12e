from typing import Annotated

import strawberry

from api.alerts import CURSOR_KEY, Alert, alert_page
from api.charts import SeriesPoint, series_from
from api.context import ZInfo
from api.development.loaders import file_loader
from api.development.types import DevelopmentFile, DevelopmentRules, file_from_row, rules_from
from api.errors import raise_query_error
from api.ids import decode_id
from api.pagination import Connection, connection
from api.permissions import Authenticated
from domain.alerts import AlertLevel
from domain.development import alerts, reads, service, stats
from domain.development.enums import DevelopmentStage
from domain.errors import DomainError
from domain.orgs.reads import path_of
from domain.paging import page_request
from domain.timeutil import today


@strawberry.type
class DevelopmentQueries:
    @strawberry.field(
        description="按 ID 取一份发展档案；不存在或不在你的权限范围内时为空", permission_classes=[Authenticated]
    )
    async def development_file(
        self, info: ZInfo, id: Annotated[strawberry.ID, strawberry.argument(description="发展档案 ID")]
    ) -> DevelopmentFile | None:
        try:
            file_id = decode_id(id, "DevelopmentFile")
        except DomainError as error:
            raise_query_error(error)
        return await file_loader(info).load(file_id)

    @strawberry.field(
        description="一个组织及其下级的发展档案，新建的在前；只含你有权查看的", permission_classes=[Authenticated]
    )
    async def development_files(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="列出这个组织及其下级的发展档案")],
        stage: Annotated[DevelopmentStage | None, strawberry.argument(description="只要该阶段的")] = None,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[DevelopmentFile]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=reads.PAGE_KEY)
            under_id = decode_id(under, "Organization", "under")
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            under_path = await path_of(session, under_id) or "/0/"  # no such org: an empty subtree
            page = await reads.list_files(session, actor=actor, under_path=under_path, stage=stage, page=request)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await reads.count_files(session, actor=actor, under_path=under_path, stage=stage)

        return connection(page, [file_from_row(row) for row in page.rows], count)

    @strawberry.field(
        description="发展党员的漏斗：一个组织及其下级的发展档案在各阶段的人数（可限定申请年份），供图表使用",
        permission_classes=[Authenticated],
    )
    async def development_funnel(
        self,
        info: ZInfo,
        under: Annotated[strawberry.ID, strawberry.argument(description="统计这个组织及其下级")],
        year: Annotated[int | None, strawberry.argument(description="只统计该年递交申请的")] = None,
    ) -> list[SeriesPoint]:
        actor = info.context.require_actor()
        try:
            under_id = decode_id(under, "Organization", "under")
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or "/0/"
                points = await stats.funnel(session, actor=actor, under_path=under_path, year=year)
        except DomainError as error:
            raise_query_error(error)
        return series_from(points)

    @strawberry.field(
        description="发展党员的预警（谈话、培养考察、审批、转正），严重的、早到期的在前；只含你有权查看的",
        permission_classes=[Authenticated],
    )
    async def development_alerts(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="这个组织及其下级的预警")],
        level: Annotated[AlertLevel | None, strawberry.argument(description="只要该级别的")] = None,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[Alert]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=CURSOR_KEY)
            under_id = decode_id(under, "Organization", "under")
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            under_path = await path_of(session, under_id) or "/0/"
            values = await service.current_rules(session)
            found = await alerts.development_alerts(
                session, actor=actor, under_path=under_path, rules=values, today=today()
            )
        return alert_page(found, request, level)

    @strawberry.field(description="发展党员的规则（间隔、期限和提醒窗口）", permission_classes=[Authenticated])
    async def development_rules(self, info: ZInfo) -> DevelopmentRules:
        async with info.context.sessions() as session:
            values = await service.current_rules(session)
            version = await service.rules_version(session)
        return rules_from(values, version)
