"""Who executes an item: orgs of the plan org's subtree (itself included), and an optional person.

"Every branch under X" is resolved in SQL (INSERT ... SELECT): a committee's item may go to ten thousand
branches, and none of them passes through Python.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, exists, insert, literal, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from domain.accounts.service import visible_user
from domain.errors import DomainError
from domain.members.enums import RecordState
from domain.members.models import Member
from domain.orgs.models import Organization
from domain.tasks.errors import TaskError
from domain.tasks.models import PlanItem, PlanItemExecutor
from domain.tasks.plan_rules import Executors, Field, check_executor_count
from domain.tree import in_subtree

ORGS = Organization.__table__.c  # type: ignore[attr-defined]
EXECUTORS = PlanItemExecutor.__table__  # type: ignore[attr-defined]
MEMBERS = Member.__table__.c  # type: ignore[attr-defined]
ITEMS = PlanItem.__table__  # type: ignore[attr-defined]


def _out_of_scope(at: Field) -> DomainError:
    return DomainError(TaskError.EXECUTOR_OUT_OF_SCOPE, "执行单位或执行人须在计划所属组织的范围内", field=at)


@dataclass(frozen=True)
class ResolvedExecutors:
    organization_ids: tuple[int, ...]
    under_path: str | None
    org_types: tuple[str, ...]


async def resolve(session: AsyncSession, executors: Executors, plan_path: str, at: Field) -> ResolvedExecutors:
    """Checks that every named org lives in the plan org's subtree, and that "every X under Y" finds one."""
    check_executor_count(executors, at)
    ids = tuple(dict.fromkeys(executors.organization_ids))
    found = {}
    if ids:
        rows = await session.execute(select(ORGS.id, ORGS.path, ORGS.dissolved_on).where(ORGS.id.in_(ids)))
        found = {row.id: row for row in rows}
    for j, org_id in enumerate(executors.organization_ids):
        row = found.get(org_id)
        if row is None or not row.path.startswith(plan_path) or row.dissolved_on is not None:
            raise _out_of_scope([*at, "executingOrganizationIds", str(j)])
    under = executors.org_types_under
    if under is None:
        return ResolvedExecutors(ids, None, ())
    here = [*at, "executingOrgTypesUnder"]
    top = await session.get(Organization, under.organization_id)
    if top is None or not top.path.startswith(plan_path) or top.dissolved_on is not None:
        raise _out_of_scope([*here, "organizationId"])
    types = tuple(sorted({t.value for t in under.org_types}))
    resolved = ResolvedExecutors(ids, top.path, types)
    if not ids and not await session.scalar(select(literal(1)).where(_typed_under(resolved)).limit(1)):
        raise DomainError(TaskError.EXECUTOR_REQUIRED, f"“{top.name}”以下没有所选类型的组织", field=[*here, "orgTypes"])
    return resolved


def _typed_under(resolved: ResolvedExecutors) -> ColumnElement[bool]:
    assert resolved.under_path is not None
    where: ColumnElement[bool] = in_subtree(ORGS.path, resolved.under_path)
    return and_(where, ORGS.type.in_(resolved.org_types), ORGS.dissolved_on.is_(None))


async def attach(session: AsyncSession, item_ids: Sequence[int], resolved: ResolvedExecutors) -> None:
    """Executor rows for each item: the named orgs, then the typed ones not named already (in one statement
    for every item of a batch, however many orgs it finds)."""
    if resolved.organization_ids:
        rows = [{"item_id": i, "organization_id": o} for i in item_ids for o in resolved.organization_ids]
        await session.execute(insert(EXECUTORS), rows)
    if resolved.under_path is None:
        return
    named = exists().where(EXECUTORS.c.item_id == ITEMS.c.id, EXECUTORS.c.organization_id == ORGS.id)
    chosen = (
        select(ITEMS.c.id, ORGS.id)
        .select_from(ITEMS.join(Organization.__table__, true()))  # type: ignore[attr-defined]
        .where(ITEMS.c.id.in_(list(item_ids)), _typed_under(resolved), ~named)
    )
    await session.execute(insert(EXECUTORS).from_select(["item_id", "organization_id"], chosen))


async def detach(session: AsyncSession, item_id: int) -> None:
    await session.execute(delete(EXECUTORS).where(EXECUTORS.c.item_id == item_id))


async def check_person(
    session: AsyncSession, actor: Actor, *, member_id: int | None, user_id: int | None, plan_path: str, at: Field
) -> None:
    """The executor (执行人): a member on a roll of the plan org's subtree, or an account the actor can see."""
    if member_id is not None:
        on_roll = await session.scalar(
            select(literal(1)).where(
                MEMBERS.id == member_id,
                in_subtree(MEMBERS.org_path, plan_path),
                MEMBERS.record_state == RecordState.ACTIVE,
            )
        )
        if not on_roll:
            raise _out_of_scope([*at, "executorMemberId"])
    if user_id is not None and await visible_user(session, actor=actor, user_id=user_id) is None:
        raise _out_of_scope([*at, "executorUserId"])
