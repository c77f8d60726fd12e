"""The indicator library: everyone signed in reads it (indicatorCatalog); ADMIN edits one indicator at a time
(upsertIndicator), checked like a catalog file, every problem listed. Whole files load via `zhdj catalog load`."""

from decimal import Decimal
from typing import Annotated

import strawberry

from api.context import ZInfo
from api.indicators.catalog_types import IndicatorModule, IndicatorPayload, indicator_from, module_from
from api.mutations import run_mutation
from api.permissions import Authenticated
from domain.indicators import catalog_reads, catalog_service
from domain.indicators.enums import Direction, Source, Unit
from domain.orglife.enums import Period
from domain.orgs.models import OrgType

_FIELDS = {"org_types": "orgTypes", "scenario": "scenarioCode"}  # problem keys that differ from the input's


@strawberry.input(description="新建或修改一个指标（按编码）；修改时须带上版本号")
class IndicatorInput:
    code: str = strawberry.field(description="指标编码：大写字母开头的大写字母、数字或下划线")
    name: str = strawberry.field(description="指标名称")
    scenario_code: str = strawberry.field(description="所属管控场景的编码（模块随场景而定）")
    unit: Unit = strawberry.field(description="单位")
    direction: Direction = strawberry.field(description="方向")
    source: Source = strawberry.field(description="数据来源")
    period: Period = strawberry.field(description="考核周期")
    org_types: list[OrgType] = strawberry.field(description="适用的组织类型")
    green: Decimal = strawberry.field(description="绿灯阈值（目标值）")
    yellow: Decimal = strawberry.field(description="黄灯阈值")
    weight: Decimal = strawberry.field(description="权重：大于 0、不超过 100")
    description: str | None = strawberry.field(default=None, description="指标说明")
    computation: str | None = strawberry.field(default=None, description="计算方法名（仅计算类指标）")
    active: bool = strawberry.field(default=True, description="是否启用")
    version: int | None = strawberry.field(default=None, description="修改时读取到的版本号；新建时不给")


@strawberry.type
class CatalogQueries:
    @strawberry.field(
        description="指标库：业务模块 > 管控场景 > 指标（含已停用的）", permission_classes=[Authenticated]
    )
    async def indicator_catalog(self, info: ZInfo) -> list[IndicatorModule]:
        async with info.context.sessions() as session:
            return [module_from(m) for m in await catalog_reads.catalog_tree(session)]


@strawberry.type
class CatalogMutations:
    @strawberry.mutation(
        description="新建或修改一个指标（仅系统管理员；留痕，带版本号）", permission_classes=[Authenticated]
    )
    async def upsert_indicator(
        self, info: ZInfo, input: Annotated[IndicatorInput, strawberry.argument(description="输入")]
    ) -> IndicatorPayload:
        actor = info.context.require_actor()
        fields = {
            "code": input.code,
            "name": input.name,
            "description": input.description,
            "unit": input.unit.value,
            "direction": input.direction.value,
            "source": input.source.value,
            "computation": input.computation,
            "period": input.period.value,
            "org_types": [t.value for t in input.org_types],
            "green": input.green,
            "yellow": input.yellow,
            "weight": input.weight,
            "active": input.active,
        }
        row, errors = await run_mutation(
            info,
            lambda s: catalog_service.upsert_indicator(
                s, actor=actor, fields=fields, scenario=input.scenario_code, version=input.version
            ),
            group_field=_input_field,
        )
        return IndicatorPayload(indicator=indicator_from(row) if row is not None else None, errors=errors)


def _input_field(where: list[str] | None) -> list[str] | None:
    # The catalog's checks name a file's keys; the input names two of them otherwise, all under "input".
    return None if where is None else ["input", *(_FIELDS.get(w, w) for w in where)]
