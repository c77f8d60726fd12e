"""Chart-ready statistics shared by every area (API.md): a series is `[{key, label, value, percent}]`,
so a client draws a pie or a bar chart without arithmetic."""

from collections.abc import Sequence

import strawberry

from domain.charts import Point


@strawberry.type(description="图表中的一个数据点（一个扇区或一根柱子）")
class SeriesPoint:
    key: str = strawberry.field(description="稳定的键，供程序使用（如 MALE、UP_TO_30）")
    label: str = strawberry.field(description="中文名称，供显示")
    value: int = strawberry.field(description="数量")
    percent: float = strawberry.field(
        description="占比（百分数，一位小数）；同一序列的占比之和恰为 100.0，总数为 0 时均为 0"
    )


def series_from(points: Sequence[Point]) -> list[SeriesPoint]:
    """GraphQL points from the domain's (domain.charts)."""
    return [SeriesPoint(key=p.key, label=p.label, value=p.value, percent=p.percent) for p in points]
