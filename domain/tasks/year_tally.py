"""Every org's own org-level assignments of a year by status, counted by the control center's round
(domain/indicators/schedule.py) into task_year_tally: the center's progress chart of a whole tree then sums
ten thousand tally rows, not two million assignments (bench/: 1.3 s live at the root of 50,000 orgs).

The tally is as of the round, like every value the center shows; the tasks area's own pages
(`organizationProgress`, `planProgress`) stay live. A year without a tally is counted live.
"""

from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, delete, exists, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.tasks.models import Assignment, YearTally
from domain.tasks.progress_reads import Progress, progress_from_rows, year_progress, year_sums
from domain.tree import in_subtree

A = Assignment.__table__.c  # type: ignore[attr-defined]
TALLY = YearTally.__table__  # type: ignore[attr-defined]
T = TALLY.c


async def refresh(session: AsyncSession, *, year: int, today: date) -> int:
    """Recounts the year's tally in two statements; returns the rows it holds."""
    await session.execute(delete(TALLY).where(T.year == year))
    counted = (
        select(A.organization_id, A.org_path, A.year, A.status, *year_sums(today), literal(today))
        .where(A.year == year, A.parent_id.is_(None))
        .group_by(A.organization_id, A.org_path, A.year, A.status)
    )
    columns = ["organization_id", "org_path", "year", "status", "assignments", "overdue", "on_time"]
    result = await session.execute(
        insert(TALLY).from_select([*columns, "budget_fen", "spent_fen", "counted_on"], counted)
    )
    return int(cast(CursorResult[Any], result).rowcount or 0)


async def tallied_progress(session: AsyncSession, org_path: str, year: int, today: date) -> Progress:
    """An org's year over its subtree from the round's tally, or live when the year has none."""
    if not await session.scalar(select(exists().where(T.year == year))):
        return await year_progress(session, org_path, year, today)
    statement = (
        select(
            T.status,
            func.sum(T.assignments).label("n"),
            func.sum(T.overdue).label("overdue"),
            func.sum(T.on_time).label("on_time"),
            func.sum(T.budget_fen).label("budget"),
            func.sum(T.spent_fen).label("spent"),
        )
        .where(T.year == year, in_subtree(T.org_path, org_path))
        .group_by(T.status)
    )
    return progress_from_rows((await session.execute(statement)).all())
