"""A year's plan (工作计划): drawing it up, sending it for approval, and opening an approved one for revision.

Items are edited in plan_items.py; the approval's outcome comes back through plan_subject.py, which this
module imports so that the PLAN subject is registered wherever plans are used.
"""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.guard import require_visible
from authz.roles import Action, Resource
from domain import audit
from domain.approvals import service as approvals
from domain.errors import DomainError, forbidden, not_found, stale_version
from domain.orgs.errors import OrgError
from domain.orgs.models import Organization
from domain.tasks import plan_subject
from domain.tasks.enums import EDITABLE, PlanStatus
from domain.tasks.errors import TaskError
from domain.tasks.models import Plan, PlanItem
from domain.tasks.plan_rules import TITLE_MAX, check_year
from domain.texts import required_text
from domain.timeutil import utcnow

ORG_FIELD = "organizationId"
PLAN_FIELD = "planId"


async def create_plan(
    session: AsyncSession, *, actor: Actor, organization_id: int, year: int, title: str, today: date
) -> Plan:
    audit.note(session, object_type="Plan")
    org = await session.get(Organization, organization_id)
    if org is None:
        raise not_found("组织", field=[ORG_FIELD])
    require_visible(actor, org.path, Resource.TASK, "组织", field=ORG_FIELD)
    audit.note(session, org_id=org.id, org_path=org.path)
    if not AUTHORIZER.can(actor, org.path, Resource.TASK, Action.WRITE):
        raise forbidden("无权为该组织制定计划")
    if org.dissolved_on is not None:
        raise DomainError(OrgError.ORG_DISSOLVED, f"组织“{org.name}”已撤销", field=[ORG_FIELD])
    check_year(year, today)
    plan = Plan(
        organization_id=organization_id,
        org_path=org.path,
        year=year,
        title=required_text(title, ["title"], TITLE_MAX),
        status=PlanStatus.DRAFT,
        created_by=actor.user_id,
    )
    session.add(plan)
    await session.flush()
    audit.note(session, object_id=plan.id, changes={"year": year, "title": plan.title, "status": plan.status})
    return plan


async def plan_for_write(
    session: AsyncSession,
    *,
    actor: Actor,
    plan_id: int,
    version: int | None,
    field: str = PLAN_FIELD,
    what: str = "计划",
) -> Plan:
    """The plan, locked, for someone with task write at its org, at the version they saw. Concurrent edits
    of one plan queue on the lock; the version tells the later one that the plan has changed. `what` and
    `field` name what the caller was given (an item's id reaches its plan)."""
    audit.note(session, object_type="Plan", object_id=plan_id)
    plan = (await session.execute(select(Plan).where(col(Plan.id) == plan_id).with_for_update())).scalar_one_or_none()
    if plan is None:
        raise not_found(what, field=[field])
    require_visible(actor, plan.org_path, Resource.TASK, what, field=field)
    audit.note(session, org_id=plan.organization_id, org_path=plan.org_path)
    if not AUTHORIZER.can(actor, plan.org_path, Resource.TASK, Action.WRITE):
        raise forbidden("无权修改该计划")
    if version is not None and version != plan.version:
        raise stale_version(plan.version)
    return plan


def require_editable(plan: Plan) -> None:
    if plan.status not in EDITABLE:
        raise DomainError(TaskError.PLAN_NOT_DRAFT, "计划不在草稿或修订状态，不能修改或提交；已批准的计划须先发起修订")


def touch(plan: Plan) -> None:
    plan.version += 1
    plan.updated_at = utcnow()


async def publish_plan(session: AsyncSession, *, actor: Actor, plan_id: int, version: int, today: date) -> Plan:
    """Send a draft (or a revision) for approval along the route its org sets; the plan waits, uneditable."""
    plan = await plan_for_write(session, actor=actor, plan_id=plan_id, version=version)
    require_editable(plan)
    live = await session.scalar(
        select(func.count()).where(col(PlanItem.plan_id) == plan_id, col(PlanItem.cancelled_at).is_(None))
    )
    if not live:
        raise DomainError(TaskError.PLAN_EMPTY, "计划没有任何任务，不能发布")
    before = plan.status
    plan.status, plan.published_at = PlanStatus.PENDING, utcnow()
    touch(plan)
    org = await session.get(Organization, plan.organization_id)
    assert org is not None and plan.id is not None  # orgs are dissolved, never deleted
    request = await approvals.request_approval(
        session, actor=actor, subject_type=plan_subject.SUBJECT_TYPE, subject_id=plan.id, title=plan.title, org=org
    )
    await session.flush()
    audit.note(session, changes={"status": {"from": before, "to": plan.status}, "approval_request_id": request.id})
    return plan


async def revise_plan(session: AsyncSession, *, actor: Actor, plan_id: int, version: int, today: date) -> Plan:
    """Open an approved plan for changes. Its assignments keep running; the changes reach them only when the
    revision is approved (distribution then adds, updates and cancels assignments)."""
    plan = await plan_for_write(session, actor=actor, plan_id=plan_id, version=version)
    if plan.status != PlanStatus.APPROVED:
        raise DomainError(TaskError.INVALID_TRANSITION, "只有已批准的计划可以发起修订")
    plan.status = PlanStatus.REVISING
    touch(plan)
    await session.flush()
    audit.note(session, changes={"status": {"from": PlanStatus.APPROVED.value, "to": plan.status}})
    return plan
