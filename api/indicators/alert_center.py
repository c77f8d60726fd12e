"""The unified alert center at the door: `alerts` (every area's scanned alerts of a subtree, in pages),
`alertSummary` (counts for charts and the freshness of the scan) and `acknowledgeAlert`."""

from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id, decode_optional_id
from api.indicators.alert_center_types import (
    AcknowledgeAlertInput,
    AlertPayload,
    AlertSummary,
    CenterAlert,
    center_alert_from,
    summary_from,
)
from api.indicators.alert_kind import AlertKind
from api.indicators.loaders import alert_loader
from api.mutations import run_mutation
from api.pagination import Connection, connection
from api.permissions import Authenticated
from authz.actor import Actor
from domain.alerts import AlertLevel
from domain.errors import DomainError
from domain.indicators import alert_center
from domain.orgs.reads import path_of
from domain.paging import make_page, page_request
from domain.timeutil import today

NOWHERE = "/0/"  # no org has this path: an unknown org's subtree is empty


@strawberry.type
class AlertCenterQueries:
    @strawberry.field(
        description="预警中心：各业务领域（发展党员、组织生活、党建任务、绩效指标）最近一次扫描发现的预警，"
        "严重的、早到期的在前；只含你有权查看的",
        permission_classes=[Authenticated],
    )
    async def alerts(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="这个组织及其下级的预警")],
        level: Annotated[AlertLevel | None, strawberry.argument(description="只要该级别的")] = None,
        kind: Annotated[AlertKind | None, strawberry.argument(description="只要该类别的")] = None,
        organization_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="只要这个组织本身的（不含下级）")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[CenterAlert]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=alert_center.CURSOR_KEY)
            under_id = decode_id(under, "Organization", "under")
            org_id = decode_optional_id(organization_id, "Organization", "organizationId")
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or NOWHERE
                org_path = (await path_of(session, org_id) or NOWHERE) if org_id is not None else None
                filters = alert_center.Filters(
                    under_path=under_path, level=level, kind=None if kind is None else str(kind), org_path=org_path
                )
                rows = await alert_center.alerts_page(session, actor=actor, filters=filters, request=request)
        except DomainError as error:
            raise_query_error(error)
        page = make_page(rows, request, alert_center.sort_key)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await alert_center.alerts_count(session, actor=actor, filters=filters)

        return connection(page, [center_alert_from(row) for row in page.rows], count)

    @strawberry.field(
        description="预警中心的概况：按级别、按类别的预警数量（图表数据），以及最近一次扫描的时间",
        permission_classes=[Authenticated],
    )
    async def alert_summary(
        self,
        info: ZInfo,
        under: Annotated[strawberry.ID, strawberry.argument(description="这个组织及其下级的预警")],
    ) -> AlertSummary:
        actor = info.context.require_actor()
        try:
            under_id = decode_id(under, "Organization", "under")
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            under_path = await path_of(session, under_id) or NOWHERE
            found = await alert_center.summary(session, actor=actor, under_path=under_path)
        return summary_from(found)


@strawberry.type
class AlertCenterMutations:
    @strawberry.mutation(
        description="处置一条预警：记录说明和计划整改日期。处置不会使预警消失，原因消除后下次扫描时预警才会消失",
        permission_classes=[Authenticated],
    )
    async def acknowledge_alert(
        self, info: ZInfo, input: Annotated[AcknowledgeAlertInput, strawberry.argument(description="输入")]
    ) -> AlertPayload:
        actor = info.context.require_actor()
        alert_id, errors = await run_mutation(info, lambda s: _acknowledge(s, actor, input))
        if alert_id is None:
            return AlertPayload(alert=None, errors=errors)
        # Read back through the loader: the payload shows the alert as every read does.
        return AlertPayload(alert=await alert_loader(info).load(alert_id), errors=errors)


async def _acknowledge(session: AsyncSession, actor: Actor, input: AcknowledgeAlertInput) -> int:
    alert_id = decode_id(input.alert_id, "CenterAlert", "alertId")
    await alert_center.acknowledge(
        session,
        actor=actor,
        alert_id=alert_id,
        note=input.note,
        planned_fix_on=input.planned_fix_on,
        today=today(),
    )
    return alert_id
