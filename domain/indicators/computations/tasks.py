"""Computations of party-building tasks, over org-level assignments (a member's part is its org's business
and is inside it), attributed to the executing org. The words are progress_reads.py's: overdue = unfinished
(ASSIGNED, IN_PROGRESS, RETURNED, SUBMITTED) and due before today; on time = accepted by the due date.
Statuses are today's (the ledger keeps no history of them), so a past period is judged as it stands now.
One statement each over the subtree.
"""

from typing import Any

from sqlalchemy import BigInteger, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.indicators.computations.registry import Kind, Row, Scope, computation
from domain.indicators.enums import Unit
from domain.tasks.enums import UNFINISHED, AssignmentStatus
from domain.tasks.models import Assignment, AssignmentMilestone, PlanMilestone
from domain.tree import in_subtree

A_TABLE = Assignment.__table__  # type: ignore[attr-defined]
A = A_TABLE.c
STEP_TABLE = PlanMilestone.__table__  # type: ignore[attr-defined]
STEPS = STEP_TABLE.c
DONE = AssignmentMilestone.__table__.c  # type: ignore[attr-defined]
CANCELLED = str(AssignmentStatus.CANCELLED)
ACCEPTED = str(AssignmentStatus.ACCEPTED)


def _org_level(scope: Scope) -> list[Any]:
    return [in_subtree(A.org_path, scope.under_path), A.parent_id.is_(None), A.status != CANCELLED]


def _due_in_period(scope: Scope) -> list[Any]:
    return [A.due_on >= scope.period.start, A.due_on <= scope.period.end]


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _overdue(scope: Scope) -> Any:
    return and_(A.status.in_([str(s) for s in UNFINISHED]), A.due_on < scope.today)


async def _rows(session: AsyncSession, statement: Any) -> list[Row]:
    return [(path, int(n), int(d)) for path, n, d in await session.execute(statement) if d]


@computation(
    "TASKS_ACCEPTED_ON_TIME",
    "任务按时验收率：完成期限在期间内的组织级任务中，在期限当日或之前通过验收的任务数 ÷（已验收 + 逾期未完成）"
    "的任务数；逾期未完成指期限已过仍未验收（含已提交待验收）；已取消的不计。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def tasks_accepted_on_time(session: AsyncSession, scope: Scope) -> list[Row]:
    accepted = A.status == ACCEPTED
    statement = (
        select(A.org_path, _count(and_(accepted, A.accepted_on <= A.due_on)), _count(or_(accepted, _overdue(scope))))
        .where(*_org_level(scope), *_due_in_period(scope))
        .group_by(A.org_path)
    )
    return await _rows(session, statement)


@computation(
    "TASKS_OVERDUE_RATE",
    "任务逾期率（越低越好）：完成期限在期间内且期限已过的组织级任务中，至今仍未验收（含已提交待验收）的任务数 ÷ "
    "这些任务数；已取消的不计。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def tasks_overdue_rate(session: AsyncSession, scope: Scope) -> list[Row]:
    statement = (
        select(A.org_path, _count(_overdue(scope)), func.count())
        .where(*_org_level(scope), *_due_in_period(scope), A.due_on < scope.today)
        .group_by(A.org_path)
    )
    return await _rows(session, statement)


@computation(
    "BUDGET_USE",
    "预算执行率：期间所在年度计划下达的组织级任务已报支出之和 ÷ 预算之和（已取消任务的预算不计，其已报支出仍计入）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def budget_use(session: AsyncSession, scope: Scope) -> list[Row]:
    live = A.status != CANCELLED
    statement = (
        select(
            A.org_path,
            func.coalesce(func.sum(A.spent_fen), 0).cast(BigInteger),
            func.coalesce(func.sum(case((live, A.budget_fen), else_=0)), 0).cast(BigInteger),
        )
        .where(in_subtree(A.org_path, scope.under_path), A.parent_id.is_(None), A.year == scope.period.year)
        .group_by(A.org_path)
    )
    return [(path, int(spent), int(planned)) for path, spent, planned in await session.execute(statement)]


@computation(
    "MILESTONES_ON_TIME",
    "关键节点按时完成率：节点日期在期间内的“组织级任务·关键节点”对中，在节点日期当日或之前报告完成（或任务已验收）"
    "的对数 ÷ 已到节点日期的对数（节点日期未到且尚未完成的不计）；已取消的任务不计。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def milestones_on_time(session: AsyncSession, scope: Scope) -> list[Row]:
    reported = (
        select(DONE.id)
        .where(DONE.assignment_id == A.id, DONE.milestone_id == STEPS.id, DONE.done_on <= STEPS.due_on)
        .exists()
    )
    # Work accepted by the step's date has done its steps, reported one by one or not.
    on_time = or_(reported, and_(A.status == ACCEPTED, A.accepted_on <= STEPS.due_on))
    statement = (
        select(A.org_path, _count(on_time), func.count())
        .select_from(A_TABLE.join(STEP_TABLE, STEPS.item_id == A.item_id))
        .where(
            *_org_level(scope),
            STEPS.due_on >= scope.period.start,
            STEPS.due_on <= scope.period.end,
            or_(STEPS.due_on < scope.today, on_time),
        )
        .group_by(A.org_path)
    )
    return await _rows(session, statement)
