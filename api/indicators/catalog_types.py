"""The indicator library as the schema shows it: modules > scenarios > indicators, every enum described."""

from datetime import datetime
from decimal import Decimal

import strawberry

import api.indicators.enums
import api.orglife.enums  # describes Period before these types use it
import api.orgs.types  # noqa: F401 - describes OrgType before these types use it
from api.errors import UserError
from api.ids import to_global_id
from api.node import Node
from domain.indicators.catalog_reads import ModuleTree, ScenarioTree
from domain.indicators.enums import Direction, Source, Unit
from domain.indicators.models import Indicator as IndicatorRow
from domain.orglife.enums import Period
from domain.orgs.models import OrgType


@strawberry.type(description="红黄绿阈值：越高越好时达到绿灯阈值为绿、达到黄灯阈值为黄、以下为红；越低越好时相反")
class Thresholds:
    green: Decimal = strawberry.field(description="绿灯阈值，也是计算达成度的目标值")
    yellow: Decimal = strawberry.field(description="黄灯阈值")


@strawberry.type(description="组织绩效指标（指标库中的一项）")
class Indicator(Node):
    code: str = strawberry.field(description="指标编码（唯一）")
    name: str = strawberry.field(description="指标名称")
    description: str | None = strawberry.field(description="指标说明：口径和计算方法")
    unit: Unit = strawberry.field(description="单位")
    direction: Direction = strawberry.field(description="方向：越高越好或越低越好")
    source: Source = strawberry.field(description="数据来源：系统计算、组织填报或外部导入")
    computation: str | None = strawberry.field(description="计算类指标引用的计算方法名；其他来源为空")
    period: Period = strawberry.field(description="考核周期")
    org_types: list[OrgType] = strawberry.field(description="适用的组织类型")
    weight: Decimal = strawberry.field(description="在评价规则中的权重")
    thresholds: Thresholds = strawberry.field(description="红黄绿阈值")
    active: bool = strawberry.field(description="是否启用；停用的指标不参与评价")
    version: int = strawberry.field(description="版本号，修改时须带上")
    updated_at: datetime = strawberry.field(description="最后修改时间")


@strawberry.type(description="管控场景：一个业务模块下的一组指标")
class IndicatorScenario:
    code: str = strawberry.field(description="场景编码")
    name: str = strawberry.field(description="场景名称")
    indicators: list[Indicator] = strawberry.field(description="场景下的指标，按指标库顺序")


@strawberry.type(description="业务模块：指标库的第一层")
class IndicatorModule:
    code: str = strawberry.field(description="模块编码")
    name: str = strawberry.field(description="模块名称")
    scenarios: list[IndicatorScenario] = strawberry.field(description="模块下的管控场景")


@strawberry.type(description="新建或修改指标的结果")
class IndicatorPayload:
    indicator: Indicator | None = strawberry.field(description="保存后的指标；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因（逐条列出）；成功时为空列表")


def indicator_from(row: IndicatorRow) -> Indicator:
    assert row.id is not None
    return Indicator(
        id=strawberry.ID(to_global_id("Indicator", row.id)),
        code=row.code,
        name=row.name,
        description=row.description,
        unit=Unit(row.unit),
        direction=Direction(row.direction),
        source=Source(row.source),
        computation=row.computation,
        period=Period(row.period),
        org_types=[OrgType(t) for t in row.org_types],
        weight=row.weight,
        thresholds=Thresholds(green=row.green, yellow=row.yellow),
        active=row.active,
        version=row.version,
        updated_at=row.updated_at,
    )


def scenario_from(tree: ScenarioTree) -> IndicatorScenario:
    return IndicatorScenario(
        code=tree.row.code, name=tree.row.name, indicators=[indicator_from(i) for i in tree.indicators]
    )


def module_from(tree: ModuleTree) -> IndicatorModule:
    return IndicatorModule(code=tree.row.code, name=tree.row.name, scenarios=[scenario_from(s) for s in tree.scenarios])
