"""What the assignment tests share: an approved plan written straight through the models and distributed
(the plan mutations are tested on their own), the assignment mutations as a client sends them, and the
live counts the item tallies must equal."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select, update
from sqlmodel import col

from domain.orgs.models import Organization
from domain.tasks import distribution, tally
from domain.tasks.enums import PlanStatus, TaskCategory
from domain.tasks.models import Assignment, Plan, PlanItem, PlanItemExecutor, PlanMilestone
from domain.timeutil import today, utcnow
from tests.fixtures import Builder
from tests.tasks_support import TaskTree

TODAY = today()
YEAR = TODAY.year
SOON = TODAY + timedelta(days=30)  # due in the future: accepted now, on time
PAST = TODAY - timedelta(days=30)  # due in the past: overdue while unfinished
ERRORS = "errors { field message code }"
ASSIGNMENT_FIELDS = """id title status percent startsOn dueOn budget spent overspent version returnReason cancelReason
  organization { id name } planTitle assignee { id name } parts { id status assignee { id name } dueOn spent }"""


def _mutation(name: str, input_type: str, selection: str = f"assignment {{ {ASSIGNMENT_FIELDS} }}") -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} {ERRORS} }} }}"


SPLIT = _mutation("splitAssignment", "SplitAssignmentInput")
REPORT = _mutation("reportProgress", "ReportProgressInput")
SUBMIT = _mutation("submitAssignment", "AssignmentIdInput")
ACCEPT = _mutation("acceptAssignment", "AssignmentIdInput")
RETURN = _mutation("returnAssignment", "ReturnAssignmentInput")
CANCEL = _mutation("cancelAssignment", "CancelAssignmentInput")


@dataclass
class ItemSpec:
    title: str
    executors: list[Organization]
    starts_on: date = PAST - timedelta(days=30)
    due_on: date = SOON
    budget_fen: int = 100_000
    milestones: list[tuple[str, date]] = field(default_factory=list)


async def approved_plan(tree: TaskTree, items: list[ItemSpec], *, org: Organization | None = None) -> Plan:
    """A plan of `org` (集团党委 by default) with these items, approved and distributed as an approval would."""
    owner = org or tree.ledger.root
    async with tree.build.sessions() as session, session.begin():
        plan = Plan(
            organization_id=owner.id,  # type: ignore[arg-type]
            org_path=owner.path,
            year=YEAR,
            title=f"{owner.name}{YEAR}年党建工作计划",
            status=PlanStatus.APPROVED,
            revision=1,
            approved_at=utcnow(),
        )
        session.add(plan)
        await session.flush()
        for position, spec in enumerate(items, start=1):
            item = PlanItem(
                plan_id=plan.id,  # type: ignore[arg-type]
                position=position,
                title=spec.title,
                category=TaskCategory.ORG_BUILDING,
                starts_on=spec.starts_on,
                due_on=spec.due_on,
                budget_fen=spec.budget_fen,
            )
            session.add(item)
            await session.flush()
            session.add_all(PlanItemExecutor(item_id=item.id, organization_id=o.id) for o in spec.executors)  # type: ignore[arg-type]
            session.add_all(
                PlanMilestone(item_id=item.id, position=i, title=t, due_on=d)  # type: ignore[arg-type]
                for i, (t, d) in enumerate(spec.milestones, start=1)
            )
        await session.flush()
        await distribution.distribute(session, plan=plan, today=TODAY)
    return plan


async def redistribute(tree: TaskTree, plan: Plan) -> None:
    async with tree.build.sessions() as session, session.begin():
        fresh = await session.get(Plan, plan.id)
        assert fresh is not None
        await distribution.distribute(session, plan=fresh, today=TODAY)


async def edit_item(tree: TaskTree, item_id: int, **values: Any) -> None:
    async with tree.build.sessions() as session, session.begin():
        await session.execute(update(PlanItem).where(col(PlanItem.id) == item_id).values(**values))


async def set_executors(tree: TaskTree, item_id: int, orgs: list[Organization]) -> None:
    async with tree.build.sessions() as session, session.begin():
        await session.execute(PlanItemExecutor.__table__.delete().where(col(PlanItemExecutor.item_id) == item_id))  # type: ignore[attr-defined]
        session.add_all(PlanItemExecutor(item_id=item_id, organization_id=o.id) for o in orgs)  # type: ignore[arg-type]


async def assignments(build: Builder, plan: Plan) -> list[Assignment]:
    async with build.sessions() as session:
        rows = await session.execute(
            select(Assignment).where(col(Assignment.plan_id) == plan.id).order_by(col(Assignment.id))
        )
        return list(rows.scalars())


async def items(build: Builder, plan: Plan) -> list[PlanItem]:
    async with build.sessions() as session:
        rows = await session.execute(
            select(PlanItem).where(col(PlanItem.plan_id) == plan.id).order_by(col(PlanItem.position))
        )
        return list(rows.scalars())


async def tallies_match_live_counts(build: Builder, plan: Plan) -> list[tuple[Any, ...]]:
    """Each item's tallies next to the same numbers counted from its org-level assignments; equal rows."""
    a = Assignment.__table__.c  # type: ignore[attr-defined]
    live_columns = [
        func.sum(case((a.status == s, 1), else_=0))
        for s in ("ASSIGNED", "IN_PROGRESS", "SUBMITTED", "RETURNED", "ACCEPTED", "CANCELLED")
    ]
    on_time = func.sum(case((and_(a.status == "ACCEPTED", a.accepted_on <= a.due_on), 1), else_=0))
    async with build.sessions() as session:
        live = await session.execute(
            select(a.item_id, *live_columns, on_time, func.sum(a.spent_fen))
            .where(a.plan_id == plan.id, a.parent_id.is_(None))
            .group_by(a.item_id)
            .order_by(a.item_id)
        )
        live_rows = [tuple(int(v) for v in row) for row in live]
    kept = [
        (
            i.id,
            i.assigned_count,
            i.in_progress_count,
            i.submitted_count,
            i.returned_count,
            i.accepted_count,
            i.cancelled_count,
            i.accepted_on_time_count,
            i.spent_fen,
        )
        for i in sorted(await items(build, plan), key=lambda i: i.id or 0)
        if i.id in {row[0] for row in live_rows}
    ]
    assert kept == live_rows
    return live_rows


async def force_status(build: Builder, assignment_id: int, status: str) -> None:
    """A status set directly, tallies recounted: the transition tests start from every status."""
    async with build.sessions() as session, session.begin():
        row = await session.get(Assignment, assignment_id)
        assert row is not None
        row.status = status
        await session.flush()
        await tally.recount(session, row.plan_id)


def evidence(name: str = "会议记录.pdf") -> dict[str, Any]:
    return {"name": name, "size": 2048, "checksum": "ab" * 32, "contentType": "application/pdf"}
