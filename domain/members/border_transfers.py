"""Transfers across the system's border (转出、转入本系统). They flush, never commit.

Nobody inside the system decides these: the letter arrives or leaves with the member, so the transfer row is
born COMPLETED, and the member's record is created from the letter or closed by it, with a dated history.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain import audit
from domain.errors import CommonError, DomainError
from domain.members import rules
from domain.members.enums import OrgChangeReason, RecordState, TransferKind, TransferStatus
from domain.members.errors import MemberError
from domain.members.models import Member, MemberOrgHistory, MemberTransfer
from domain.members.service import MemberFields, close_record, create_member, writable_member
from domain.members.transfers import PENDING, dues_month, expire_lapsed
from domain.personal_data import PersonalDataCipher
from domain.timeutil import today, utcnow


async def _current_stint(session: AsyncSession, member_id: int) -> MemberOrgHistory | None:
    statement = (
        select(MemberOrgHistory)
        .where(col(MemberOrgHistory.member_id) == member_id, col(MemberOrgHistory.ended_on).is_(None))
        .order_by(col(MemberOrgHistory.id).desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


def _check_border_date(day: date, joined_on: date, field: str) -> None:
    rules.check_not_future(day, today(), field)
    if day < joined_on:
        raise DomainError(MemberError.DATE_BEFORE_ADMISSION, "日期不能早于入党日期", field=[field])


async def transfer_out(
    session: AsyncSession,
    *,
    actor: Actor,
    member_id: int,
    letter_number: str,
    outside_unit: str,
    reason: str,
    transferred_on: date,
    dues_paid_through: date | None = None,
    letter_valid_days: int | None = None,
    max_letter_days: int = rules.DEFAULT_LETTER_MAX_DAYS,
) -> Member:
    """The member leaves the system with a letter to another unit: the record closes, dated, and is kept."""
    member = await writable_member(session, actor, member_id, field="memberId")
    assert member.id is not None
    number, unit = rules.letter_details(letter_number, outside_unit)
    reason_text = rules.require_reason(reason)
    _check_border_date(transferred_on, member.joined_on, "transferredOn")
    stint = await _current_stint(session, member.id)
    if stint is not None and transferred_on < stint.started_on:
        raise DomainError(
            CommonError.INVALID_INPUT,
            f"转出日期不能早于转入本组织的日期 {stint.started_on.isoformat()}",
            field=["transferredOn"],
        )
    days = rules.check_letter_validity(letter_valid_days, max_letter_days) if letter_valid_days is not None else None
    # The OUT row is born COMPLETED, so the open-transfer index cannot see it: the member row is locked and a
    # pending letter inside the system must be withdrawn first.
    await expire_lapsed(session, member.id, today())
    pending = await session.scalar(
        select(col(MemberTransfer.id)).where(
            col(MemberTransfer.member_id) == member.id, col(MemberTransfer.status) == PENDING
        )
    )
    if pending is not None:
        raise DomainError(MemberError.TRANSFER_ALREADY_OPEN, "该党员有待接收的系统内转接，请先撤回", field=["memberId"])
    transfer = MemberTransfer(
        member_id=member.id,
        kind=TransferKind.OUT,
        status=TransferStatus.COMPLETED,
        from_org_id=member.organization_id,
        outside_unit=unit,
        letter_number=number,
        reason=reason_text,
        letter_valid_days=days,
        dues_paid_through=dues_month(dues_paid_through),
        requested_on=transferred_on,
        expires_on=rules.letter_expires_on(transferred_on, days) if days else None,
        requested_by=actor.user_id,
        decided_at=utcnow(),
        decided_by=actor.user_id,
    )
    session.add(transfer)
    await session.flush()
    await close_record(session, member, RecordState.TRANSFERRED_OUT, transferred_on)
    # The history ends where the relationship went: the unit outside the system.
    session.add(
        MemberOrgHistory(
            member_id=member.id,
            outside_unit=unit,
            started_on=transferred_on,
            reason=OrgChangeReason.TRANSFER_OUT,
            transfer_id=transfer.id,
        )
    )
    await session.flush()
    audit.note(
        session,
        changes={
            "record_state": RecordState.TRANSFERRED_OUT,
            "closed_on": transferred_on,
            "transfer_id": transfer.id,
            "outside_unit": unit,
            "letter_number": number,
            "reason": reason_text,
        },
    )
    return member


async def transfer_in(
    session: AsyncSession,
    *,
    actor: Actor,
    cipher: PersonalDataCipher,
    organization_id: int,
    party_group_id: int | None,
    fields: MemberFields,
    letter_number: str,
    outside_unit: str,
    reason: str,
    arrived_on: date,
    dues_paid_through: date | None = None,
) -> Member:
    """A member arrives with a letter from a unit outside the system: their record is created from it."""
    member = await create_member(
        session,
        actor=actor,
        cipher=cipher,
        organization_id=organization_id,
        party_group_id=party_group_id,
        fields=fields,
        history_reason=OrgChangeReason.TRANSFER_IN,
        started_on=arrived_on,
    )
    assert member.id is not None
    number, unit = rules.letter_details(letter_number, outside_unit)
    reason_text = rules.require_reason(reason)
    _check_border_date(arrived_on, member.joined_on, "arrivedOn")
    transfer = MemberTransfer(
        member_id=member.id,
        kind=TransferKind.IN,
        status=TransferStatus.COMPLETED,
        to_org_id=member.organization_id,
        outside_unit=unit,
        letter_number=number,
        reason=reason_text,
        dues_paid_through=dues_month(dues_paid_through),
        requested_on=arrived_on,
        requested_by=actor.user_id,
        decided_at=utcnow(),
        decided_by=actor.user_id,
    )
    session.add(transfer)
    await session.flush()
    stint = await _current_stint(session, member.id)
    assert stint is not None, "create_member opens the first stint"
    stint.transfer_id = transfer.id
    stint.outside_unit = unit  # where the member came from
    await session.flush()
    audit.note(
        session,
        changes={"transfer_id": transfer.id, "outside_unit": unit, "letter_number": number, "arrived_on": arrived_on},
    )
    return member
