"""Rows the alert tests need, written straight into the tables (alerts read what the plan and assignment
services leave; those services have their own tests): an approved plan of 集团党委, items with key steps,
org-level assignments and members' parts in any state, and approval requests waiting since any instant."""

from datetime import date, datetime
from typing import Any

from domain.approvals.models import ApprovalRequest
from domain.members.models import Member
from domain.orgs.models import Organization
from domain.tasks.models import Assignment, AssignmentMilestone, Plan, PlanItem, PlanMilestone
from tests.tasks_support import TaskTree


async def _saved(tree: TaskTree, row: Any) -> Any:
    async with tree.build.sessions() as session, session.begin():
        session.add(row)
        await session.flush()
        return row


async def approved_plan(tree: TaskTree, year: int) -> Plan:
    root = tree.ledger.root
    assert root.id is not None
    plan = Plan(
        organization_id=root.id, org_path=root.path, year=year, title=f"{year}年党建工作计划", status="APPROVED"
    )
    return await _saved(tree, plan)  # type: ignore[no-any-return]


async def plan_item(
    tree: TaskTree, plan: Plan, *, title: str, starts_on: date, due_on: date, steps: tuple[tuple[str, date], ...] = ()
) -> tuple[PlanItem, list[PlanMilestone]]:
    assert plan.id is not None
    async with tree.build.sessions() as session:
        position = len((await session.execute(PlanItem.__table__.select())).all()) + 1  # type: ignore[attr-defined]
    item = PlanItem(
        plan_id=plan.id, position=position, title=title, category="OTHER", starts_on=starts_on, due_on=due_on
    )
    await _saved(tree, item)
    assert item.id is not None
    found = [
        await _saved(tree, PlanMilestone(item_id=item.id, position=i, title=name, due_on=on))
        for i, (name, on) in enumerate(steps, 1)
    ]
    return item, found


async def assignment(
    tree: TaskTree,
    item: PlanItem,
    org: Organization,
    *,
    status: str = "ASSIGNED",
    percent: int = 0,
    starts_on: date | None = None,
    due_on: date | None = None,
    parent: Assignment | None = None,
    member: Member | None = None,
) -> Assignment:
    assert item.id is not None and org.id is not None
    row = Assignment(
        plan_id=item.plan_id,
        item_id=item.id,
        year=item.starts_on.year,
        organization_id=org.id,
        org_path=org.path,
        parent_id=parent.id if parent else None,
        assignee_member_id=member.id if member else None,
        title=item.title,
        starts_on=starts_on or item.starts_on,
        due_on=due_on or item.due_on,
        status=status,
        percent=percent,
    )
    return await _saved(tree, row)  # type: ignore[no-any-return]


async def step_done(tree: TaskTree, work: Assignment, step: PlanMilestone, on: date) -> None:
    assert work.id is not None and step.id is not None
    await _saved(tree, AssignmentMilestone(assignment_id=work.id, milestone_id=step.id, done_on=on))


async def waiting_request(
    tree: TaskTree, org: Organization, *, title: str, since: datetime, status: str = "PENDING"
) -> ApprovalRequest:
    """A request whose current step started at `since` (an aware instant), waiting for 集团党委's secretary."""
    assert org.id is not None
    row = ApprovalRequest(
        subject_type="PLAN",
        subject_id=0,
        title=title,
        organization_id=org.id,
        org_path=org.path,
        steps=[{"role": "SECRETARY", "organizationId": org.id}],
        status=status,
        pending_role="SECRETARY" if status == "PENDING" else None,
        pending_org_id=org.id if status == "PENDING" else None,
        pending_path=org.path if status == "PENDING" else None,
        step_started_at=since,
        requested_at=since,
        requested_by=tree.ledger.org_admin.id,
    )
    return await _saved(tree, row)  # type: ignore[no-any-return]
