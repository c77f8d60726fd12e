"""What the schema shows of indicator values, evaluations and comparisons."""

from datetime import datetime
from decimal import Decimal

import strawberry

import api.alert_level
import api.indicators.enums  # noqa: F401 - describes Unit, Direction and Source before these types use them
from api.errors import UserError
from api.ids import to_global_id
from api.orgs.types import Organization, org_from_row
from domain.alerts import AlertLevel
from domain.indicators.comparison import Compared
from domain.indicators.enums import Direction, Source, Unit
from domain.indicators.evaluation import OrgScore, top_costs
from domain.indicators.measure import Measure
from domain.indicators.rules import Cost, two
from domain.timeutil import utcnow

PERIOD_DESCRIPTION = "期间：年 2026、季度 2026Q3 或月 2026-07"


def level(value: str | None) -> AlertLevel | None:
    return None if value is None else AlertLevel(value)


@strawberry.type(description="一个指标在某组织、某期间的数值：已存的快照或填报值，否则按本系统数据即时计算")
class IndicatorValue:
    indicator_code: str = strawberry.field(description="指标编码")
    indicator_name: str = strawberry.field(description="指标名称")
    module_code: str = strawberry.field(description="所属业务模块编码")
    scenario_code: str = strawberry.field(description="所属管控场景编码")
    unit: Unit = strawberry.field(description="单位")
    direction: Direction = strawberry.field(description="方向：越高越好或越低越好")
    source: Source = strawberry.field(description="该数值的来源：计算、填报或导入")
    weight: Decimal | None = strawberry.field(description="评价权重")
    green: Decimal | None = strawberry.field(description="绿灯阈值（亦即目标值）")
    target: Decimal | None = strawberry.field(description="目标值：即绿灯阈值")
    yellow: Decimal | None = strawberry.field(description="黄灯阈值")
    period: str = strawberry.field(description="数值所属期间（年度指标在季度中显示其所在年度的值）")
    value: Decimal | None = strawberry.field(description="数值；无可计量对象或尚未填报时为空")
    numerator: Decimal | None = strawberry.field(description="分子（计算类指标）")
    denominator: Decimal | None = strawberry.field(description="分母（计算类比率指标）")
    level: AlertLevel | None = strawberry.field(description="红黄绿等级；无数值时为空")
    attainment: Decimal = strawberry.field(description="达成度（0 到 1，四位小数）：数值相对绿灯目标的完成程度")
    stored: bool = strawberry.field(description="是否为已存的数值（快照或填报），否则为即时计算")
    note: str | None = strawberry.field(description="填报说明")
    recorded_at: datetime | None = strawberry.field(description="记录时间 (UTC)；即时计算时为空")
    computed_at: datetime = strawberry.field(
        description="数值得出的时间 (UTC)：已存的数值为其记录时间，即时计算的为本次查询的时间"
    )
    version: int | None = strawberry.field(description="版本号，修改填报值时回传；即时计算时为空")


def value_from(got: Measure) -> IndicatorValue:
    i = got.indicator
    return IndicatorValue(
        indicator_code=i.code,
        indicator_name=i.name,
        module_code=i.module_code,
        scenario_code=i.scenario_code,
        unit=Unit(i.unit),
        direction=Direction(i.direction),
        source=Source(got.source),
        weight=two(i.weight),
        green=two(i.green),
        target=two(i.green),
        yellow=two(i.yellow),
        period=got.period,
        value=two(got.value),
        numerator=two(got.numerator),
        denominator=two(got.denominator),
        level=level(got.level),
        attainment=got.attainment.quantize(Decimal("0.0001")),
        stored=got.stored,
        note=got.note,
        recorded_at=got.recorded_at,
        computed_at=got.recorded_at or utcnow(),
        version=got.version,
    )


@strawberry.type(description="填报指标数值的结果")
class IndicatorValuePayload:
    value: IndicatorValue | None = strawberry.field(description="填报后的数值；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败的原因；成功时为空列表")


@strawberry.type(description="统计图中的一项：一个组织或一个期间的指标数值及其等级")
class StatItem:
    key: str = strawberry.field(description="稳定的键：组织 ID 或期间（如 2026Q3）")
    label: str = strawberry.field(description="中文名称：组织名称或期间")
    value: Decimal | None = strawberry.field(description="数值；无数值时为空")
    level: AlertLevel | None = strawberry.field(description="红黄绿等级；无数值时为空")


def child_item(compared: Compared) -> StatItem:
    """A direct child's bar: keyed by the org's global ID."""
    return StatItem(
        key=to_global_id("Organization", int(compared.key)),
        label=compared.label,
        value=two(compared.measure.value),
        level=level(compared.measure.level),
    )


@strawberry.type(description="红黄绿各等级的指标个数")
class LevelCounts:
    green: int = strawberry.field(description="绿灯个数")
    yellow: int = strawberry.field(description="黄灯个数")
    red: int = strawberry.field(description="红灯个数")
    missing: int = strawberry.field(description="无数值的指标个数（按达成度 0 计分）")


@strawberry.type(description="一个指标使评价得分减少的分值（失分）")
class IndicatorCost:
    indicator_code: str = strawberry.field(description="指标编码")
    indicator_name: str = strawberry.field(description="指标名称")
    attainment: Decimal = strawberry.field(description="达成度（0 到 1）")
    level: AlertLevel | None = strawberry.field(description="红黄绿等级；无数值时为空")
    cost: Decimal = strawberry.field(description="失分：100 × 权重 × (1 − 达成度) / 总权重，红灯另减 2 分")


def cost_from(cost: Cost, names: dict[str, str]) -> IndicatorCost:
    return IndicatorCost(
        indicator_code=cost.code,
        indicator_name=names[cost.code],
        attainment=cost.attainment,
        level=level(cost.level),
        cost=cost.cost,
    )


@strawberry.type(description="一个组织在某期间的绩效评价得分")
class OrgEvaluation:
    organization: Organization = strawberry.field(description="组织")
    score: Decimal = strawberry.field(description="得分（0 到 100，一位小数），规则见 README「绩效评价」")
    rank: int | None = strawberry.field(description="在同级组织中的名次（同分同名次）；顶级组织为空")
    level_counts: LevelCounts = strawberry.field(description="红黄绿及无数值的指标个数")
    top_costs: list[IndicatorCost] = strawberry.field(description="失分最多的指标（至多 3 个，不含未失分的）")


def org_evaluation_from(item: OrgScore) -> OrgEvaluation:
    names = {got.indicator.code: got.indicator.name for got in item.measures}
    s = item.score
    return OrgEvaluation(
        organization=org_from_row(item.org),
        score=s.score,
        rank=item.rank,
        level_counts=LevelCounts(green=s.greens, yellow=s.yellows, red=s.reds, missing=len(s.missing)),
        top_costs=[cost_from(c, names) for c in top_costs(s)],
    )
