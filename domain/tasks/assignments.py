"""Executing assignments: submitting for acceptance and the issuer's review (accept, return, cancel).
Progress reports are in progress.py, splitting into members' parts in parts.py. Flushes, never commits.

Every status change of an org-level assignment moves its item's tallies (tally.shift) in the same
transaction; a review (验收、退回、取消) is also a dated AssignmentReview row.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain import audit
from domain.errors import CommonError, DomainError
from domain.tasks import tally
from domain.tasks.assignment_access import load, require_issuer, require_worker
from domain.tasks.assignment_rules import Action, next_status
from domain.tasks.enums import FINAL, AssignmentStatus
from domain.tasks.errors import TaskError
from domain.tasks.models import Assignment, AssignmentReview
from domain.texts import optional_text
from domain.timeutil import utcnow

REASON_MAX = 500


async def _open_parts(session: AsyncSession, parent_id: int) -> list[Assignment]:
    rows = await session.execute(
        select(Assignment).where(
            col(Assignment.parent_id) == parent_id, col(Assignment.status).not_in([s.value for s in FINAL])
        )
    )
    return list(rows.scalars())


async def move(
    session: AsyncSession, assignment: Assignment, status: AssignmentStatus, *, on_time: bool = False
) -> None:
    """Set the status, bump the version and, for an org-level one, its item's tallies."""
    before = assignment.status
    assignment.status = status.value
    assignment.version += 1
    assignment.updated_at = utcnow()
    if assignment.parent_id is None:
        await tally.shift(
            session, item_id=assignment.item_id, before=before, after=status.value, on_time_delta=int(on_time)
        )


def _reason(reason: str | None) -> str:
    text = optional_text(reason, ["reason"], REASON_MAX, lines=True)
    if text is None:
        raise DomainError(CommonError.REASON_REQUIRED, "须写明理由", field=["reason"])
    return text


def _review(actor: Actor, assignment: Assignment, outcome: AssignmentStatus, reason: str | None) -> AssignmentReview:
    assert assignment.id is not None
    return AssignmentReview(assignment_id=assignment.id, outcome=outcome.value, reason=reason, decided_by=actor.user_id)


async def submit_assignment(
    session: AsyncSession, *, actor: Actor, assignment_id: int, version: int, today: date
) -> Assignment:
    loaded = await load(session, actor=actor, assignment_id=assignment_id, version=version)
    require_worker(actor, loaded)
    assignment = loaded.assignment
    status = next_status(assignment.status, Action.SUBMIT)
    if not loaded.is_part and await _open_parts(session, assignment_id):
        raise DomainError(TaskError.PARTS_NOT_ACCEPTED, "分解到党员的子任务尚未全部验收", field=["assignmentId"])
    before = assignment.status
    await move(session, assignment, status)
    assignment.submitted_at = utcnow()
    await session.flush()
    audit.note(session, changes={"status": {"from": before, "to": status.value}})
    return assignment


async def accept_assignment(
    session: AsyncSession, *, actor: Actor, assignment_id: int, version: int, today: date
) -> Assignment:
    loaded = await load(session, actor=actor, assignment_id=assignment_id, version=version)
    await require_issuer(session, actor, loaded)
    assignment = loaded.assignment
    status = next_status(assignment.status, Action.ACCEPT)
    await move(session, assignment, status, on_time=tally.on_time(today, assignment.due_on))
    assignment.accepted_on, assignment.percent = today, 100
    session.add(_review(actor, assignment, status, None))
    await session.flush()
    audit.note(session, changes={"status": {"from": "SUBMITTED", "to": status.value}, "accepted_on": today})
    return assignment


async def return_assignment(
    session: AsyncSession, *, actor: Actor, assignment_id: int, version: int, reason: str | None, today: date
) -> Assignment:
    loaded = await load(session, actor=actor, assignment_id=assignment_id, version=version)
    await require_issuer(session, actor, loaded)
    assignment = loaded.assignment
    status = next_status(assignment.status, Action.RETURN)
    text = _reason(reason)
    await move(session, assignment, status)
    assignment.return_reason = text
    session.add(_review(actor, assignment, status, text))
    await session.flush()
    audit.note(session, changes={"status": {"from": "SUBMITTED", "to": status.value}, "reason": text})
    return assignment


async def cancel_assignment(
    session: AsyncSession, *, actor: Actor, assignment_id: int, version: int, reason: str | None, today: date
) -> Assignment:
    """Any unfinished assignment; an org-level one takes its open parts with it."""
    loaded = await load(session, actor=actor, assignment_id=assignment_id, version=version)
    await require_issuer(session, actor, loaded)
    assignment = loaded.assignment
    status = next_status(assignment.status, Action.CANCEL)
    text = _reason(reason)
    before = assignment.status
    parts = [] if loaded.is_part else await _open_parts(session, assignment_id)
    for target in [*parts, assignment]:
        await move(session, target, status)
        target.cancel_reason = text
        session.add(_review(actor, target, status, text))
    await session.flush()
    audit.note(
        session,
        changes={"status": {"from": before, "to": status.value}, "reason": text, "parts_cancelled": len(parts)},
    )
    return assignment
