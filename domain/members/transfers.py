"""Transfers of the organizational relationship (组织关系转接). They flush, never commit.

Inside the system the sending org (its member writer) issues a letter; the receiving org (`transfer, decide`:
ORG_ADMIN or SECRETARY) accepts, and the member moves with their history, or rejects with a reason; the
sender may cancel before a decision. A letter past its validity has lapsed: it reads as EXPIRED, cannot be
decided, and is marked EXPIRED when the member is issued a new one. Out of and into the system: border_transfers.
"""

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain import audit
from domain.errors import DomainError, forbidden, not_found
from domain.members import rules
from domain.members.enums import OrgChangeReason, RecordState, TransferKind, TransferStatus
from domain.members.errors import MemberError
from domain.members.models import MemberOrgHistory, MemberTransfer
from domain.members.service import end_history, load_member, writable_member
from domain.orgs.models import Organization, OrgType
from domain.timeutil import today, utcnow

TRANSFER = "组织关系转接"
PENDING = TransferStatus.PENDING


def may_see(actor: Actor, sending_path: str | None, receiving_path: str | None) -> bool:
    """The sending side reads it with the member; the receiving side with what it may do there."""
    if sending_path is not None and AUTHORIZER.can(actor, sending_path, Resource.MEMBER, Action.READ):
        return True
    return receiving_path is not None and (
        AUTHORIZER.can(actor, receiving_path, Resource.TRANSFER, Action.DECIDE)
        or AUTHORIZER.can(actor, receiving_path, Resource.MEMBER, Action.READ)
    )


async def _org(session: AsyncSession, org_id: int | None) -> Organization | None:
    return await session.get(Organization, org_id) if org_id is not None else None


def _living_branch(org: Organization | None) -> bool:
    return org is not None and org.type == OrgType.BRANCH and org.dissolved_on is None


async def expire_lapsed(session: AsyncSession, member_id: int, day: date) -> None:
    """A lapsed letter stops holding the member's one open transfer, so that a new letter can be issued."""
    await session.execute(
        update(MemberTransfer)
        .where(
            col(MemberTransfer.member_id) == member_id,
            col(MemberTransfer.status) == PENDING,
            col(MemberTransfer.expires_on) < day,
        )
        .values(status=TransferStatus.EXPIRED)
    )


async def _flush_open(session: AsyncSession) -> None:
    """At most one open transfer per member: the partial unique index decides, not a prior lookup."""
    try:
        await session.flush()
    except IntegrityError as error:
        text = str(error.orig).lower()
        if "uq_member_transfer_open" in text or "member_transfer.member_id" in text:
            raise DomainError(
                MemberError.TRANSFER_ALREADY_OPEN, "该党员已有未办结的组织关系转接", field=["memberId"]
            ) from error
        raise


def _check_open(transfer: MemberTransfer, day: date) -> None:
    if transfer.status != PENDING:
        raise DomainError(MemberError.TRANSFER_NOT_OPEN, "该转接已办结，不能再处理", field=["transferId"])
    if rules.letter_expired(transfer.expires_on, day):
        raise DomainError(MemberError.TRANSFER_EXPIRED, "介绍信已过有效期，须由转出组织重新开具", field=["transferId"])


def dues_month(dues_paid_through: date | None) -> date | None:
    return rules.month_of(dues_paid_through) if dues_paid_through is not None else None


async def request_transfer(
    session: AsyncSession,
    *,
    actor: Actor,
    member_id: int,
    to_org_id: int,
    reason: str,
    dues_paid_through: date | None,
    letter_valid_days: int = rules.DEFAULT_LETTER_DAYS,
    max_letter_days: int = rules.DEFAULT_LETTER_MAX_DAYS,
) -> MemberTransfer:
    """The sending org issues a letter to another branch of the system."""
    member = await writable_member(session, actor, member_id, field="memberId")
    # Any living branch of the system may be addressed, visible to the sender or not: a letter names its
    # destination, and the sender's grants rarely cover another committee's branches.
    destination = await _org(session, to_org_id)
    if destination is None:
        raise not_found("接收组织", field=["toOrganizationId"])
    if not _living_branch(destination):
        raise DomainError(MemberError.NOT_A_BRANCH, "只能转入未撤销的党支部", field=["toOrganizationId"])
    if destination.id == member.organization_id:
        raise DomainError(MemberError.TRANSFER_TO_SAME_ORG, "不能转入党员现在所在的党支部", field=["toOrganizationId"])
    reason_text = rules.require_reason(reason)
    days = rules.check_letter_validity(letter_valid_days, max_letter_days)
    day = today()
    assert member.id is not None
    await expire_lapsed(session, member.id, day)
    transfer = MemberTransfer(
        member_id=member.id,
        kind=TransferKind.INTERNAL,
        status=PENDING,
        from_org_id=member.organization_id,
        to_org_id=destination.id,
        reason=reason_text,
        letter_valid_days=days,
        dues_paid_through=dues_month(dues_paid_through),
        requested_on=day,
        expires_on=rules.letter_expires_on(day, days),
        requested_by=actor.user_id,
    )
    session.add(transfer)
    await _flush_open(session)
    audit.note(
        session,
        object_type="MemberTransfer",
        object_id=transfer.id,
        changes={
            "member_id": member.id,
            "to_org_id": destination.id,
            "reason": reason_text,
            "letter_valid_days": days,
            "expires_on": transfer.expires_on,
            "dues_paid_through": transfer.dues_paid_through,
        },
    )
    return transfer


async def _visible_transfer(
    session: AsyncSession, actor: Actor, transfer_id: int
) -> tuple[MemberTransfer, Organization | None, Organization | None]:
    statement = select(MemberTransfer).where(col(MemberTransfer.id) == transfer_id).with_for_update()
    transfer = (await session.execute(statement)).scalar_one_or_none()
    if transfer is None:
        raise not_found(TRANSFER, field=["transferId"])
    sending, receiving = await _org(session, transfer.from_org_id), await _org(session, transfer.to_org_id)
    if not may_see(actor, sending.path if sending else None, receiving.path if receiving else None):
        raise not_found(TRANSFER, field=["transferId"])
    side = receiving or sending
    assert side is not None, "a transfer names at least one org of the system"
    audit.note(session, object_type="MemberTransfer", object_id=transfer.id, org_id=side.id, org_path=side.path)
    if transfer.kind != TransferKind.INTERNAL:
        raise DomainError(MemberError.TRANSFER_NOT_OPEN, "转出或转入本系统的记录已办结", field=["transferId"])
    return transfer, sending, receiving


async def _decidable(session: AsyncSession, actor: Actor, transfer_id: int) -> tuple[MemberTransfer, Organization]:
    transfer, _, receiving = await _visible_transfer(session, actor, transfer_id)
    assert receiving is not None, "an internal transfer names its receiving org"
    audit.note(session, org_id=receiving.id, org_path=receiving.path)
    if not AUTHORIZER.can(actor, receiving.path, Resource.TRANSFER, Action.DECIDE):
        raise forbidden("只有接收组织的党务工作者或书记可以接收或拒收")
    _check_open(transfer, today())
    return transfer, receiving


def _decide(transfer: MemberTransfer, actor: Actor, status: TransferStatus, reason: str | None = None) -> None:
    transfer.status = status
    transfer.decided_at = utcnow()
    transfer.decided_by = actor.user_id
    transfer.decision_reason = reason


async def accept_transfer(session: AsyncSession, *, actor: Actor, transfer_id: int) -> MemberTransfer:
    """The receiving branch confirms receipt: the member moves there, out of any party group, history kept."""
    transfer, receiving = await _decidable(session, actor, transfer_id)
    if not _living_branch(receiving):
        raise DomainError(MemberError.NOT_A_BRANCH, "接收组织已撤销，不能接收", field=["transferId"])
    member = await load_member(session, transfer.member_id, lock=True)
    assert member is not None and member.id is not None
    if member.record_state != RecordState.ACTIVE:
        raise DomainError(MemberError.MEMBER_CLOSED, "该党员记录已关闭（出党或转出），只读", field=["transferId"])
    day = today()
    assert receiving.id is not None
    before = {"organization_id": member.organization_id, "party_group_id": member.party_group_id}
    member.organization_id = receiving.id
    member.party_group_id = None
    member.org_path = receiving.path
    member.version += 1
    member.updated_at = utcnow()
    await end_history(session, member, day)
    session.add(
        MemberOrgHistory(
            member_id=member.id,
            organization_id=receiving.id,
            started_on=day,
            reason=OrgChangeReason.TRANSFER,
            transfer_id=transfer.id,
        )
    )
    _decide(transfer, actor, TransferStatus.ACCEPTED)
    await session.flush()
    audit.note(
        session,
        changes={"status": TransferStatus.ACCEPTED, "member_id": member.id}
        | audit.diff(before, {"organization_id": member.organization_id, "party_group_id": None}),
    )
    return transfer


async def reject_transfer(session: AsyncSession, *, actor: Actor, transfer_id: int, reason: str) -> MemberTransfer:
    """A receiving org may not refuse without a reason, and the reason is recorded (DOMAIN.md)."""
    transfer, _ = await _decidable(session, actor, transfer_id)
    reason_text = rules.require_reason(reason)
    _decide(transfer, actor, TransferStatus.REJECTED, reason_text)
    await session.flush()
    audit.note(session, changes={"status": TransferStatus.REJECTED, "decision_reason": reason_text})
    return transfer


async def cancel_transfer(session: AsyncSession, *, actor: Actor, transfer_id: int) -> MemberTransfer:
    """The sending org withdraws its letter before the receiving org has decided."""
    transfer, sending, _ = await _visible_transfer(session, actor, transfer_id)
    assert sending is not None, "an internal transfer names its sending org"
    audit.note(session, org_id=sending.id, org_path=sending.path)
    if not AUTHORIZER.can(actor, sending.path, Resource.MEMBER, Action.WRITE):
        raise forbidden("只有转出组织可以撤回转接")
    _check_open(transfer, today())
    _decide(transfer, actor, TransferStatus.CANCELLED)
    await session.flush()
    audit.note(session, changes={"status": TransferStatus.CANCELLED})
    return transfer
