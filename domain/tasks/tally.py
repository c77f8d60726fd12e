"""The per-item tallies of org-level assignments (task_plan_item.*_count, spent_fen), kept in the transaction
of every change so that a plan's progress over thousands of branches is a sum over its items.

Only org-level assignments (parent_id IS NULL) are counted: a member's part is the branch's business, and
its money is already in its parent's spent_fen. `shift` follows one transition with one UPDATE; `recount`
rebuilds a whole plan's tallies from the assignments with one UPDATE .. FROM (after a distribution).
"""

from datetime import date

from sqlalchemy import ColumnElement, Integer, and_, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.tasks.enums import AssignmentStatus
from domain.tasks.models import Assignment, PlanItem

ITEM_TABLE = PlanItem.__table__  # type: ignore[attr-defined]
ITEMS = ITEM_TABLE.c
ASSIGNMENTS = Assignment.__table__.c  # type: ignore[attr-defined]
COUNTERS = {
    AssignmentStatus.ASSIGNED: "assigned_count",
    AssignmentStatus.IN_PROGRESS: "in_progress_count",
    AssignmentStatus.SUBMITTED: "submitted_count",
    AssignmentStatus.RETURNED: "returned_count",
    AssignmentStatus.ACCEPTED: "accepted_count",
    AssignmentStatus.CANCELLED: "cancelled_count",
}


def on_time(accepted_on: date | None, due_on: date) -> bool:
    """Accepted on or before its due date (验收按期)."""
    return accepted_on is not None and accepted_on <= due_on


async def shift(
    session: AsyncSession,
    *,
    item_id: int,
    before: str | None = None,
    after: str | None = None,
    on_time_delta: int = 0,
    spent_delta: int = 0,
) -> None:
    """One org-level assignment moved from `before` to `after` (either None: no status change), and/or
    spent `spent_delta` more fen; `on_time_delta` is +1 when it was accepted by its due date."""
    values: dict[str, object] = {}
    if before != after:
        if before is not None:
            column = COUNTERS[AssignmentStatus(before)]
            values[column] = ITEMS[column] - 1
        if after is not None:
            column = COUNTERS[AssignmentStatus(after)]
            values[column] = ITEMS[column] + 1
    if on_time_delta:
        values["accepted_on_time_count"] = ITEMS.accepted_on_time_count + on_time_delta
    if spent_delta:
        values["spent_fen"] = ITEMS.spent_fen + spent_delta
    if values:
        await session.execute(update(ITEM_TABLE).where(ITEMS.id == item_id).values(**values))


async def recount(session: AsyncSession, plan_id: int) -> None:
    """Every item of the plan that has assignments gets its tallies from a GROUP BY over them. An item
    without any keeps its zeros: assignments are cancelled, never deleted, so an item that once had some
    still has them."""

    def count(where: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((where, 1), else_=0)), 0).cast(Integer)

    org_level = and_(ASSIGNMENTS.plan_id == plan_id, ASSIGNMENTS.parent_id.is_(None))
    counts = [count(ASSIGNMENTS.status == status.value).label(column) for status, column in COUNTERS.items()]
    on_time_count = count(
        and_(
            ASSIGNMENTS.status == AssignmentStatus.ACCEPTED.value,
            ASSIGNMENTS.accepted_on <= ASSIGNMENTS.due_on,
        )
    ).label("accepted_on_time_count")
    spent = func.coalesce(func.sum(ASSIGNMENTS.spent_fen), 0).label("spent_fen")
    totals = (
        select(ASSIGNMENTS.item_id, *counts, on_time_count, spent)
        .where(org_level)
        .group_by(ASSIGNMENTS.item_id)
        .subquery("totals")
    )
    columns = [*COUNTERS.values(), "accepted_on_time_count", "spent_fen"]
    await session.execute(
        update(ITEM_TABLE).where(ITEMS.id == totals.c.item_id).values({name: totals.c[name] for name in columns})
    )
