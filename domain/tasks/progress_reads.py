"""How far a plan, or an org's whole year, has got (进度统计). One statement each after the scope check.

The numbers, over org-level assignments (members' parts are their org's business and are inside it):
- by status: how many are in each status; total: all of them, cancelled included;
- overdue: unfinished (ASSIGNED, IN_PROGRESS, RETURNED, SUBMITTED) and due before today;
- on-time rate: accepted by their due date / (accepted + overdue), in percent with one decimal
  (domain.charts.rate); None while nothing is accepted or overdue. Accepted late counts against it, and
  so does overdue work, so a plan cannot look punctual by leaving late work unaccepted;
- planned budget: the budget of every assignment not cancelled (an item's budget is per executing org);
- spent: money reported spent (parts included); overspent: spent > planned — allowed, but flagged.

A plan's progress is read from its items' tallies (a sum over ~200 items, not over 10,000 branches'
assignments); its assignments are due on their item's due date, which distribution keeps in step. An
org's year has no tallies to lean on and is counted live over its subtree (the status index serves it).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.charts import Point, rate, series
from domain.errors import not_found
from domain.orgs.models import Organization
from domain.tasks.enums import ASSIGNMENT_STATUS_LABELS, UNFINISHED, AssignmentStatus
from domain.tasks.models import Assignment, Plan, PlanItem
from domain.tasks.tally import COUNTERS
from domain.tree import in_subtree

ITEMS = PlanItem.__table__.c  # type: ignore[attr-defined]
A = Assignment.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Progress:
    by_status: list[Point]
    total: int
    overdue: int
    accepted_on_time: int
    on_time_rate: float | None
    planned_fen: int
    spent_fen: int

    @property
    def overspent(self) -> bool:
        return self.spent_fen > self.planned_fen


def progress_of(counts: dict[AssignmentStatus, int], overdue: int, on_time: int, planned: int, spent: int) -> Progress:
    accepted = counts[AssignmentStatus.ACCEPTED]
    return Progress(
        by_status=series([(s.value, ASSIGNMENT_STATUS_LABELS[s], counts[s]) for s in AssignmentStatus]),
        total=sum(counts.values()),
        overdue=overdue,
        accepted_on_time=on_time,
        on_time_rate=rate(on_time, accepted + overdue),
        planned_fen=planned,
        spent_fen=spent,
    )


def _total(expression: Any) -> ColumnElement[int]:
    return func.coalesce(func.sum(expression), 0).cast(BigInteger)  # fen over 10,000 branches pass 2**31


async def plan_progress(session: AsyncSession, *, actor: Actor, plan_id: int, today: date) -> Progress:
    plan = await session.get(Plan, plan_id)
    if plan is None or not AUTHORIZER.can(actor, plan.org_path, Resource.TASK, Action.READ):
        raise not_found("计划", field=["planId"])
    unfinished = sum(ITEMS[COUNTERS[s]] for s in UNFINISHED)
    live = sum(ITEMS[c] for s, c in COUNTERS.items() if s is not AssignmentStatus.CANCELLED)
    statement = select(
        *(_total(ITEMS[c]).label(c) for c in COUNTERS.values()),
        _total(case((ITEMS.due_on < today, unfinished), else_=0)).label("overdue"),
        _total(ITEMS.accepted_on_time_count).label("on_time"),
        _total(ITEMS.budget_fen * live).label("planned"),
        _total(ITEMS.spent_fen).label("spent"),
    ).where(ITEMS.plan_id == plan_id)
    row = (await session.execute(statement)).one()
    counts = {s: int(getattr(row, c)) for s, c in COUNTERS.items()}
    return progress_of(counts, int(row.overdue), int(row.on_time), int(row.planned), int(row.spent))


async def organization_progress(
    session: AsyncSession, *, actor: Actor, organization_id: int, year: int, today: date
) -> Progress:
    org = await session.get(Organization, organization_id)
    if org is None or not AUTHORIZER.can(actor, org.path, Resource.TASK, Action.READ):
        raise not_found("组织", field=["organizationId"])
    return await year_progress(session, org.path, year, today)


def year_sums(today: date) -> tuple[Any, ...]:
    """Per status group of org-level assignments: how many, overdue as of `today`, accepted on time, budget
    and spent (also what the control center's year tally stores, domain/tasks/year_tally.py)."""
    unfinished = [s.value for s in UNFINISHED]
    return (
        func.count().label("n"),
        _total(case((and_(A.status.in_(unfinished), A.due_on < today), 1), else_=0)).label("overdue"),
        _total(case((A.accepted_on <= A.due_on, 1), else_=0)).label("on_time"),
        _total(A.budget_fen).label("budget"),
        _total(A.spent_fen).label("spent"),
    )


async def year_progress(session: AsyncSession, org_path: str, year: int, today: date) -> Progress:
    """An org's year over its subtree, counted live, for a caller that has checked the scope."""
    statement = (
        select(A.status, *year_sums(today))
        .where(in_subtree(A.org_path, org_path), A.year == year, A.parent_id.is_(None))
        .group_by(A.status)
    )
    return progress_from_rows((await session.execute(statement)).all())


def progress_from_rows(rows: Sequence[Any]) -> Progress:
    """Progress from rows of (status, n, overdue, on_time, budget, spent), one per status."""
    counts = {s: 0 for s in AssignmentStatus}
    overdue = on_time = planned = spent = 0
    for row in rows:
        status = AssignmentStatus(row.status)
        counts[status] = int(row.n)
        overdue += int(row.overdue)
        on_time += int(row.on_time) if status is AssignmentStatus.ACCEPTED else 0
        planned += int(row.budget) if status is not AssignmentStatus.CANCELLED else 0
        spent += int(row.spent)
    return progress_of(counts, overdue, on_time, planned, spent)
