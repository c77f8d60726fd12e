"""Splitting an org-level assignment into members' parts (分解到党员). Flushes, never commits.

A part names one member on the roll of the executing org (its own members, those of its groups included)
and is due no later than the whole. Its org and path are the whole's, so subtree reads find it with its
org; its member sees it through ownership. The org submits the whole only once every part is final.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain import audit
from domain.errors import CommonError, DomainError
from domain.members.enums import RecordState
from domain.members.models import Member
from domain.money import to_fen
from domain.tasks.assignment_access import load, require_org_writer
from domain.tasks.assignment_rules import Action, check_distinct_members, check_part_due, next_status
from domain.tasks.enums import AssignmentStatus
from domain.tasks.errors import TaskError
from domain.tasks.models import Assignment
from domain.texts import optional_text

MAX_PARTS = 100
NOTE_MAX = 1000


@dataclass(frozen=True)
class PartInput:
    assignee_member_id: int
    due_on: date
    note: str | None = None
    budget: Decimal | None = None


async def _on_roll(session: AsyncSession, org_id: int, member_ids: list[int]) -> set[int]:
    rows = await session.execute(
        select(col(Member.id)).where(
            col(Member.id).in_(member_ids),
            col(Member.record_state) == RecordState.ACTIVE.value,
            or_(col(Member.organization_id) == org_id, col(Member.party_group_id) == org_id),
        )
    )
    return {member_id for member_id in rows.scalars() if member_id is not None}


async def _already_assigned(session: AsyncSession, parent_id: int) -> set[int]:
    rows = await session.execute(
        select(col(Assignment.assignee_member_id)).where(col(Assignment.parent_id) == parent_id)
    )
    return {member_id for member_id in rows.scalars() if member_id is not None}


async def split_assignment(
    session: AsyncSession, *, actor: Actor, assignment_id: int, version: int, parts: list[PartInput], today: date
) -> Assignment:
    loaded = await load(session, actor=actor, assignment_id=assignment_id, version=version)
    require_org_writer(actor, loaded)
    whole = loaded.assignment
    if loaded.is_part:
        raise DomainError(TaskError.INVALID_TRANSITION, "党员的子任务不能再分解", field=["assignmentId"])
    next_status(whole.status, Action.SPLIT)
    if not 1 <= len(parts) <= MAX_PARTS:
        raise DomainError(CommonError.INVALID_INPUT, f"一次分解 1 到 {MAX_PARTS} 个子任务", field=["parts"])
    member_ids = [p.assignee_member_id for p in parts]
    check_distinct_members(member_ids)
    on_roll = await _on_roll(session, whole.organization_id, member_ids)
    taken = await _already_assigned(session, assignment_id)
    rows: list[Assignment] = []
    for i, part in enumerate(parts):
        field = ["parts", str(i)]
        if part.assignee_member_id not in on_roll:
            raise DomainError(
                TaskError.ASSIGNEE_NOT_IN_ORG, "该党员不在本组织的名册上", field=[*field, "assigneeMemberId"]
            )
        if part.assignee_member_id in taken:
            raise DomainError(
                CommonError.INVALID_INPUT, "该党员已有这项任务的子任务", field=[*field, "assigneeMemberId"]
            )
        check_part_due(part.due_on, whole.due_on, i)
        rows.append(
            Assignment(
                plan_id=whole.plan_id,
                item_id=whole.item_id,
                year=whole.year,
                organization_id=whole.organization_id,
                org_path=whole.org_path,
                parent_id=whole.id,
                assignee_member_id=part.assignee_member_id,
                title=whole.title,
                starts_on=min(whole.starts_on, part.due_on),
                due_on=part.due_on,
                note=optional_text(part.note, [*field, "note"], NOTE_MAX, lines=True),
                status=AssignmentStatus.ASSIGNED.value,
                budget_fen=to_fen(part.budget, [*field, "budget"]) or 0,
            )
        )
    session.add_all(rows)
    whole.version += 1  # its parts are part of what a reader of the whole saw
    await session.flush()
    audit.note(
        session,
        changes={
            "parts": [
                {"member_id": r.assignee_member_id, "due_on": r.due_on, "budget_fen": r.budget_fen, "id": r.id}
                for r in rows
            ]
        },
    )
    return whole
