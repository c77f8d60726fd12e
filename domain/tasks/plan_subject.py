"""How a plan reacts to its approval (domain/approvals knows it only as subject "PLAN")."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain.approvals.models import ApprovalRequest
from domain.approvals.subjects import register
from domain.tasks import distribution
from domain.tasks.enums import PlanStatus
from domain.tasks.models import Plan
from domain.timeutil import utcnow

SUBJECT_TYPE = "PLAN"


async def _locked(session: AsyncSession, request: ApprovalRequest) -> Plan:
    plan = (
        await session.execute(select(Plan).where(col(Plan.id) == request.subject_id).with_for_update())
    ).scalar_one_or_none()
    assert (
        plan is not None and plan.status == PlanStatus.PENDING
    )  # plans are never deleted; only a pending one is asked
    return plan


class PlanSubject:
    async def approved(self, session: AsyncSession, *, actor: Actor, request: ApprovalRequest, today: date) -> None:
        """The plan (or its revision) takes effect: its items become assignments of their executing orgs."""
        plan = await _locked(session, request)
        plan.status, plan.revision, plan.approved_at = PlanStatus.APPROVED, plan.revision + 1, utcnow()
        plan.version += 1
        plan.updated_at = utcnow()
        await session.flush()
        await distribution.distribute(session, plan=plan, today=today)

    async def returned(self, session: AsyncSession, *, actor: Actor, request: ApprovalRequest, comment: str) -> None:
        """Back to its author, editable; the comment stays on the request's decision. A returned revision stays a
        revision: the approved plan's assignments keep running meanwhile."""
        plan = await _locked(session, request)
        plan.status = PlanStatus.REVISING if plan.revision > 0 else PlanStatus.DRAFT
        plan.version += 1
        plan.updated_at = utcnow()
        await session.flush()


register(SUBJECT_TYPE, PlanSubject())
