"""Who may see and act on an assignment. Flushes nothing.

An org-level assignment belongs to its executing org: whoever reads tasks there sees it, whoever writes
tasks there works on it (reports, splits, submits), and whoever writes tasks at the PLAN's org reviews it
(accepts, returns, cancels) — so a branch secretary cannot accept the branch's own work. A member's part
is seen and worked on by its member too (a MEMBER grant carries no task permission: ownership does, as in
the member ledger), and is reviewed by whoever writes tasks at its org.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain import audit
from domain.errors import forbidden, not_found, stale_version
from domain.members.models import Member
from domain.tasks.models import Assignment, Plan

ID_FIELD = "assignmentId"
WHAT = "任务"


@dataclass
class Loaded:
    assignment: Assignment
    own_part: bool  # the actor is the member of this part

    @property
    def is_part(self) -> bool:
        return self.assignment.parent_id is not None


async def load(session: AsyncSession, *, actor: Actor, assignment_id: int, version: int | None) -> Loaded:
    """The assignment, locked for the change, if the actor may see it; then its version is checked."""
    audit.note(session, object_type="Assignment", object_id=assignment_id)
    found = (
        await session.execute(select(Assignment).where(col(Assignment.id) == assignment_id).with_for_update())
    ).scalar_one_or_none()
    if found is None:
        raise not_found(WHAT, field=[ID_FIELD])
    own = False
    if found.assignee_member_id is not None:
        owner = await session.scalar(select(col(Member.user_id)).where(col(Member.id) == found.assignee_member_id))
        own = owner is not None and owner == actor.user_id
    if not own and not AUTHORIZER.can(actor, found.org_path, Resource.TASK, Action.READ):
        raise not_found(WHAT, field=[ID_FIELD])
    audit.note(session, org_id=found.organization_id, org_path=found.org_path)
    if version is not None and version != found.version:
        raise stale_version(found.version)
    return Loaded(found, own)


def require_worker(actor: Actor, loaded: Loaded) -> None:
    """Reports and submits: the executing org's task writers, or the part's own member."""
    if loaded.own_part or AUTHORIZER.can(actor, loaded.assignment.org_path, Resource.TASK, Action.WRITE):
        return
    raise forbidden("无权填报或提交该任务")


def require_org_writer(actor: Actor, loaded: Loaded) -> None:
    """Splitting into parts: the executing org's task writers only."""
    if not AUTHORIZER.can(actor, loaded.assignment.org_path, Resource.TASK, Action.WRITE):
        raise forbidden("无权分解该任务")


async def require_issuer(session: AsyncSession, actor: Actor, loaded: Loaded) -> None:
    """Accepting, returning, cancelling: the plan's org for an org-level assignment, the executing org
    for a member's part."""
    path = loaded.assignment.org_path
    if not loaded.is_part:
        plan_path = await session.scalar(select(col(Plan.org_path)).where(col(Plan.id) == loaded.assignment.plan_id))
        assert plan_path is not None
        path = plan_path
    if not AUTHORIZER.can(actor, path, Resource.TASK, Action.WRITE):
        raise forbidden("只有下达任务的组织可以验收、退回或取消该任务")
