"""Progress reports (进度填报): percent reached, money spent since the last report, evidence, key steps
done. Flushes, never commits.

Money spent on a member's part is spent by its org too: it adds to the part, to the whole (whose
spent_fen includes its parts) and to the item's tally, which counts org-level assignments only.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain import audit
from domain.errors import CommonError, DomainError
from domain.money import to_fen
from domain.tasks import tally
from domain.tasks.assignment_access import load, require_worker
from domain.tasks.assignment_rules import Action, check_evidence, check_percent, next_status
from domain.tasks.assignments import move
from domain.tasks.models import Assignment, AssignmentMilestone, PlanMilestone, ProgressReport
from domain.texts import optional_text
from domain.timeutil import utcnow

NOTE_MAX = 2000


@dataclass(frozen=True)
class ReportInput:
    percent: int
    note: str | None = None
    spent: Decimal | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    milestones_done: list[int] = field(default_factory=list)


async def _milestones(session: AsyncSession, assignment: Assignment, ids: list[int]) -> list[int]:
    """The key steps named, which must be the item's; those already done are left as they were."""
    if not ids:
        return []
    rows = await session.execute(
        select(col(PlanMilestone.id)).where(
            col(PlanMilestone.id).in_(ids), col(PlanMilestone.item_id) == assignment.item_id
        )
    )
    known = set(rows.scalars())
    for i, milestone_id in enumerate(ids):
        if milestone_id not in known:
            raise DomainError(CommonError.NOT_FOUND, "关键节点不存在", field=["milestonesDone", str(i)])
    done = await session.execute(
        select(col(AssignmentMilestone.milestone_id)).where(col(AssignmentMilestone.assignment_id) == assignment.id)
    )
    already = set(done.scalars())
    return [m for m in dict.fromkeys(ids) if m not in already]


async def report_progress(
    session: AsyncSession, *, actor: Actor, assignment_id: int, version: int, report: ReportInput, today: date
) -> ProgressReport:
    loaded = await load(session, actor=actor, assignment_id=assignment_id, version=version)
    require_worker(actor, loaded)
    assignment = loaded.assignment
    status = next_status(assignment.status, Action.REPORT)
    check_percent(report.percent, assignment.percent)
    evidence = check_evidence(report.evidence)
    spent = to_fen(report.spent, ["spent"]) or 0
    note = optional_text(report.note, ["note"], NOTE_MAX, lines=True)
    new_steps = await _milestones(session, assignment, report.milestones_done)
    before = assignment.status
    await move(session, assignment, status)
    assignment.percent = report.percent
    assignment.spent_fen += spent
    row = ProgressReport(
        assignment_id=assignment_id,
        percent=report.percent,
        note=note,
        spent_fen=spent,
        evidence=evidence,
        reported_by=actor.user_id,
    )
    session.add(row)
    await session.flush()
    session.add_all(
        AssignmentMilestone(assignment_id=assignment_id, milestone_id=m, done_on=today, report_id=row.id)
        for m in new_steps
    )
    if spent and assignment.parent_id is not None:
        parent = await session.get(Assignment, assignment.parent_id, with_for_update=True)
        assert parent is not None
        parent.spent_fen += spent
        parent.updated_at = utcnow()
    if spent:
        await tally.shift(session, item_id=assignment.item_id, spent_delta=spent)
    await session.flush()
    audit.note(
        session,
        changes={
            "status": {"from": before, "to": status.value},
            "percent": report.percent,
            "spent_fen": spent,
            "evidence": len(evidence),
            "milestones_done": new_steps,
            "report_id": row.id,
        },
    )
    return row
