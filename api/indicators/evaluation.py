"""Performance evaluation (绩效评价) and the comparisons charts draw."""

from decimal import Decimal
from typing import Annotated

import strawberry

from api.charts import SeriesPoint, series_from
from api.context import ZInfo
from api.indicators.org_reads import read_for_org
from api.indicators.value_types import (
    PERIOD_DESCRIPTION,
    IndicatorCost,
    LevelCounts,
    OrgEvaluation,
    StatItem,
    child_item,
    cost_from,
    level,
    org_evaluation_from,
)
from api.orgs.types import Organization, org_from_row
from api.permissions import Authenticated
from domain.indicators import comparison, evaluation
from domain.indicators.rules import two
from domain.timeutil import today

_ORG = "组织 ID"
_CODE = "指标编码"


@strawberry.type(description="一个组织在某期间的绩效评价：得分、在同级中的名次、失分明细、下级组织排名")
class Evaluation:
    organization: Organization = strawberry.field(description="被评价的组织")
    period: str = strawberry.field(description="评价期间")
    score: Decimal = strawberry.field(
        description="得分 = 100 × Σ(权重×达成度) / Σ权重 − 2 × 红灯个数，不低于 0，一位小数"
    )
    rank: int | None = strawberry.field(description="在同级组织中的名次（同分同名次）；顶级组织为空")
    sibling_count: int = strawberry.field(description="参与同级排名的组织数（含本组织；顶级组织为 0）")
    level_counts: LevelCounts = strawberry.field(description="红黄绿及无数值的指标个数")
    missing: list[str] = strawberry.field(description="无数值的指标编码（按达成度 0 计分）")
    costs: list[IndicatorCost] = strawberry.field(description="每个指标的失分，失分多的在前")
    children: list[OrgEvaluation] = strawberry.field(description="直属下级组织的排名：得分高的在前")


@strawberry.type
class EvaluationQueries:
    @strawberry.field(description="某组织某期间的绩效评价", permission_classes=[Authenticated])
    async def evaluation(
        self,
        info: ZInfo,
        organization_id: Annotated[strawberry.ID, strawberry.argument(description=_ORG)],
        period: Annotated[str, strawberry.argument(description=PERIOD_DESCRIPTION)],
    ) -> Evaluation:
        found = await read_for_org(
            info,
            organization_id,
            lambda session, actor, org_id: evaluation.evaluation(
                session, actor=actor, org_id=org_id, period=period, today=today()
            ),
        )
        own, s = found.own, found.own.score
        names = {got.indicator.code: got.indicator.name for got in own.measures}
        return Evaluation(
            organization=org_from_row(own.org),
            period=found.period,
            score=s.score,
            rank=own.rank,
            sibling_count=found.siblings,
            level_counts=LevelCounts(green=s.greens, yellow=s.yellows, red=s.reds, missing=len(s.missing)),
            missing=list(s.missing),
            costs=[cost_from(c, names) for c in s.costs],
            children=[org_evaluation_from(c) for c in found.children],
        )

    @strawberry.field(
        description="一个指标在直属下级组织间的对比（按组织顺序；键为组织 ID）", permission_classes=[Authenticated]
    )
    async def indicator_comparison(
        self,
        info: ZInfo,
        code: Annotated[str, strawberry.argument(description=_CODE)],
        organization_id: Annotated[strawberry.ID, strawberry.argument(description=_ORG)],
        period: Annotated[str, strawberry.argument(description=PERIOD_DESCRIPTION)],
    ) -> list[StatItem]:
        found = await read_for_org(
            info,
            organization_id,
            lambda session, actor, org_id: comparison.comparison(
                session, actor=actor, org_id=org_id, code=code, period=period, today=today()
            ),
        )
        return [child_item(c) for c in found]

    @strawberry.field(
        description="一个指标在某组织各期的走势（按所给期间的顺序；年度指标在季度中取其所在年度的值；键为实际期间）",
        permission_classes=[Authenticated],
    )
    async def indicator_trend(
        self,
        info: ZInfo,
        code: Annotated[str, strawberry.argument(description=_CODE)],
        organization_id: Annotated[strawberry.ID, strawberry.argument(description=_ORG)],
        periods: Annotated[list[str], strawberry.argument(description="期间，1 到 24 个：" + PERIOD_DESCRIPTION)],
    ) -> list[StatItem]:
        found = await read_for_org(
            info,
            organization_id,
            lambda session, actor, org_id: comparison.trend(
                session, actor=actor, org_id=org_id, code=code, periods=periods, today=today()
            ),
        )
        return [
            StatItem(key=c.key, label=c.label, value=two(c.measure.value), level=level(c.measure.level)) for c in found
        ]

    @strawberry.field(
        description="某组织及其全部下级的指标红黄绿分布（每个组织的每个适用指标计一次；NONE 为暂无数值）",
        permission_classes=[Authenticated],
    )
    async def indicator_level_distribution(
        self,
        info: ZInfo,
        organization_id: Annotated[strawberry.ID, strawberry.argument(description=_ORG)],
        period: Annotated[str, strawberry.argument(description=PERIOD_DESCRIPTION)],
        module: Annotated[str | None, strawberry.argument(description="只看这个业务模块（编码）")] = None,
    ) -> list[SeriesPoint]:
        points = await read_for_org(
            info,
            organization_id,
            lambda session, actor, org_id: comparison.level_distribution(
                session, actor=actor, org_id=org_id, period=period, module=module, today=today()
            ),
        )
        return series_from(points)
