"""What waits for the signed-in user (待办): approvals to decide, assignments to carry out, work returned to
them, and submitted work to review. This is what the office platform embeds.

Every part is read from the actor's grants as they are: the org nodes where a grant gives task write (a
grant over a subtree counts at its own node, not at every org below it: a committee's people are not asked
to do every branch's work) and the member records linked to the account. Each part is then one indexed
read, whatever the size of the tree.

Each part is visible by construction, so no read scope is added (on a committee's tens of thousands of
submitted assignments it cost a heap visit per row): an org's own work lies at a node where the actor holds
task write, hence read; a member's own part is theirs; work to review comes from plans of orgs where a
task-write grant covers the whole subtree, where every executing org lies (a grant on a committee's node
alone does not reach its branches' work, so it brings none to review).
"""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.approvals import pending_for
from authz.authorizer import role_permissions
from authz.roles import Action, Resource
from domain.approvals.enums import ApprovalStatus
from domain.approvals.models import ApprovalDecision, ApprovalRequest
from domain.errors import CommonError, DomainError
from domain.members.models import Member
from domain.paging import Page, PageRequest, make_page
from domain.tasks import assignment_reads
from domain.tasks.enums import OPEN, AssignmentStatus
from domain.tasks.models import Assignment, Plan, PlanItem

REQUESTS = ApprovalRequest.__table__.c  # type: ignore[attr-defined]
DECISIONS = ApprovalDecision.__table__.c  # type: ignore[attr-defined]
ASSIGNMENTS = Assignment.__table__.c  # type: ignore[attr-defined]
PLANS = Plan.__table__.c  # type: ignore[attr-defined]
ITEMS = PlanItem.__table__.c  # type: ignore[attr-defined]
MEMBERS = Member.__table__.c  # type: ignore[attr-defined]
APPROVAL_KEY = (int,)  # in the order they were sent
ASSIGNMENT_KEY = (str, int)  # (due_on, id): the most urgent first


def writer_org_ids(actor: Actor, *, subtree: bool = False) -> list[int]:
    """The org nodes where one of the actor's grants gives task write (over their subtree, if asked)."""
    perms = role_permissions()
    return sorted(
        {
            g.organization_id
            for g in actor.grants
            if g.organization_id is not None
            and (Resource.TASK, Action.WRITE.value) in perms[g.role]
            and (g.subtree or not subtree)
        }
    )


def approvals_waiting(actor: Actor) -> ColumnElement[bool]:
    """Pending requests whose step now waits for a role the actor holds there; never one's own request, nor
    one whose earlier step the actor decided (a route of several steps asks for several people)."""
    decided = exists().where(DECISIONS.request_id == REQUESTS.id, DECISIONS.decided_by == actor.user_id)
    return and_(
        REQUESTS.status == ApprovalStatus.PENDING,
        pending_for(actor, REQUESTS.pending_role, REQUESTS.pending_path),
        or_(REQUESTS.requested_by.is_(None), REQUESTS.requested_by != actor.user_id),
        ~decided,
    )


def own_work(actor: Actor) -> ColumnElement[bool]:
    """Org-level assignments of the orgs the actor works for, and the actor's own parts as a member."""
    org_ids = writer_org_ids(actor)
    org_level = and_(ASSIGNMENTS.parent_id.is_(None), ASSIGNMENTS.organization_id.in_(org_ids)) if org_ids else false()
    return or_(org_level, assignment_reads.own_part(actor))


async def review_filters(session: AsyncSession, actor: Actor) -> list[ColumnElement[bool]]:
    """Submitted work the actor reviews as its issuer, as separate sets (each served by its own index, where
    an OR of them was a scan of every assignment): org-level assignments of plans of orgs where the actor's
    task-write grant covers the subtree, and members' parts of the actor's orgs' assignments.

    The plans are read first and named by id: PostgreSQL then knows from its statistics whether a plan has
    100,000 submitted (read them in due order) or a few hundred (fetch and sort); behind a subquery it
    guessed a few hundred for the company plan too and sorted 100,000 rows (460 ms in bench/)."""
    org_ids, issuer_ids = writer_org_ids(actor), writer_org_ids(actor, subtree=True)
    submitted = ASSIGNMENTS.status == AssignmentStatus.SUBMITTED
    found = []
    if issuer_ids:
        plans = (await session.execute(select(PLANS.id).where(PLANS.organization_id.in_(issuer_ids)))).scalars()
        plan_ids = list(plans)
        if plan_ids:
            found.append(and_(submitted, ASSIGNMENTS.parent_id.is_(None), ASSIGNMENTS.plan_id.in_(plan_ids)))
    if org_ids:
        found.append(and_(submitted, ASSIGNMENTS.parent_id.is_not(None), ASSIGNMENTS.organization_id.in_(org_ids)))
    return found


async def part_filters(session: AsyncSession, actor: Actor, part: str) -> list[ColumnElement[bool]]:
    """A part's assignments, as one or more disjoint sets (visible by construction: see the module's
    docstring)."""
    if part == "to_review":
        return await review_filters(session, actor)
    return [own_filter(actor, part)]


_OWN_STATUSES = {"assignments": OPEN, "returned": (AssignmentStatus.RETURNED,)}


def own_filter(actor: Actor, part: str) -> ColumnElement[bool]:
    """The actor's own work to carry out, or returned to them."""
    return and_(ASSIGNMENTS.status.in_(_OWN_STATUSES[part]), own_work(actor))


def cursor_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"]) from error


async def approvals_page(session: AsyncSession, *, actor: Actor, page: PageRequest) -> Page[Any]:
    statement = select(*REQUESTS).where(approvals_waiting(actor))
    if page.after:
        statement = statement.where(REQUESTS.id > int(page.after[0]))
    rows = (await session.execute(statement.order_by(REQUESTS.id).limit(page.first + 1))).all()
    return make_page(rows, page, lambda row: [row.id])


async def assignments_page(session: AsyncSession, *, actor: Actor, part: str, page: PageRequest) -> Page[Any]:
    """The most urgent first: each set's first page by (due_on, id), merged."""
    rows: list[Any] = []
    for where in await part_filters(session, actor, part):
        statement = assignment_reads.rows_with_plan(where)  # with the plan's title, as every read gives it
        if page.after:
            due, last_id = cursor_date(page.after[0]), int(page.after[1])
            statement = statement.where(
                or_(ASSIGNMENTS.due_on > due, and_(ASSIGNMENTS.due_on == due, ASSIGNMENTS.id > last_id))
            )
        statement = statement.order_by(ASSIGNMENTS.due_on, ASSIGNMENTS.id).limit(page.first + 1)
        rows.extend((await session.execute(statement)).all())
    rows.sort(key=lambda row: (row.due_on, row.id))
    return make_page(rows[: page.first + 1], page, lambda row: [row.due_on.isoformat(), row.id])


PARTS = ("approvals", "assignments", "returned", "to_review")


def _count(actor: Actor, part: str) -> Any:
    table = Assignment.__table__  # type: ignore[attr-defined]
    if part == "approvals":
        table = ApprovalRequest.__table__  # type: ignore[attr-defined]
        return select(func.count()).select_from(table).where(approvals_waiting(actor)).scalar_subquery()
    if part == "to_review":
        return _review_count(actor)
    return select(func.count()).select_from(table).where(own_filter(actor, part)).scalar_subquery()


def _review_count(actor: Actor) -> Any:
    """Submitted org-level work from the items' tallies (a committee's plan can have 100,000 of them waiting,
    which counting rows would visit one by one), plus the submitted parts, which are few."""
    org_ids, issuer_ids = writer_org_ids(actor), writer_org_ids(actor, subtree=True)
    wholes = (
        select(func.coalesce(func.sum(ITEMS.submitted_count), 0))
        .join(Plan.__table__, PLANS.id == ITEMS.plan_id)  # type: ignore[attr-defined]
        .where(PLANS.organization_id.in_(issuer_ids) if issuer_ids else false())
        .scalar_subquery()
    )
    parts = (
        select(func.count())
        .select_from(Assignment.__table__)  # type: ignore[attr-defined]
        .where(
            ASSIGNMENTS.status == AssignmentStatus.SUBMITTED,
            ASSIGNMENTS.parent_id.is_not(None),
            ASSIGNMENTS.organization_id.in_(org_ids) if org_ids else false(),
        )
        .scalar_subquery()
    )
    return wholes + parts


async def count(session: AsyncSession, *, actor: Actor, part: str) -> int:
    return int(await session.scalar(select(_count(actor, part))) or 0)


async def counts(session: AsyncSession, *, actor: Actor) -> dict[str, int]:
    """Every part's count in one statement: a badge asks for them on every page."""
    row = (await session.execute(select(*(_count(actor, p).label(p) for p in PARTS)))).one()
    return {p: int(getattr(row, p)) for p in PARTS}
