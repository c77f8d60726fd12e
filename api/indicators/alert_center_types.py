"""Types of the unified alert center: a scanned alert with its acknowledgements, and the summary."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import strawberry

import api.alert_level  # noqa: F401 - described before these types use it
from api.charts import SeriesPoint, series_from
from api.context import ZInfo
from api.errors import UserError
from api.ids import to_global_id
from api.loaders import loader
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from domain.alerts import LEVEL_LABELS, AlertLevel
from domain.charts import series
from domain.indicators import alert_center
from domain.indicators.alert_sources import KIND_LABELS


@strawberry.type(description="对一条预警的处置：说明与计划整改日期；处置不会使预警消失，原因消除后预警才会消失")
class AlertAcknowledgement:
    note: str = strawberry.field(description="处置说明")
    planned_fix_on: date | None = strawberry.field(description="计划整改完成日期（可为空）")
    acknowledged_by: str = strawberry.field(description="处置人的姓名")
    acknowledged_at: datetime = strawberry.field(description="处置时间 (UTC)")


def acknowledgement_from(row: Any) -> AlertAcknowledgement:
    return AlertAcknowledgement(
        note=row.note,
        planned_fix_on=row.planned_fix_on,
        acknowledged_by=row.by_name,
        acknowledged_at=row.acknowledged_at,
    )


async def _acknowledgements(info: ZInfo, keys: Sequence[str]) -> list[list[AlertAcknowledgement]]:
    async with info.context.sessions() as session:
        found = await alert_center.acknowledgements_of(session, keys)
    return [[acknowledgement_from(row) for row in found[key]] for key in keys]


@strawberry.type(description="预警中心的一条预警：最近一次扫描时发现的、各业务领域的预警，及其处置情况")
class CenterAlert(Node):
    key: strawberry.Private[str]
    org_db_id: strawberry.Private[int]
    subject_global_id: strawberry.Private[str]
    level: AlertLevel = strawberry.field(description="级别：红色已逾期，黄色即将到期，绿色正常")
    kind: str = strawberry.field(description="类别的稳定键，如 MEETING_MISSING、TASK_OVERDUE、INDICATOR_RED")
    kind_label: str = strawberry.field(description="类别的中文名称")
    area: str = strawberry.field(description="所属业务领域：DEVELOPMENT、ORG_LIFE、TASKS、INDICATORS")
    title: str = strawberry.field(description="中文说明：谁、什么事、何时到期")
    due_on: date = strawberry.field(description="到期日（指标预警为其期间的最后一天）")
    first_seen_at: datetime = strawberry.field(description="首次被扫描发现的时间 (UTC)")
    scanned_at: datetime = strawberry.field(description="最近一次扫描确认该预警的时间 (UTC)")

    @strawberry.field(description="所在组织")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="预警所涉对象（如发展档案、任务、组织）；不在你的权限范围内或无此类对象时为空")
    async def subject(self, info: ZInfo) -> Node | None:
        from api.node_queries import resolve_node  # node_queries imports this module for the alert loader

        return await resolve_node(info, self.subject_global_id)

    @strawberry.field(description="全部处置记录，新的在前")
    async def acknowledgements(self, info: ZInfo) -> list[AlertAcknowledgement]:
        found: list[AlertAcknowledgement] = await loader(info, "alerts.acknowledgements", _acknowledgements).load(
            self.key
        )
        return found

    @strawberry.field(description="最近一次处置；尚未处置时为空")
    async def latest_acknowledgement(self, info: ZInfo) -> AlertAcknowledgement | None:
        found = await self.acknowledgements(info)
        return found[0] if found else None


def center_alert_from(row: Any) -> CenterAlert:
    return CenterAlert(
        key=row.key,
        org_db_id=row.organization_id,
        subject_global_id=to_global_id(row.subject_type, row.subject_id),
        id=strawberry.ID(to_global_id("CenterAlert", row.id)),
        level=AlertLevel(row.level),
        kind=row.kind,
        kind_label=KIND_LABELS.get(row.kind, row.kind),
        area=row.area,
        title=row.title,
        due_on=row.due_on,
        first_seen_at=row.first_seen_at,
        scanned_at=row.scanned_at,
    )


@strawberry.type(description="预警中心的概况：按级别、按类别的数量（可直接作图），以及最近一次扫描的时间")
class AlertSummary:
    total: int = strawberry.field(description="预警总数")
    by_level: list[SeriesPoint] = strawberry.field(description="按级别（红、黄、绿）的数量与占比")
    by_kind: list[SeriesPoint] = strawberry.field(description="按类别的数量与占比，多的在前；无预警的类别不列出")
    scanned_at: datetime | None = strawberry.field(description="最近一次扫描完成的时间 (UTC)；从未扫描时为空")


def summary_from(found: alert_center.Summary) -> AlertSummary:
    levels = [(str(level), LEVEL_LABELS[level], found.by_level.get(str(level), 0)) for level in AlertLevel]
    kinds = sorted(found.by_kind.items(), key=lambda item: (-item[1], item[0]))
    return AlertSummary(
        total=found.total,
        by_level=series_from(series(levels)),
        by_kind=series_from(series([(kind, KIND_LABELS.get(kind, kind), n) for kind, n in kinds])),
        scanned_at=found.scanned_at,
    )


@strawberry.input(description="处置一条预警")
class AcknowledgeAlertInput:
    alert_id: strawberry.ID = strawberry.field(description="预警 ID")
    note: str = strawberry.field(description="处置说明，最多 1000 字")
    planned_fix_on: date | None = strawberry.field(default=None, description="计划整改完成日期，不早于今天（可为空）")


@strawberry.type(description="处置预警的结果")
class AlertPayload:
    alert: CenterAlert | None = strawberry.field(description="被处置的预警（仍然可见）；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败的原因；成功时为空列表")
