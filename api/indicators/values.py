"""Indicator values at the door: an org's values for a period, and reporting a value (填报)."""

from decimal import Decimal
from typing import Annotated

import strawberry

from api.context import ZInfo
from api.ids import decode_id
from api.indicators.org_reads import read_for_org
from api.indicators.value_types import PERIOD_DESCRIPTION, IndicatorValue, IndicatorValuePayload, value_from
from api.mutations import run_mutation
from api.permissions import Authenticated
from domain.indicators import measure, reported, values
from domain.indicators.periods import parse_period
from domain.timeutil import today


@strawberry.input(description="填报一个指标在某组织、某期间的数值；同一期间再次填报即为更正")
class ReportIndicatorValueInput:
    indicator_code: str = strawberry.field(description="指标编码（须为填报类或导入类指标）")
    organization_id: strawberry.ID = strawberry.field(description="填报的组织")
    period: str = strawberry.field(description=PERIOD_DESCRIPTION + "；不短于指标的期间，且已经开始")
    value: Decimal = strawberry.field(description="数值，须符合指标单位（百分比 0–100，个数为整数，最多两位小数）")
    note: str | None = strawberry.field(default=None, description="说明，不超过 1000 个字符")
    version: int | None = strawberry.field(default=None, description="更正已填报的数值时，读到的版本号")


@strawberry.type
class ValueQueries:
    @strawberry.field(
        description="某组织某期间的全部适用指标数值（按指标库顺序）：已存的快照或填报值优先，否则即时计算",
        permission_classes=[Authenticated],
    )
    async def indicator_values(
        self,
        info: ZInfo,
        organization_id: Annotated[strawberry.ID, strawberry.argument(description="组织 ID")],
        period: Annotated[str, strawberry.argument(description=PERIOD_DESCRIPTION)],
        module: Annotated[str | None, strawberry.argument(description="只看这个业务模块（编码）")] = None,
    ) -> list[IndicatorValue]:
        found = await read_for_org(
            info,
            organization_id,
            lambda session, actor, org_id: values.evaluate(
                session, actor=actor, org_id=org_id, period=period, module=module, today=today()
            ),
        )
        return [value_from(got) for got in found]


@strawberry.type
class ValueMutations:
    @strawberry.mutation(
        description="填报指标数值（党组织管理员、书记）：只限填报类和导入类指标，数值按单位校验，留痕",
        permission_classes=[Authenticated],
    )
    async def report_indicator_value(
        self, info: ZInfo, input: Annotated[ReportIndicatorValueInput, strawberry.argument(description="输入")]
    ) -> IndicatorValuePayload:
        actor = info.context.require_actor()
        row, errors = await run_mutation(
            info,
            lambda s: reported.report_value(
                s,
                actor=actor,
                report=reported.Report(
                    indicator_code=input.indicator_code,
                    organization_id=decode_id(input.organization_id, "Organization", "organizationId"),
                    period=input.period,
                    value=input.value,
                    note=input.note,
                    version=input.version,
                ),
                today=today(),
            ),
        )
        if row is None:
            return IndicatorValuePayload(value=None, errors=errors)
        # Read back as every read shows it: the level against the catalog, the indicator's names.
        async with info.context.sessions() as session:
            found = await values.evaluate(
                session, actor=actor, org_id=row.organization_id, period=row.period, today=today()
            )
        period = parse_period(row.period)
        got = next(
            g
            for g in found
            if g.indicator.id == row.indicator_id and measure.measured_period(g.indicator.period, period) == period
        )
        return IndicatorValuePayload(value=value_from(got), errors=errors)
