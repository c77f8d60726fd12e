"""taskAlerts: overdue and at-risk tasks, missed key steps and waiting approvals of a subtree, in the
shared Alert connection, most severe and earliest first."""

from typing import Annotated

import strawberry

import api.alert_level  # noqa: F401 - described before these types use it
from api.alerts import CURSOR_KEY, Alert, alert_from
from api.context import ZInfo
from api.enums import described_enum
from api.errors import raise_query_error
from api.ids import decode_id
from api.pagination import Connection, connection
from api.permissions import Authenticated
from domain.alerts import AlertLevel
from domain.errors import DomainError
from domain.orgs.reads import path_of
from domain.paging import Page, encode_cursor, page_request
from domain.tasks import alerts, config, enums
from domain.tasks.alert_reads import cursor_of
from domain.timeutil import today

described_enum(enums.TaskAlertKind, description="任务预警的类别", labels=enums.ALERT_KIND_LABELS)


@strawberry.type
class TaskAlertQueries:
    @strawberry.field(
        description="党建任务的预警：任务逾期、关键节点逾期（红色），进度滞后、审批等待过久（黄色）；"
        "严重的、早到期的在前，只含你有权查看的",
        permission_classes=[Authenticated],
    )
    async def task_alerts(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="这个组织及其下级的预警")],
        level: Annotated[AlertLevel | None, strawberry.argument(description="只要该级别的")] = None,
        kind: Annotated[enums.TaskAlertKind | None, strawberry.argument(description="只要该类别的")] = None,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[Alert]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=CURSOR_KEY)
            cursor = cursor_of(request.after)
            under_id = decode_id(under, "Organization", "under")
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            under_path = await path_of(session, under_id) or "/0/"
            q = alerts.Query(
                actor=actor, under_path=under_path, rules=await config.current_rules(session), today=today()
            )
            kinds = alerts.kinds_asked(level, kind)
            found = await alerts.alert_page(session, q=q, kinds=kinds, cursor=cursor, limit=request.first + 1)
        rows = found[: request.first]
        page = Page(
            rows=rows, has_next_page=len(found) > request.first, cursors=[encode_cursor(a.sort_key()) for a in rows]
        )

        async def count() -> int:
            async with info.context.sessions() as session:
                return await alerts.alert_count(session, q=q, kinds=kinds)

        return connection(page, [alert_from(a) for a in rows], count)
