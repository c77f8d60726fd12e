"""Asking for approval and deciding a step: the engine's two use cases. Flushes, never commits.

A subject area calls `request_approval` when its author sends a subject; approvers call `decide`. The
engine resolves the route when asked, records every decision, moves the request along its steps, and
tells the subject the outcome through its registered reaction (subjects.py).
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.approvals import holds_role_at
from domain import audit
from domain.approvals.enums import ApprovalStatus, Decision
from domain.approvals.errors import ApprovalError
from domain.approvals.models import ApprovalDecision, ApprovalRequest
from domain.approvals.reads import may_see
from domain.approvals.routes import deciding_orgs, route_for
from domain.approvals.subjects import subject_for
from domain.errors import CommonError, DomainError, not_found
from domain.orgs.models import Organization
from domain.texts import optional_text
from domain.timeutil import utcnow

COMMENT_MAX = 1000


async def request_approval(
    session: AsyncSession,
    *,
    actor: Actor,
    subject_type: str,
    subject_id: int,
    title: str,
    org: Organization,
) -> ApprovalRequest:
    """Send a subject along its org's route; the caller has checked that the actor may send it."""
    subject_for(subject_type)
    assert org.id is not None
    steps = await route_for(session, subject_type, org)
    deciders = await deciding_orgs(session, org, steps)
    first = deciders[0]
    request = ApprovalRequest(
        subject_type=subject_type,
        subject_id=subject_id,
        title=title,
        organization_id=org.id,
        org_path=org.path,
        steps=[{**s.as_json(), "organizationId": d.id} for s, d in zip(steps, deciders, strict=True)],
        status=ApprovalStatus.PENDING,
        pending_role=steps[0].role.value,
        pending_org_id=first.id,
        pending_path=first.path,
        requested_by=actor.user_id,
    )
    session.add(request)
    await session.flush()
    return request


async def decide(
    session: AsyncSession,
    *,
    actor: Actor,
    request_id: int,
    decision: Decision,
    comment: str | None,
    step: int | None,
    today: date,
) -> ApprovalRequest:
    """Approve or return the step now waiting. `step` (1-based), when given, names the step the approver
    saw: if another approver has decided it meanwhile, this decision is refused rather than applied to
    the next one. The row lock makes concurrent deciders queue; the unique (request, step) is the backstop.
    """
    audit.note(session, object_type="ApprovalRequest", object_id=request_id)
    request = (
        await session.execute(select(ApprovalRequest).where(col(ApprovalRequest.id) == request_id).with_for_update())
    ).scalar_one_or_none()
    if request is None:
        raise not_found("审批申请", field=["approvalId"])
    if not may_see(actor, request):
        raise not_found("审批申请", field=["approvalId"])
    audit.note(session, org_id=request.organization_id, org_path=request.org_path)
    if request.status != ApprovalStatus.PENDING or (step is not None and step != request.step + 1):
        raise DomainError(ApprovalError.ALREADY_DECIDED, "这一步已经有人作出决定，请刷新后查看", field=["approvalId"])
    check_approver(actor, request, await deciders_so_far(session, request_id))
    text = optional_text(comment, ["comment"], COMMENT_MAX, lines=True)
    if decision is Decision.RETURN and text is None:
        raise DomainError(CommonError.REASON_REQUIRED, "退回须写明意见", field=["comment"])
    await record(session, actor, request, decision, text)
    subject = subject_for(request.subject_type)
    if decision is Decision.RETURN:
        close(request, ApprovalStatus.RETURNED)
        await subject.returned(session, actor=actor, request=request, comment=text or "")
    elif request.step + 1 < len(request.steps):
        await advance(session, request)
    else:
        close(request, ApprovalStatus.APPROVED)
        await subject.approved(session, actor=actor, request=request, today=today)
    request.version += 1
    await session.flush()
    audit.note(session, changes={"step": request.step + 1, "decision": decision.value, "status": request.status})
    return request


def check_approver(actor: Actor, request: ApprovalRequest, earlier: set[int]) -> None:
    """The step's role at its org; never one's own request, and never two steps of one request (a route
    of several steps asks for several people)."""
    assert request.pending_role is not None and request.pending_path is not None
    if (
        not holds_role_at(actor, request.pending_role, request.pending_path)
        or actor.user_id == request.requested_by
        or actor.user_id in earlier
    ):
        raise DomainError(ApprovalError.NOT_AN_APPROVER, "你不是这一步的审批人", field=["approvalId"])


async def deciders_so_far(session: AsyncSession, request_id: int) -> set[int]:
    rows = await session.execute(
        select(col(ApprovalDecision.decided_by)).where(col(ApprovalDecision.request_id) == request_id)
    )
    return set(rows.scalars())


async def record(
    session: AsyncSession, actor: Actor, request: ApprovalRequest, decision: Decision, comment: str | None
) -> None:
    assert request.id is not None and request.pending_role is not None and request.pending_org_id is not None
    row = ApprovalDecision(
        request_id=request.id,
        step=request.step,
        role=request.pending_role,
        organization_id=request.pending_org_id,
        decision=decision,
        comment=comment,
        decided_by=actor.user_id,
    )
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise DomainError(ApprovalError.ALREADY_DECIDED, "这一步已经有人作出决定", field=["approvalId"]) from None


async def advance(session: AsyncSession, request: ApprovalRequest) -> None:
    request.step += 1
    nxt = request.steps[request.step]
    org = await session.get(Organization, nxt["organizationId"])
    assert org is not None  # orgs are dissolved, never deleted
    request.pending_role, request.pending_org_id, request.pending_path = nxt["role"], org.id, org.path
    request.step_started_at = utcnow()


def close(request: ApprovalRequest, status: ApprovalStatus) -> None:
    request.status = status
    request.pending_role = request.pending_org_id = request.pending_path = None
    request.decided_at = utcnow()
