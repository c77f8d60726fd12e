"""Alerts as every area shows them (issue 4: later areas reuse the type): level, kind, title, due date,
organization and subject, in cursor connections like every list."""

from collections.abc import Sequence
from datetime import date

import strawberry

import api.alert_level  # noqa: F401 - described before these types use it
from api.context import ZInfo
from api.ids import to_global_id
from api.node import Node
from api.node_queries import resolve_node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from api.pagination import Connection, connection
from domain import alerts
from domain.alerts import AlertLevel
from domain.paging import Page, PageRequest, encode_cursor

CURSOR_KEY = (int, str, str, int, int, str)  # Alert.sort_key: severity, due date, kind, org, subject, title


@strawberry.type(description="一条预警：什么事、何时到期、在哪个组织、关于谁")
class Alert:
    org_db_id: strawberry.Private[int]
    subject_id: strawberry.Private[str]
    level: AlertLevel = strawberry.field(description="级别：红色已逾期，黄色即将到期，绿色正常")
    kind: str = strawberry.field(description="类别的稳定键，如 DEVELOPMENT_TALK_DUE")
    title: str = strawberry.field(description="中文说明：谁、哪一步、何时到期")
    due_on: date = strawberry.field(description="到期日")

    @strawberry.field(description="所在组织")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="预警所涉对象（如发展档案）；不在你的权限范围内时为空")
    async def subject(self, info: ZInfo) -> Node | None:
        return await resolve_node(info, self.subject_id)


def alert_from(alert: alerts.Alert) -> Alert:
    return Alert(
        org_db_id=alert.org_id,
        subject_id=to_global_id(alert.subject_type, alert.subject_id),
        level=alert.level,
        kind=alert.kind,
        title=alert.title,
        due_on=alert.due_on,
    )


def alert_page(found: Sequence[alerts.Alert], request: PageRequest, level: AlertLevel | None) -> Connection[Alert]:
    """A page of alerts already sorted by Alert.sort_key, after the cursor's key."""
    kept = [a for a in found if level is None or a.level is level]
    if request.after is not None:
        after = tuple(request.after)
        kept = [a for a in kept if a.sort_key() > after]
    rows = kept[: request.first]
    page = Page(rows=rows, has_next_page=len(kept) > request.first, cursors=[encode_cursor(a.sort_key()) for a in rows])
    total = len([a for a in found if level is None or a.level is level])

    async def count() -> int:
        return total

    return connection(page, [alert_from(a) for a in rows], count)
