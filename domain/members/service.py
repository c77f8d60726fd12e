"""Use cases that write the member ledger. They flush, never commit."""

from dataclasses import dataclass
from datetime import date
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
from domain.accounts.service import visible_user
from domain.errors import CommonError, DomainError, forbidden, not_found, stale_version
from domain.members import rules
from domain.members.enums import (
    Category,
    Education,
    Ethnicity,
    Gender,
    LeavingKind,
    MemberStatus,
    RecordState,
    SpecialState,
    TransferStatus,
)
from domain.members.errors import MemberError
from domain.members.models import Member, MemberOrgHistory, MemberTransfer
from domain.orgs.models import Organization, OrgType
from domain.personal_data import PersonalDataCipher, mask_id_number, mask_phone
from domain.timeutil import today, utcnow

ID_NUMBER = b"id_number"
PHONE = b"phone"
ACTIVE = RecordState.ACTIVE
LEFT = RecordState.LEFT
TRANSFERRED_OUT = RecordState.TRANSFERRED_OUT
_AUDITED = (
    "name", "gender", "ethnicity", "birth_date", "education", "degree", "native_place", "post", "department",
    "category", "joined_on", "converted_on", "status", "special_state", "flowing_to", "party_group_id",
)  # fmt: skip


_REQUIRED = {
    "name": "name", "gender": "gender", "ethnicity": "ethnicity", "birth_date": "birthDate", "id_number": "idNumber",
    "category": "category", "joined_on": "joinedOn", "status": "status", "special_state": "specialState",
}  # fmt: skip


@dataclass(frozen=True)
class MemberFields:
    """What a party-affairs worker types for a member; personal data arrives in clear and leaves encrypted."""

    name: str
    gender: Gender
    ethnicity: Ethnicity
    birth_date: date
    id_number: str
    category: Category
    joined_on: date
    status: MemberStatus
    phone: str | None = None
    education: Education | None = None
    degree: str | None = None
    native_place: str | None = None
    post: str | None = None
    department: str | None = None
    converted_on: date | None = None
    special_state: SpecialState = SpecialState.NONE
    flowing_to: str | None = None


def visible(actor: Actor, member: Member) -> bool:
    return member.user_id == actor.user_id or AUTHORIZER.can(actor, member.org_path, Resource.MEMBER, Action.READ)


async def load_member(session: AsyncSession, member_id: int, *, lock: bool = False) -> Member | None:
    statement = select(Member).where(col(Member.id) == member_id)
    return (await session.execute(statement.with_for_update() if lock else statement)).scalar_one_or_none()


async def get_member(session: AsyncSession, *, actor: Actor, member_id: int) -> Member:
    member = await load_member(session, member_id)
    if member is None or not visible(actor, member):
        raise not_found("党员", field=["memberId"])
    return member


async def writable_member(session: AsyncSession, actor: Actor, member_id: int, field: str = "id") -> Member:
    member = await load_member(session, member_id, lock=True)
    if member is None or not visible(actor, member):
        raise not_found("党员", field=[field])
    audit.note(
        session, object_type="Member", object_id=member.id, org_id=member.organization_id, org_path=member.org_path
    )
    if not AUTHORIZER.can(actor, member.org_path, Resource.MEMBER, Action.WRITE):
        raise forbidden("无权修改该党员的记录")
    if member.record_state != ACTIVE:
        raise DomainError(MemberError.MEMBER_CLOSED, "该党员记录已关闭（出党或转出），只读", field=[field])
    return member


async def branch_for_members(
    session: AsyncSession, actor: Actor, org_id: int, group_id: int | None, field: str = "organizationId"
) -> tuple[Organization, Organization | None]:
    """The branch a member is kept in (writable by the actor), and the group inside it if one is named."""
    branch = await session.get(Organization, org_id)
    if branch is None:
        raise not_found("党支部", field=[field])
    require_visible(actor, branch.path, Resource.ORGANIZATION, "党支部", field=field)
    audit.note(session, org_id=branch.id, org_path=branch.path)
    if not AUTHORIZER.can(actor, branch.path, Resource.MEMBER, Action.WRITE):
        raise forbidden("无权维护该组织的党员台账")
    if branch.type != OrgType.BRANCH or branch.dissolved_on is not None:
        raise DomainError(MemberError.NOT_A_BRANCH, "党员只能编入未撤销的党支部", field=[field])
    group = None
    if group_id is not None:
        group = await session.get(Organization, group_id)
        if group is None or group.parent_id != branch.id or group.dissolved_on is not None:
            raise DomainError(
                MemberError.NOT_A_GROUP_OF_BRANCH, "党小组须是该党支部下未撤销的党小组", field=["partyGroupId"]
            )
    return branch, group


def member_values(fields: MemberFields, cipher: PersonalDataCipher, day: date) -> dict[str, Any]:
    """The validated column values for these fields, personal data encrypted, hashed and masked."""
    id_number = rules.check_identity(fields.id_number, fields.birth_date, fields.gender)
    phone = rules.check_phone(fields.phone)
    rules.check_not_future(fields.birth_date, day, "birthDate")
    rules.check_admission(fields.birth_date, fields.joined_on, fields.converted_on, fields.status, day)
    flowing = fields.special_state is SpecialState.FLOWING
    if flowing and not (fields.flowing_to or "").strip():
        raise DomainError(MemberError.FLOWING_TO_REQUIRED, "流动党员须写明流向", field=["flowingTo"])
    return {
        "name": rules.clean_name(fields.name),
        "gender": fields.gender,
        "ethnicity": fields.ethnicity,
        "birth_date": fields.birth_date,
        "id_number_cipher": cipher.encrypt(id_number, ID_NUMBER),
        "id_number_key": cipher.index_key(id_number, ID_NUMBER),
        "id_number_masked": mask_id_number(id_number),
        "phone_cipher": cipher.encrypt(phone, PHONE) if phone else None,
        "phone_masked": mask_phone(phone) if phone else None,
        "education": fields.education,
        "degree": rules.clean_text(fields.degree, "degree", 30),
        "native_place": rules.clean_text(fields.native_place, "nativePlace"),
        "post": rules.clean_text(fields.post, "post"),
        "department": rules.clean_text(fields.department, "department"),
        "category": fields.category,
        "joined_on": fields.joined_on,
        "converted_on": fields.converted_on,
        "status": fields.status,
        "special_state": fields.special_state,
        "flowing_to": rules.clean_text(fields.flowing_to, "flowingTo", 200) if flowing else None,
    }


async def flush_member(session: AsyncSession) -> None:
    """One member per ID number across the system: the unique keyed hash decides, not a prior lookup."""
    try:
        await session.flush()
    except IntegrityError as error:
        if "id_number_key" in str(error.orig).lower():
            raise DomainError(
                MemberError.DUPLICATE_ID_NUMBER, "系统中已有该身份证号的党员", field=["idNumber"]
            ) from error
        raise


def _snapshot(member: Member) -> dict[str, Any]:
    return {key: getattr(member, key) for key in _AUDITED}


async def create_member(
    session: AsyncSession,
    *,
    actor: Actor,
    cipher: PersonalDataCipher,
    organization_id: int,
    party_group_id: int | None,
    fields: MemberFields,
    history_reason: str = "CREATED",
    started_on: date | None = None,
) -> Member:
    audit.note(session, object_type="Member")
    branch, group = await branch_for_members(session, actor, organization_id, party_group_id)
    return await add_member(
        session,
        cipher=cipher,
        branch=branch,
        group=group,
        fields=fields,
        history_reason=history_reason,
        started_on=started_on,
    )


async def add_member(
    session: AsyncSession,
    *,
    cipher: PersonalDataCipher,
    branch: Organization,
    group: Organization | None,
    fields: MemberFields,
    history_reason: str = "CREATED",
    started_on: date | None = None,
) -> Member:
    """Write a member into a branch the caller has already authorized (create_member, member development)."""
    assert branch.id is not None
    member = Member(
        organization_id=branch.id,
        party_group_id=group.id if group else None,
        org_path=branch.path,
        **member_values(fields, cipher, today()),
    )
    session.add(member)
    await flush_member(session)
    assert member.id is not None
    session.add(
        MemberOrgHistory(
            member_id=member.id,
            organization_id=branch.id,
            started_on=started_on or fields.joined_on,
            reason=history_reason,
        )
    )
    await session.flush()
    audit.note(session, object_id=member.id, changes={k: v for k, v in _snapshot(member).items() if v is not None})
    return member


async def update_member(
    session: AsyncSession,
    *,
    actor: Actor,
    cipher: PersonalDataCipher,
    member_id: int,
    version: int,
    changes: dict[str, Any],
) -> Member:
    """`changes` holds only the fields the caller sent, by MemberFields name (plus partyGroupId)."""
    member = await writable_member(session, actor, member_id)
    if member.version != version:
        raise stale_version(member.version)
    _check_required(changes)
    before = _snapshot(member)
    if "party_group_id" in changes:
        _, group = await branch_for_members(session, actor, member.organization_id, changes.pop("party_group_id"))
        member.party_group_id = group.id if group else None
    current = _current_fields(member, cipher)
    merged = MemberFields(**{**current.__dict__, **changes})
    for key, value in member_values(merged, cipher, today()).items():
        setattr(member, key, value)
    member.version += 1
    member.updated_at = utcnow()
    await flush_member(session)
    audit.note(session, changes=audit.diff(before, _snapshot(member)) | _personal_changes(changes))
    return member


def _check_required(changes: dict[str, Any]) -> None:
    # A field the ledger cannot do without may be changed, never cleared.
    for key, field in _REQUIRED.items():
        if key in changes and changes[key] is None:
            raise DomainError(CommonError.INVALID_INPUT, "该字段不能为空", field=[field])


def _personal_changes(changes: dict[str, Any]) -> dict[str, Any]:
    # The trail says that personal data changed, never what it says.
    return {key: "***" for key in ("id_number", "phone") if key in changes}


def _current_fields(member: Member, cipher: PersonalDataCipher) -> MemberFields:
    return MemberFields(
        name=member.name,
        gender=Gender(member.gender),
        ethnicity=Ethnicity(member.ethnicity),
        birth_date=member.birth_date,
        id_number=cipher.decrypt(member.id_number_cipher, ID_NUMBER),
        category=Category(member.category),
        joined_on=member.joined_on,
        status=MemberStatus(member.status),
        phone=cipher.decrypt(member.phone_cipher, PHONE) if member.phone_cipher else None,
        education=Education(member.education) if member.education else None,
        degree=member.degree,
        native_place=member.native_place,
        post=member.post,
        department=member.department,
        converted_on=member.converted_on,
        special_state=SpecialState(member.special_state),
        flowing_to=member.flowing_to,
    )


@dataclass(frozen=True)
class Revealed:
    id_number: str
    phone: str | None


def may_reveal(actor: Actor, member: Member) -> bool:
    return member.user_id == actor.user_id or AUTHORIZER.can(actor, member.org_path, Resource.MEMBER, Action.REVEAL)


def reveal(member: Member, cipher: PersonalDataCipher) -> Revealed:
    return Revealed(
        id_number=cipher.decrypt(member.id_number_cipher, ID_NUMBER),
        phone=cipher.decrypt(member.phone_cipher, PHONE) if member.phone_cipher else None,
    )


async def reveal_personal_data(
    session: AsyncSession, *, actor: Actor, cipher: PersonalDataCipher, member_id: int
) -> Revealed:
    """The clear ID number and phone; every call leaves an audit record (the mutation's own)."""
    member = await get_member(session, actor=actor, member_id=member_id)
    audit.note(
        session,
        object_type="Member",
        object_id=member.id,
        org_id=member.organization_id,
        org_path=member.org_path,
        changes={"revealed": ["id_number", "phone"]},
    )
    if not may_reveal(actor, member):
        raise forbidden("无权查看该党员的身份证号和电话")
    return reveal(member, cipher)


async def record_leaving(
    session: AsyncSession, *, actor: Actor, member_id: int, kind: LeavingKind, left_on: date, reason: str
) -> Member:
    """出党: withdrawal, removal, expulsion or death. The record stays, closed and read-only."""
    member = await writable_member(session, actor, member_id, field="memberId")
    if kind is LeavingKind.PROBATION_CANCELLED:
        raise DomainError(CommonError.INVALID_INPUT, "取消预备党员资格须在发展档案中办理", field=["kind"])
    reason_text = rules.clean_text(reason, "reason", 500)
    if reason_text is None:
        raise DomainError(MemberError.REASON_REQUIRED, "须填写出党原因", field=["reason"])
    rules.check_not_future(left_on, today(), "leftOn")
    if left_on < member.joined_on:
        raise DomainError(MemberError.DATE_BEFORE_ADMISSION, "出党日期不能早于入党日期", field=["leftOn"])
    await close_record(session, member, LEFT, left_on)
    member.leaving_kind = kind
    member.leaving_reason = reason_text
    await session.flush()
    audit.note(
        session, changes={"record_state": LEFT, "leaving_kind": kind, "closed_on": left_on, "reason": reason_text}
    )
    return member


async def close_record(session: AsyncSession, member: Member, state: str, on: date) -> None:
    """Close a record (left the party, transferred out): its history ends and an open letter lapses."""
    member.record_state = state
    member.closed_on = on
    member.version += 1
    member.updated_at = utcnow()
    await end_history(session, member, on)
    await session.execute(
        update(MemberTransfer)
        .where(col(MemberTransfer.member_id) == member.id, col(MemberTransfer.status) == TransferStatus.PENDING)
        .values(status=TransferStatus.CANCELLED, decided_at=utcnow(), decision_reason="党员记录已关闭，转接自动撤回")
        .execution_options(synchronize_session=False)
    )
    await session.flush()


async def end_history(session: AsyncSession, member: Member, on: date) -> None:
    current = await session.scalar(
        select(MemberOrgHistory)
        .where(col(MemberOrgHistory.member_id) == member.id, col(MemberOrgHistory.ended_on).is_(None))
        .order_by(col(MemberOrgHistory.id).desc())
        .limit(1)
    )
    if current is not None:
        current.ended_on = on


async def link_account(session: AsyncSession, *, actor: Actor, member_id: int, user_id: int | None) -> Member:
    """The member's own account: through it they see their own record, personal data in clear."""
    member = await writable_member(session, actor, member_id, field="memberId")
    if user_id is not None and await visible_user(session, actor=actor, user_id=user_id) is None:
        raise not_found("用户", field=["userId"])
    before = member.user_id
    member.user_id = user_id
    member.version += 1
    member.updated_at = utcnow()
    try:
        await session.flush()
    except IntegrityError as error:
        raise DomainError(MemberError.ACCOUNT_ALREADY_LINKED, "该账号已关联另一条党员记录", field=["userId"]) from error
    audit.note(session, changes={"user_id": {"from": before, "to": user_id}})
    return member


async def convert_member(session: AsyncSession, *, member_id: int, converted_on: date) -> Member:
    """转正, as the upper committee's approval decides it (member development, step 24; already authorized)."""
    member = await load_member(session, member_id, lock=True)
    if member is None or member.record_state != ACTIVE:
        raise DomainError(MemberError.MEMBER_CLOSED, "该党员记录不存在或已关闭", field=["fileId"])
    rules.check_admission(member.birth_date, member.joined_on, converted_on, MemberStatus.FULL, today())
    member.status = MemberStatus.FULL
    member.converted_on = converted_on
    member.version += 1
    member.updated_at = utcnow()
    await session.flush()
    return member


async def cancel_probation(session: AsyncSession, *, member_id: int, on: date, reason: str) -> Member:
    """取消预备党员资格 (member development decided not to convert; already authorized): the record closes."""
    member = await load_member(session, member_id, lock=True)
    if member is None or member.record_state != ACTIVE or member.status != MemberStatus.PROBATIONARY:
        raise DomainError(MemberError.STATUS_MISMATCH, "只有在册的预备党员才能取消预备党员资格", field=["fileId"])
    await close_record(session, member, LEFT, on)
    member.leaving_kind = LeavingKind.PROBATION_CANCELLED
    member.leaving_reason = reason
    await session.flush()
    return member
