"""The items of an editable plan: added from ticked templates or entered, then edited or removed.

Every change bumps the plan's version: a plan is edited as a whole, and two people editing it at once must
not overwrite each other's items unseen.
"""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, exists, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain import audit
from domain.errors import CommonError, DomainError, not_found
from domain.tasks import plan_executors
from domain.tasks.errors import TaskError
from domain.tasks.models import AssignmentMilestone, Plan, PlanItem, PlanMilestone
from domain.tasks.plan_rules import (
    MAX_ITEMS,
    REASON_MAX,
    CleanItem,
    Field,
    FromTemplates,
    ItemFields,
    check_dates,
    clean_item,
)
from domain.tasks.plans import plan_for_write, require_editable, touch
from domain.tasks.templates import items_from_templates
from domain.texts import optional_text
from domain.timeutil import utcnow

ITEM_FIELD = "itemId"
MILESTONES = PlanMilestone.__table__  # type: ignore[attr-defined]


async def add_items(
    session: AsyncSession,
    *,
    actor: Actor,
    plan_id: int,
    version: int,
    from_templates: FromTemplates | None,
    items: Sequence[ItemFields],
    today: date,
) -> Plan:
    plan = await plan_for_write(session, actor=actor, plan_id=plan_id, version=version)
    require_editable(plan)
    count = len(items) + (len(from_templates.template_ids) if from_templates else 0)
    if count == 0:
        raise DomainError(CommonError.INVALID_INPUT, "请勾选模板或填写至少一项任务", field=["items"])
    if count > MAX_ITEMS:
        raise DomainError(TaskError.TOO_MANY_ITEMS, f"一次最多添加 {MAX_ITEMS} 项任务", field=["items"])
    position = int(
        await session.scalar(select(func.max(col(PlanItem.position))).where(col(PlanItem.plan_id) == plan_id)) or 0
    )
    added: list[PlanItem] = []
    if from_templates is not None:
        at = ["fromTemplates"]
        check_dates(plan.year, from_templates.starts_on, from_templates.starts_on, at)
        generated = await items_from_templates(session, from_templates, plan.org_path)
        resolved = await plan_executors.resolve(session, from_templates.executors, plan.org_path, at)
        batch = await _write(session, plan, generated, position)
        await plan_executors.attach(session, [i.id for i in batch if i.id is not None], resolved)
        added.extend(batch)
        position += len(batch)
    for i, fields in enumerate(items):
        at = ["items", str(i)]
        clean = clean_item(fields, plan.year, at)
        resolved = await plan_executors.resolve(session, fields.executors, plan.org_path, at)
        await plan_executors.check_person(
            session,
            actor,
            member_id=clean.executor_member_id,
            user_id=clean.executor_user_id,
            plan_path=plan.org_path,
            at=at,
        )
        (item,) = await _write(session, plan, [(clean, None)], position)
        assert item.id is not None
        await plan_executors.attach(session, [item.id], resolved)
        added.append(item)
        position += 1
    touch(plan)
    await session.flush()
    audit.note(
        session, changes={"items_added": [{"id": i.id, "title": i.title, "template_id": i.template_id} for i in added]}
    )
    return plan


async def _write(
    session: AsyncSession, plan: Plan, cleans: Sequence[tuple[CleanItem, int | None]], position: int
) -> list[PlanItem]:
    assert plan.id is not None
    items = [
        PlanItem(
            plan_id=plan.id,
            position=position + k + 1,
            template_id=template_id,
            **{name: getattr(clean, name) for name in _COLUMNS},
        )
        for k, (clean, template_id) in enumerate(cleans)
    ]
    session.add_all(items)
    await session.flush()
    rows = [
        {"item_id": item.id, "position": p, "title": m.title, "due_on": m.due_on}
        for item, (clean, _) in zip(items, cleans, strict=True)
        for p, m in enumerate(clean.milestones)
    ]
    if rows:
        await session.execute(insert(MILESTONES), rows)
    return items


_COLUMNS = (
    "title",
    "category",
    "objective",
    "managing_department",
    "responsible_section",
    "executor_member_id",
    "executor_user_id",
    "starts_on",
    "due_on",
    "budget_fen",
)


async def _item_for_write(session: AsyncSession, actor: Actor, item_id: int, version: int) -> tuple[Plan, PlanItem]:
    item = await session.get(PlanItem, item_id)
    if item is None:
        raise not_found("任务", field=[ITEM_FIELD])
    plan = await plan_for_write(
        session, actor=actor, plan_id=item.plan_id, version=version, field=ITEM_FIELD, what="任务"
    )
    audit.note(session, object_type="PlanItem", object_id=item_id)
    require_editable(plan)
    if item.cancelled_at is not None:
        raise DomainError(TaskError.INVALID_TRANSITION, "该任务已在修订中取消", field=[ITEM_FIELD])
    return plan, item


async def update_item(
    session: AsyncSession, *, actor: Actor, item_id: int, version: int, fields: ItemFields, today: date
) -> Plan:
    """Replaces the item's fields, its executing orgs and its milestones with those given."""
    plan, item = await _item_for_write(session, actor, item_id, version)
    at: Field = ["item"]  # the input nests the item's fields
    clean = clean_item(fields, plan.year, at)
    resolved = await plan_executors.resolve(session, fields.executors, plan.org_path, at)
    await plan_executors.check_person(
        session,
        actor,
        member_id=clean.executor_member_id,
        user_id=clean.executor_user_id,
        plan_path=plan.org_path,
        at=at,
    )
    before = {name: getattr(item, name) for name in _COLUMNS}
    for name in _COLUMNS:
        setattr(item, name, getattr(clean, name))
    item.updated_at = utcnow()
    await plan_executors.detach(session, item_id)
    await plan_executors.attach(session, [item_id], resolved)
    await _replace_milestones(session, item_id, clean)
    touch(plan)
    await session.flush()
    audit.note(session, changes=audit.diff(before, {name: getattr(item, name) for name in _COLUMNS}))
    return plan


async def _replace_milestones(session: AsyncSession, item_id: int, clean: CleanItem) -> None:
    """Kept by position, so that steps already reported done keep their record; a step with such a record
    cannot be dropped (it would take the executing org's report with it)."""
    rows = await session.execute(
        select(PlanMilestone).where(col(PlanMilestone.item_id) == item_id).order_by(col(PlanMilestone.position))
    )
    old = list(rows.scalars())
    for k, step in enumerate(clean.milestones):
        if k < len(old):
            old[k].title, old[k].due_on = step.title, step.due_on
        else:
            session.add(PlanMilestone(item_id=item_id, position=k, title=step.title, due_on=step.due_on))
    dropped = [m.id for m in old[len(clean.milestones) :]]
    if not dropped:
        return
    if await session.scalar(select(exists().where(col(AssignmentMilestone.milestone_id).in_(dropped)))):
        raise DomainError(
            CommonError.INVALID_INPUT, "已有执行单位报告完成的关键节点不能删除", field=["item", "milestones"]
        )
    await session.execute(delete(PlanMilestone).where(col(PlanMilestone.id).in_(dropped)))


async def remove_item(
    session: AsyncSession, *, actor: Actor, item_id: int, version: int, reason: str | None, today: date
) -> Plan:
    """A draft never approved loses the item outright; a revision cancels it with a reason, and approval of
    the revision cancels its assignments."""
    plan, item = await _item_for_write(session, actor, item_id, version)
    if plan.revision == 0:
        await session.execute(delete(PlanMilestone).where(col(PlanMilestone.item_id) == item_id))
        await plan_executors.detach(session, item_id)
        await session.delete(item)
        changes: dict[str, object] = {"deleted": item.title}
    else:
        text = optional_text(reason, ["reason"], REASON_MAX, lines=True)
        if text is None:
            raise DomainError(CommonError.REASON_REQUIRED, "修订中取消任务须写明理由", field=["reason"])
        item.cancelled_at, item.cancel_reason, item.updated_at = utcnow(), text, utcnow()
        changes = {"cancelled": item.title, "reason": text}
    touch(plan)
    await session.flush()
    audit.note(session, changes=changes)
    return plan
