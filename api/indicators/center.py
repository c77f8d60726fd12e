"""`controlCenter`: the six things at a glance (六个一目了然) and the alert counts, a dashboard's first screen."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from api.charts import SeriesPoint, series_from
from api.context import ZInfo
from api.enums import described_enum
from api.indicators.alert_center_types import AlertSummary, summary_from
from api.indicators.org_reads import read_for_org
from api.indicators.value_types import (
    PERIOD_DESCRIPTION,
    IndicatorCost,
    IndicatorValue,
    LevelCounts,
    OrgEvaluation,
    StatItem,
    child_item,
    cost_from,
    org_evaluation_from,
    value_from,
)
from api.orgs.types import Organization, org_from_row
from api.permissions import Authenticated
from domain.indicators import center
from domain.indicators.center import GlanceViewKey
from domain.indicators.evaluation import top_costs
from domain.timeutil import today

described_enum(GlanceViewKey, description="六个一目了然", labels={k: v.title for k, v in center.VIEWS.items()})


@strawberry.type(description="六个一目了然中的一项：本组织的几项指标、直属下级的主要指标对比、一张分布图")
class GlanceView:
    key: GlanceViewKey = strawberry.field(description="稳定的键")
    title: str = strawberry.field(description="中文标题")
    figures: list[IndicatorValue] = strawberry.field(
        description="本组织的几项指标数值（含红黄绿）；指标库中停用或不适用于本组织的不列出"
    )
    children: list[StatItem] = strawberry.field(
        description="直属下级组织的主要指标（本项第一个指标）对比，按组织顺序；键为组织 ID"
    )
    chart_title: str = strawberry.field(description="分布图的标题")
    chart: list[SeriesPoint] = strawberry.field(description="分布图：可直接画饼图或柱状图")


@strawberry.type(description="党建工作贡献度：绩效评价得分、失分最多的指标、得分走势、直属下级排名")
class ContributionView:
    key: GlanceViewKey = strawberry.field(description="稳定的键：CONTRIBUTION")
    title: str = strawberry.field(description="中文标题")
    score: Decimal = strawberry.field(description="本期得分（0 到 100，一位小数），规则见 README「绩效评价」")
    level_counts: LevelCounts = strawberry.field(description="红黄绿及无数值的指标个数")
    top_costs: list[IndicatorCost] = strawberry.field(description="失分最多的指标（至多 3 个）")
    trend: list[StatItem] = strawberry.field(description="最近四期（含本期）的得分走势，早的在前；键为期间")
    children: list[OrgEvaluation] = strawberry.field(description="直属下级组织的得分排名，高的在前")


@strawberry.type(description="管控中心首屏：某组织某期间的六个一目了然与预警数量")
class ControlCenter:
    organization: Organization = strawberry.field(description="组织（含其全部下级）")
    period: str = strawberry.field(description="期间")
    responsibility: GlanceView = strawberry.field(description="党委（党组）主体责任落实")
    secretary_duty: GlanceView = strawberry.field(description="书记第一责任人职责履行")
    work_progress: GlanceView = strawberry.field(description="党建工作开展情况")
    contribution: ContributionView = strawberry.field(description="党建工作贡献度")
    vitality: GlanceView = strawberry.field(description="基层组织活力")
    development: GlanceView = strawberry.field(description="党员发展情况")
    alerts: AlertSummary = strawberry.field(description="本组织及其全部下级的预警数量：按级别、按类别")
    refreshed_at: datetime | None = strawberry.field(
        description="本期指标数值最近一次由管控中心定时任务（或快照命令）计算存储的时间 (UTC)；为空则均为即时计算"
    )


def _glance(view: center.GlanceView) -> GlanceView:
    return GlanceView(
        key=view.key,
        title=view.title,
        figures=[value_from(f) for f in view.figures],
        children=[child_item(c) for c in view.children],
        chart_title=view.chart_title,
        chart=series_from(view.chart),
    )


def _contribution(found: center.Contribution) -> ContributionView:
    own, s = found.own, found.own.score
    names = {got.indicator.code: got.indicator.name for got in own.measures}
    return ContributionView(
        key=GlanceViewKey.CONTRIBUTION,
        title=center.VIEWS[GlanceViewKey.CONTRIBUTION].title,
        score=s.score,
        level_counts=LevelCounts(green=s.greens, yellow=s.yellows, red=s.reds, missing=len(s.missing)),
        top_costs=[cost_from(c, names) for c in top_costs(s)],
        trend=[StatItem(key=key, label=key, value=score.score, level=None) for key, score in found.trend],
        children=[org_evaluation_from(c) for c in found.children],
    )


@strawberry.type
class CenterQueries:
    @strawberry.field(
        description="管控中心首屏：某组织（含全部下级）某期间的六个一目了然与预警数量，一次取回",
        permission_classes=[Authenticated],
    )
    async def control_center(
        self,
        info: ZInfo,
        organization_id: Annotated[strawberry.ID, strawberry.argument(description="组织 ID")],
        period: Annotated[str, strawberry.argument(description=PERIOD_DESCRIPTION)],
    ) -> ControlCenter:
        found = await read_for_org(
            info,
            organization_id,
            lambda session, actor, org_id: center.control_center(
                session, actor=actor, org_id=org_id, period=period, today=today()
            ),
        )
        views = {v.key: _glance(v) for v in found.views}
        return ControlCenter(
            organization=org_from_row(found.org),
            period=found.period,
            responsibility=views[GlanceViewKey.RESPONSIBILITY],
            secretary_duty=views[GlanceViewKey.SECRETARY_DUTY],
            work_progress=views[GlanceViewKey.WORK_PROGRESS],
            contribution=_contribution(found.contribution),
            vitality=views[GlanceViewKey.VITALITY],
            development=views[GlanceViewKey.DEVELOPMENT],
            alerts=summary_from(found.alerts),
            refreshed_at=found.refreshed_at,
        )
