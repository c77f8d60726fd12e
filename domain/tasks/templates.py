"""A committee's task library (任务库): templates, versioned, that plans at or below the committee start from.

Editing a template adds a version of the same lineage and supersedes the old one; a plan item keeps the
exact version it came from, and only current versions are offered to new items.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.guard import require_visible
from authz.roles import Action, Resource
from domain import audit
from domain.errors import CommonError, DomainError, forbidden, not_found, stale_version
from domain.money import to_fen
from domain.orgs.models import Organization, OrgType
from domain.tasks.enums import TaskCategory
from domain.tasks.errors import TaskError
from domain.tasks.models import TaskTemplate
from domain.tasks.plan_rules import (
    OBJECTIVE_MAX,
    TITLE_MAX,
    UNIT_MAX,
    CleanItem,
    FromTemplates,
    template_due_on,
    template_milestones,
)
from domain.texts import optional_text, required_text
from domain.timeutil import utcnow
from domain.tree import ancestor_paths

DESCRIPTION_MAX = 2000
MAX_DURATION_DAYS = 366
ORG_FIELD = "organizationId"
TEMPLATE_FIELD = "templateId"


@dataclass(frozen=True)
class TemplateMilestone:
    title: str
    offset_days: int


@dataclass(frozen=True)
class TemplateFields:
    title: str
    category: TaskCategory
    description: str | None = None
    objective: str | None = None
    department: str | None = None
    section: str | None = None
    budget: Decimal | None = None
    duration_days: int | None = None
    milestones: tuple[TemplateMilestone, ...] = ()


def _columns(fields: TemplateFields) -> dict[str, Any]:
    duration = fields.duration_days
    if duration is not None and not 1 <= duration <= MAX_DURATION_DAYS:
        raise DomainError(
            CommonError.INVALID_INPUT, f"期限须为 1 到 {MAX_DURATION_DAYS} 天", field=["defaultDurationDays"]
        )
    steps = []
    for k, step in enumerate(fields.milestones):
        at = ["defaultMilestones", str(k)]
        title = required_text(step.title, [*at, "title"], TITLE_MAX)
        if step.offset_days < 0 or (duration is not None and step.offset_days > duration):
            raise DomainError(
                TaskError.MILESTONE_OUT_OF_RANGE,
                "关键节点须在任务期限之内（开始后 0 天到期限天数）",
                field=[*at, "offsetDays"],
            )
        steps.append({"title": title, "offsetDays": step.offset_days})
    return {
        "title": required_text(fields.title, ["title"], TITLE_MAX),
        "category": fields.category.value,
        "description": optional_text(fields.description, ["description"], DESCRIPTION_MAX, lines=True),
        "default_objective": optional_text(fields.objective, ["defaultObjective"], OBJECTIVE_MAX, lines=True),
        "default_department": optional_text(fields.department, ["defaultDepartment"], UNIT_MAX),
        "default_section": optional_text(fields.section, ["defaultSection"], UNIT_MAX),
        "default_budget_fen": to_fen(fields.budget, ["defaultBudget"]),
        "default_duration_days": duration,
        "default_milestones": steps,
    }


def _check_writer(actor: Actor, org: Organization) -> None:
    if not AUTHORIZER.can(actor, org.path, Resource.TASK, Action.WRITE):
        raise forbidden("无权维护该党委的任务库")


async def create_template(
    session: AsyncSession, *, actor: Actor, organization_id: int, fields: TemplateFields, today: date
) -> TaskTemplate:
    audit.note(session, object_type="TaskTemplate")
    org = await session.get(Organization, organization_id)
    if org is None:
        raise not_found("组织", field=[ORG_FIELD])
    require_visible(actor, org.path, Resource.TASK, "组织", field=ORG_FIELD)
    audit.note(session, org_id=org.id, org_path=org.path)
    _check_writer(actor, org)
    if org.type != OrgType.COMMITTEE or org.dissolved_on is not None:
        raise DomainError(TaskError.LIBRARY_NOT_A_COMMITTEE, "只有未撤销的党委设有任务库", field=[ORG_FIELD])
    template = TaskTemplate(
        organization_id=organization_id, org_path=org.path, created_by=actor.user_id, **_columns(fields)
    )
    session.add(template)
    await session.flush()
    template.lineage_id = template.id
    await session.flush()
    audit.note(session, object_id=template.id, changes=_changes(template))
    return template


async def update_template(
    session: AsyncSession, *, actor: Actor, template_id: int, version: int, fields: TemplateFields, today: date
) -> TaskTemplate:
    """A new version of the template's lineage; `version` is the one the editor saw (the current one)."""
    audit.note(session, object_type="TaskTemplate", object_id=template_id)
    old = (
        await session.execute(select(TaskTemplate).where(col(TaskTemplate.id) == template_id).with_for_update())
    ).scalar_one_or_none()
    if old is None:
        raise not_found("任务模板", field=[TEMPLATE_FIELD])
    require_visible(actor, old.org_path, Resource.TASK, "任务模板", field=TEMPLATE_FIELD)
    audit.note(session, org_id=old.organization_id, org_path=old.org_path)
    org = await session.get(Organization, old.organization_id)
    assert org is not None  # orgs are dissolved, never deleted
    _check_writer(actor, org)
    if old.superseded_at is not None or version != old.version:
        current = await session.scalar(
            select(col(TaskTemplate.version)).where(
                col(TaskTemplate.lineage_id) == old.lineage_id, col(TaskTemplate.superseded_at).is_(None)
            )
        )
        raise stale_version(int(current or old.version))
    if org.dissolved_on is not None:
        raise DomainError(TaskError.LIBRARY_NOT_A_COMMITTEE, "该党委已撤销，其任务库不再维护", field=[TEMPLATE_FIELD])
    new = TaskTemplate(
        lineage_id=old.lineage_id,
        version=old.version + 1,
        organization_id=old.organization_id,
        org_path=old.org_path,
        created_by=actor.user_id,
        **_columns(fields),
    )
    await session.execute(
        update(TaskTemplate).where(col(TaskTemplate.id) == template_id).values(superseded_at=utcnow())
    )
    try:
        async with session.begin_nested():
            session.add(new)
    except IntegrityError:  # another editor's version got there first, past the lock (SQLite has none)
        raise stale_version(old.version + 1) from None
    audit.note(session, object_id=new.id, changes={"version": new.version, **_changes(new)})
    return new


def _changes(template: TaskTemplate) -> dict[str, object]:
    return {
        "title": template.title,
        "category": template.category,
        "default_budget_fen": template.default_budget_fen,
        "default_duration_days": template.default_duration_days,
        "default_milestones": template.default_milestones,
    }


async def items_from_templates(
    session: AsyncSession, chosen: FromTemplates, plan_path: str
) -> list[tuple[CleanItem, int | None]]:
    """Items with each template's defaults, dated from the common start. A template is available to a plan
    when it is current and kept by the plan's org or a committee above it."""
    ids = chosen.template_ids
    rows = await session.execute(
        select(TaskTemplate).where(
            col(TaskTemplate.id).in_(ids),
            col(TaskTemplate.superseded_at).is_(None),
            col(TaskTemplate.org_path).in_(ancestor_paths(plan_path)),
        )
    )
    found = {t.id: t for t in rows.scalars()}
    items: list[tuple[CleanItem, int | None]] = []
    for i, template_id in enumerate(ids):
        t = found.get(template_id)
        if t is None:
            raise DomainError(
                TaskError.TEMPLATE_NOT_AVAILABLE,
                "该模板不在本组织或上级党委的任务库中，或已有新版本",
                field=["fromTemplates", "templateIds", str(i)],
            )
        due_on = template_due_on(chosen.starts_on, t.default_duration_days)
        items.append((_item_of(t, chosen.starts_on, due_on), t.id))
    return items


def _item_of(t: TaskTemplate, starts_on: date, due_on: date) -> CleanItem:
    return CleanItem(
        title=t.title,
        category=t.category,
        objective=t.default_objective,
        managing_department=t.default_department,
        responsible_section=t.default_section,
        executor_member_id=None,
        executor_user_id=None,
        starts_on=starts_on,
        due_on=due_on,
        budget_fen=t.default_budget_fen or 0,
        milestones=template_milestones(starts_on, due_on, t.default_milestones),
    )
