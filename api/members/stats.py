"""党员基本情况: `memberStats(under:)`, totals and chart-ready series computed in SQL."""

from typing import Annotated

import strawberry

from api.charts import SeriesPoint, series_from
from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.permissions import Authenticated
from domain.errors import DomainError
from domain.members import stats


@strawberry.type(description="党员基本情况：在册党员（不含已出党、已转出）的总数和各维度分布，可直接绘图")
class MemberStats:
    total: int = strawberry.field(description="在册党员总数")
    by_gender: list[SeriesPoint] = strawberry.field(description="按性别")
    by_age_band: list[SeriesPoint] = strawberry.field(
        description="按年龄段（周岁）：UP_TO_30 ≤30岁、FROM_31_TO_40、FROM_41_TO_50、FROM_51_TO_60、OVER_60 >60岁"
    )
    by_education: list[SeriesPoint] = strawberry.field(description="按学历；UNKNOWN 为未填写学历")
    by_ethnicity: list[SeriesPoint] = strawberry.field(description="按民族：HAN 汉族、MINORITY 少数民族")
    by_status: list[SeriesPoint] = strawberry.field(description="按党员状态：预备党员、正式党员")
    by_category: list[SeriesPoint] = strawberry.field(description="按人员类别")
    by_party_standing: list[SeriesPoint] = strawberry.field(
        description="按党龄（自转正之日起的整年数）：PROBATIONARY 预备党员（尚无党龄）、UNDER_10 不满10年、"
        "FROM_10_TO_19、FROM_20_TO_29、FROM_30_TO_39、FROM_40_TO_49、FROM_50 50年及以上"
    )


def member_stats_from(result: stats.MemberStats) -> MemberStats:
    return MemberStats(
        total=result.total,
        by_gender=series_from(result.by_gender),
        by_age_band=series_from(result.by_age_band),
        by_education=series_from(result.by_education),
        by_ethnicity=series_from(result.by_ethnicity),
        by_status=series_from(result.by_status),
        by_category=series_from(result.by_category),
        by_party_standing=series_from(result.by_party_standing),
    )


@strawberry.type
class MemberStatsQueries:
    @strawberry.field(
        description="党员基本情况：该组织及其下级中你有权查看的在册党员的统计；"
        "组织不存在或不在你的权限范围内时各项均为 0",
        permission_classes=[Authenticated],
    )
    async def member_stats(
        self, info: ZInfo, under: Annotated[strawberry.ID, strawberry.argument(description="统计这个组织及其下级")]
    ) -> MemberStats:
        actor = info.context.require_actor()
        try:
            under_id = decode_id(under, "Organization", "under")
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            result = await stats.member_stats(session, actor=actor, under_id=under_id)
        return member_stats_from(result)
