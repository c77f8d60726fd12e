"""Distribution (任务下达): an approved plan, or an approved revision of it, becomes org-level assignments.

A committee plan fans out to every branch below it (10,000 and more), so each step is one set-based
statement (INSERT .. SELECT, UPDATE .. FROM), never a loop over orgs:
1. every live item x executing org without an org-level assignment gets one (ASSIGNED);
2. open ones (not ACCEPTED/CANCELLED) of live items whose title, dates or budget changed take the item's;
   a part due after its whole's new due date is brought forward to it;
3. those of cancelled items, or of orgs no longer executing their item, are cancelled with their open
   parts, each with a review row saying why;
4. the plan's item tallies are recounted from the assignments.
An assignment that was cancelled stays cancelled even if its org is added back later: it keeps its history
(and the unique index allows one org-level assignment per item and org).
"""

from datetime import date

from sqlalchemy import ColumnElement, and_, exists, insert, literal, not_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.orgs.models import Organization
from domain.tasks import tally
from domain.tasks.enums import FINAL, AssignmentStatus
from domain.tasks.models import Assignment, AssignmentReview, Plan, PlanItem, PlanItemExecutor
from domain.timeutil import utcnow

REVISION_REASON = "计划修订取消该任务"
A_TABLE = Assignment.__table__  # type: ignore[attr-defined]
A = A_TABLE.c
ITEM_TABLE = PlanItem.__table__  # type: ignore[attr-defined]
ITEMS = ITEM_TABLE.c
EXECUTOR_TABLE = PlanItemExecutor.__table__  # type: ignore[attr-defined]
EXECUTORS = EXECUTOR_TABLE.c
ORG_TABLE = Organization.__table__  # type: ignore[attr-defined]
ORGS = ORG_TABLE.c
REVIEWS = AssignmentReview.__table__  # type: ignore[attr-defined]
FINAL_VALUES = [s.value for s in FINAL]


async def distribute(session: AsyncSession, *, plan: Plan, today: date) -> None:
    """Bring the plan's assignments in line with its items and executors (see the module's docstring).
    `today` is not needed by the rules yet; it is taken so that a dated rule can come without a new call."""
    assert plan.id is not None
    now = utcnow()
    await _create_missing(session, plan, now)
    await _follow_items(session, plan.id, now)
    await _cancel_dropped(session, plan.id, now)
    await tally.recount(session, plan.id)
    await session.flush()


def _has_org_level(item_id: object, org_id: object) -> ColumnElement[bool]:
    return exists().where(A.item_id == item_id, A.organization_id == org_id, A.parent_id.is_(None))


async def _create_missing(session: AsyncSession, plan: Plan, now: object) -> None:
    source = (
        select(
            literal(plan.id).label("plan_id"),
            ITEMS.id,
            literal(plan.year).label("year"),
            ORGS.id.label("organization_id"),
            ORGS.path,
            ITEMS.title,
            ITEMS.starts_on,
            ITEMS.due_on,
            literal(AssignmentStatus.ASSIGNED.value).label("status"),
            literal(0).label("percent"),
            ITEMS.budget_fen,
            literal(0).label("spent_fen"),
            literal(1).label("version"),
            literal(now).label("created_at"),
            literal(now).label("updated_at"),
        )
        .select_from(
            EXECUTOR_TABLE.join(ITEM_TABLE, ITEMS.id == EXECUTORS.item_id).join(
                ORG_TABLE, ORGS.id == EXECUTORS.organization_id
            )
        )
        .where(
            ITEMS.plan_id == plan.id,
            ITEMS.cancelled_at.is_(None),
            not_(_has_org_level(ITEMS.id, EXECUTORS.organization_id)),
        )
    )
    columns = [
        "plan_id",
        "item_id",
        "year",
        "organization_id",
        "org_path",
        "title",
        "starts_on",
        "due_on",
        "status",
        "percent",
        "budget_fen",
        "spent_fen",
        "version",
        "created_at",
        "updated_at",
    ]
    await session.execute(insert(A_TABLE).from_select(columns, source))


async def _follow_items(session: AsyncSession, plan_id: int, now: object) -> None:
    changed = or_(
        A.title != ITEMS.title,
        A.starts_on != ITEMS.starts_on,
        A.due_on != ITEMS.due_on,
        A.budget_fen != ITEMS.budget_fen,
    )
    await session.execute(
        update(A_TABLE)
        .where(
            A.item_id == ITEMS.id,
            ITEMS.plan_id == plan_id,
            ITEMS.cancelled_at.is_(None),
            A.parent_id.is_(None),
            A.status.not_in(FINAL_VALUES),
            changed,
        )
        .values(
            title=ITEMS.title,
            starts_on=ITEMS.starts_on,
            due_on=ITEMS.due_on,
            budget_fen=ITEMS.budget_fen,
            version=A.version + 1,
            updated_at=now,
        )
    )
    # A part may not be due after its whole (splitAssignment's rule): an earlier whole pulls its parts in.
    whole = A_TABLE.alias("whole")
    await session.execute(
        update(A_TABLE)
        .where(
            A.parent_id == whole.c.id,
            whole.c.plan_id == plan_id,
            A.status.not_in(FINAL_VALUES),
            A.due_on > whole.c.due_on,
        )
        .values(due_on=whole.c.due_on, version=A.version + 1, updated_at=now)
    )


def _dropped(plan_id: int) -> ColumnElement[bool]:
    """Open org-level assignments of the plan whose item was cancelled or whose org no longer executes it."""
    item_cancelled = exists().where(ITEMS.id == A.item_id, ITEMS.cancelled_at.is_not(None))
    still_executing = exists().where(EXECUTORS.item_id == A.item_id, EXECUTORS.organization_id == A.organization_id)
    return and_(
        A.plan_id == plan_id,
        A.parent_id.is_(None),
        A.status.not_in(FINAL_VALUES),
        or_(item_cancelled, not_(still_executing)),
    )


async def _cancel_dropped(session: AsyncSession, plan_id: int, now: object) -> None:
    whole = A_TABLE.alias("whole")
    parent_dropped = exists().where(
        whole.c.id == A.parent_id,
        whole.c.plan_id == plan_id,
        whole.c.status.not_in(FINAL_VALUES),
        or_(
            exists().where(ITEMS.id == whole.c.item_id, ITEMS.cancelled_at.is_not(None)),
            not_(
                exists().where(
                    EXECUTORS.item_id == whole.c.item_id, EXECUTORS.organization_id == whole.c.organization_id
                )
            ),
        ),
    )
    open_parts = and_(A.parent_id.is_not(None), A.status.not_in(FINAL_VALUES), parent_dropped)
    # The review rows first, while the rows to cancel can still be told by their status.
    for target in (open_parts, _dropped(plan_id)):
        rows = select(
            A.id,
            literal(AssignmentStatus.CANCELLED.value),
            literal(REVISION_REASON),
            literal(now),
        ).where(target)
        await session.execute(insert(REVIEWS).from_select(["assignment_id", "outcome", "reason", "decided_at"], rows))
    # Parts before their wholes: the parts' test looks at the whole's status.
    for target in (open_parts, _dropped(plan_id)):
        await session.execute(
            update(A_TABLE)
            .where(target)
            .values(
                status=AssignmentStatus.CANCELLED.value,
                cancel_reason=REVISION_REASON,
                version=A.version + 1,
                updated_at=now,
            )
        )
