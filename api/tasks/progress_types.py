"""Progress of a plan or of an org's year, ready for a chart (domain/tasks/progress_reads.py has the formulas)."""

from decimal import Decimal

import strawberry

from api.charts import SeriesPoint, series_from
from domain.money import yuan
from domain.tasks.progress_reads import Progress


@strawberry.type(description="任务进度统计（只计下达到组织的任务；子任务包含在其组织任务中）")
class PlanProgress:
    by_status: list[SeriesPoint] = strawberry.field(description="各执行状态的任务数（图表序列）")
    total: int = strawberry.field(description="任务总数（含已取消）")
    overdue: int = strawberry.field(description="逾期任务数：已过完成期限仍未验收（未取消）")
    accepted_on_time: int = strawberry.field(description="按期验收的任务数（验收日期不晚于完成期限）")
    on_time_rate: float | None = strawberry.field(
        description="按期完成率（百分数，一位小数）= 按期验收数 ÷（已验收数 + 逾期数）；两者皆无时为空"
    )
    budget_planned: Decimal = strawberry.field(description="计划预算（元）：未取消任务的预算之和")
    spent: Decimal = strawberry.field(description="已支出（元）")
    overspent: bool = strawberry.field(description="支出超过计划预算")


def progress_from(found: Progress) -> PlanProgress:
    return PlanProgress(
        by_status=series_from(found.by_status),
        total=found.total,
        overdue=found.overdue,
        accepted_on_time=found.accepted_on_time,
        on_time_rate=found.on_time_rate,
        budget_planned=yuan(found.planned_fen),
        spent=yuan(found.spent_fen),
        overspent=found.overspent,
    )
