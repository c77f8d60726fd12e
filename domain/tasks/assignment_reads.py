"""Reads of assignments: an org's work plan (工作计划页), assignments and parts by id, and what hangs on
them (reports, reviews, key steps). Each is one Core select, scoped in SQL.

An assignment is visible when the actor reads tasks at its org's path, or when it is the actor's own part
(its member's account is the actor: a MEMBER grant carries no task permission, ownership does). A branch
therefore never sees another branch's assignments, and a member sees only their own part of one.
"""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.errors import not_found
from domain.members.models import Member
from domain.orgs.models import Organization
from domain.tasks.models import (
    Assignment,
    AssignmentMilestone,
    AssignmentReview,
    Plan,
    PlanMilestone,
    ProgressReport,
)

A_TABLE = Assignment.__table__  # type: ignore[attr-defined]
A = A_TABLE.c
PLANS = Plan.__table__  # type: ignore[attr-defined]
MEMBERS = Member.__table__.c  # type: ignore[attr-defined]
REPORTS = ProgressReport.__table__  # type: ignore[attr-defined]
REVIEWS = AssignmentReview.__table__  # type: ignore[attr-defined]
STEPS = PlanMilestone.__table__  # type: ignore[attr-defined]
DONE = AssignmentMilestone.__table__  # type: ignore[attr-defined]


def own_part(actor: Actor) -> ColumnElement[bool]:
    """The actor's own parts as a member. An account has at most one member record (unique user_id), so
    this is `=` a scalar subquery: PostgreSQL runs it once and ORs its index scan with the others (`IN` a
    subquery made every OR around it a sequential scan of all assignments)."""
    own: ColumnElement[bool] = (
        A.assignee_member_id == select(MEMBERS.id).where(MEMBERS.user_id == actor.user_id).scalar_subquery()
    )
    return own


def visible(actor: Actor) -> ColumnElement[bool]:
    return or_(AUTHORIZER.path_filter(actor, A.org_path, Resource.TASK, Action.READ), own_part(actor))


def assignment_rows(actor: Actor, *where: ColumnElement[bool]) -> Select[Any]:
    """Visible assignments with their plan's title (a branch reads its work without reading the plan)."""
    return rows_with_plan(visible(actor), *where)


def rows_with_plan(*where: ColumnElement[bool]) -> Select[Any]:
    """Assignments with their plan's title, unscoped: for callers whose conditions imply visibility."""
    joined = A_TABLE.join(PLANS, PLANS.c.id == A.plan_id)
    return select(*A, PLANS.c.title.label("plan_title")).select_from(joined).where(*where)


async def work_plan(session: AsyncSession, *, actor: Actor, organization_id: int, year: int) -> list[Any]:
    """The org's own org-level assignments of the year, the earliest due first."""
    org = await session.get(Organization, organization_id)
    if org is None or not AUTHORIZER.can(actor, org.path, Resource.TASK, Action.READ):
        raise not_found("组织", field=["organizationId"])
    statement = assignment_rows(actor, A.organization_id == organization_id, A.year == year, A.parent_id.is_(None))
    return list((await session.execute(statement.order_by(A.due_on, A.id))).all())


async def by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    rows = await session.execute(assignment_rows(actor, A.id.in_(ids)))
    return {row.id: row for row in rows}


async def parts_of(session: AsyncSession, *, actor: Actor, parent_ids: Sequence[int]) -> dict[int, list[Any]]:
    """The visible parts of each whole, the earliest due first."""
    rows = await session.execute(assignment_rows(actor, A.parent_id.in_(parent_ids)).order_by(A.due_on, A.id))
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        found[row.parent_id].append(row)
    return found


# What hangs on an assignment: read for assignments the caller has already shown to be visible.


async def reports_of(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[Any]]:
    """Newest first."""
    rows = await session.execute(
        select(REPORTS)
        .where(REPORTS.c.assignment_id.in_(ids))
        .order_by(REPORTS.c.reported_at.desc(), REPORTS.c.id.desc())
    )
    return _grouped(rows, "assignment_id")


async def reviews_of(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[Any]]:
    """Oldest first: the history of acceptances, returns and a cancellation."""
    rows = await session.execute(select(REVIEWS).where(REVIEWS.c.assignment_id.in_(ids)).order_by(REVIEWS.c.id))
    return _grouped(rows, "assignment_id")


async def milestones_of(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[Any]]:
    """The key steps of each assignment's item, in order, with the date this assignment reported each done
    (None: still open)."""
    joined = A_TABLE.join(STEPS, STEPS.c.item_id == A.item_id).outerjoin(
        DONE, (DONE.c.assignment_id == A.id) & (DONE.c.milestone_id == STEPS.c.id)
    )
    rows = await session.execute(
        select(A.id.label("assignment_id"), *STEPS.c, DONE.c.done_on)
        .select_from(joined)
        .where(A.id.in_(ids))
        .order_by(A.id, STEPS.c.position)
    )
    return _grouped(rows, "assignment_id")


def _grouped(rows: Any, key: str) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        found[getattr(row, key)].append(row)
    return found
