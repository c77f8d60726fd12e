"""Use cases of member development: open, extend, close a file, and the rules. They flush, never commit.

Recording a step is in steps.py.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.guard import require_visible
from authz.roles import Action, Resource
from domain import audit
from domain.development import rules
from domain.development.enums import DevelopmentStage, DevelopmentStep
from domain.development.errors import DevelopmentError
from domain.development.models import DevelopmentFile, DevelopmentRulesRow, DevelopmentStepRecord
from domain.errors import DomainError, forbidden, not_found, stale_version
from domain.members import rules as member_rules
from domain.members import service as members
from domain.members.enums import Category, Education, Ethnicity, Gender, RecordState
from domain.members.errors import MemberError
from domain.members.models import Member
from domain.orgs.models import Organization, OrgType
from domain.personal_data import PersonalDataCipher, mask_id_number, mask_phone
from domain.timeutil import today, utcnow

RULES_ID = 1
ACTIVE = RecordState.ACTIVE
OPEN_STAGES = (DevelopmentStage.APPLICANT, DevelopmentStage.ACTIVIST, DevelopmentStage.TARGET)


@dataclass(frozen=True)
class Person:
    """The applicant's personal data as typed; validated and protected as the ledger's."""

    name: str
    gender: Gender
    ethnicity: Ethnicity
    birth_date: date
    id_number: str
    category: Category
    phone: str | None = None
    education: Education | None = None


async def current_rules(session: AsyncSession) -> rules.DevelopmentRules:
    row = await session.get(DevelopmentRulesRow, RULES_ID)
    # The migration seeds the row; the regulation values stand in if it was removed.
    return rules_of(row) if row else rules.DevelopmentRules()


def rules_of(row: DevelopmentRulesRow) -> rules.DevelopmentRules:
    return rules.DevelopmentRules(**{k: getattr(row, k) for k in rules.DevelopmentRules.__dataclass_fields__})


async def rules_version(session: AsyncSession) -> int:
    row = await session.get(DevelopmentRulesRow, RULES_ID)
    return row.version if row else 0


async def update_rules(
    session: AsyncSession, *, actor: Actor, values: rules.DevelopmentRules, version: int
) -> DevelopmentRulesRow:
    audit.note(session, object_type="DevelopmentRules", object_id=RULES_ID)
    if not AUTHORIZER.is_global(actor, Resource.DEVELOPMENT_RULES, Action.WRITE):
        raise forbidden("只有系统管理员可以修改发展党员的规则")
    values.check()
    row = (
        await session.execute(
            select(DevelopmentRulesRow).where(col(DevelopmentRulesRow.id) == RULES_ID).with_for_update()
        )
    ).scalar_one_or_none()
    if row is None:
        row = DevelopmentRulesRow(id=RULES_ID, version=0)
        session.add(row)
    if row.version != version:
        raise stale_version(row.version)
    before = {k: getattr(row, k) for k in values.__dict__}
    for key, value in values.__dict__.items():
        setattr(row, key, value)
    row.version += 1
    row.updated_at = utcnow()
    await session.flush()
    audit.note(session, changes=audit.diff(before, values.__dict__))
    return row


async def _branch(session: AsyncSession, actor: Actor, branch_id: int) -> Organization:
    branch = await session.get(Organization, branch_id)
    if branch is None:
        raise not_found("党支部", field=["branchId"])
    require_visible(actor, branch.path, Resource.ORGANIZATION, "党支部", field="branchId")
    audit.note(session, org_id=branch.id, org_path=branch.path)
    if not AUTHORIZER.can(actor, branch.path, Resource.DEVELOPMENT, Action.WRITE):
        raise forbidden("无权为该组织办理发展党员")
    if branch.type != OrgType.BRANCH or branch.dissolved_on is not None:
        raise DomainError(MemberError.NOT_A_BRANCH, "发展档案只能建在未撤销的党支部", field=["branchId"])
    return branch


async def open_file(
    session: AsyncSession, *, actor: Actor, cipher: PersonalDataCipher, branch_id: int, person: Person, applied_on: date
) -> DevelopmentFile:
    """A new file, with step 1 (the application) recorded on the day it was submitted."""
    audit.note(session, object_type="DevelopmentFile")
    branch = await _branch(session, actor, branch_id)
    assert branch.id is not None
    id_number = member_rules.check_identity(person.id_number, person.birth_date, person.gender)
    phone = member_rules.check_phone(person.phone)
    member_rules.check_not_future(applied_on, today(), "appliedOn")
    rules.check_applicant_age(person.birth_date, applied_on)
    file = DevelopmentFile(
        organization_id=branch.id,
        org_path=branch.path,
        name=member_rules.clean_name(person.name),
        gender=person.gender,
        ethnicity=person.ethnicity,
        birth_date=person.birth_date,
        id_number_cipher=cipher.encrypt(id_number, members.ID_NUMBER),
        id_number_key=cipher.index_key(id_number, members.ID_NUMBER),
        id_number_masked=mask_id_number(id_number),
        phone_cipher=cipher.encrypt(phone, members.PHONE) if phone else None,
        phone_masked=mask_phone(phone) if phone else None,
        education=person.education,
        category=person.category,
        applied_on=applied_on,
        stage=DevelopmentStage.APPLICANT,
    )
    member = await session.scalar(
        select(col(Member.id)).where(
            col(Member.id_number_key) == file.id_number_key, col(Member.record_state) == ACTIVE
        )
    )
    if member is not None:
        raise DomainError(DevelopmentError.ALREADY_A_MEMBER, "此人已是在册党员，不需发展", field=["idNumber"])
    session.add(file)
    try:
        await session.flush()
    except IntegrityError as error:  # the partial unique index decides, not a prior lookup
        raise DomainError(
            DevelopmentError.FILE_IN_PROGRESS, "此人已有一份进行中的发展档案", field=["idNumber"]
        ) from error
    assert file.id is not None
    step = DevelopmentStep.APPLICATION
    session.add(
        DevelopmentStepRecord(file_id=file.id, step=step, number=1, done_on=applied_on, recorded_by=actor.user_id)
    )
    await session.flush()
    audit.note(session, object_id=file.id, changes={"name": file.name, "applied_on": applied_on})
    return file


async def load_file(session: AsyncSession, file_id: int, *, lock: bool = False) -> DevelopmentFile | None:
    statement = select(DevelopmentFile).where(col(DevelopmentFile.id) == file_id)
    return (await session.execute(statement.with_for_update() if lock else statement)).scalar_one_or_none()


async def visible_file(session: AsyncSession, actor: Actor, file_id: int) -> DevelopmentFile:
    """The file, locked; outside the actor's grants it does not exist. Closed files are read-only."""
    file = await load_file(session, file_id, lock=True)
    if file is None or not AUTHORIZER.can(actor, file.org_path, Resource.DEVELOPMENT, Action.READ):
        raise not_found("发展档案", field=["fileId"])
    audit.note(
        session, object_type="DevelopmentFile", object_id=file.id, org_id=file.organization_id, org_path=file.org_path
    )
    if file.stage == DevelopmentStage.CLOSED:
        raise DomainError(DevelopmentError.FILE_CLOSED, "该发展档案已终止，只读", field=["fileId"])
    return file


def require_write(actor: Actor, file: DevelopmentFile) -> None:
    if not AUTHORIZER.can(actor, file.org_path, Resource.DEVELOPMENT, Action.WRITE):
        raise forbidden("无权办理该发展档案")


def touch(file: DevelopmentFile) -> None:
    file.version += 1
    file.updated_at = utcnow()


async def extend_probation(
    session: AsyncSession, *, actor: Actor, file_id: int, months: int, reason: str
) -> DevelopmentFile:
    file = await visible_file(session, actor, file_id)
    require_write(actor, file)
    if file.stage != DevelopmentStage.PROBATIONARY:
        raise DomainError(DevelopmentError.NOT_ON_PROBATION, "只有预备党员才能延长预备期", field=["fileId"])
    rules.check_extension(months, file.extension_months, await current_rules(session))
    file.extension_months = months
    file.extension_reason = member_rules.require_reason(reason)
    touch(file)
    await session.flush()
    audit.note(session, changes={"extension_months": months, "extension_reason": file.extension_reason})
    return file


async def close_file(session: AsyncSession, *, actor: Actor, file_id: int, reason: str) -> DevelopmentFile:
    """Not admitted, withdrawn, or not converted (a failed conversion vote, a decision not to convert).

    On probation, the member record made at admission closes too (取消预备党员资格).
    """
    file = await visible_file(session, actor, file_id)
    require_write(actor, file)
    if file.stage == DevelopmentStage.FULL:
        raise DomainError(DevelopmentError.FILE_CLOSED, "已转正的发展档案不能终止", field=["fileId"])
    text = member_rules.require_reason(reason)
    day = today()
    if file.member_id is not None:
        await members.cancel_probation(session, member_id=file.member_id, on=day, reason=text)
    before = file.stage
    file.stage = DevelopmentStage.CLOSED
    file.closed_on = day
    file.closed_reason = text
    touch(file)
    await session.flush()
    audit.note(session, object_id=file.id, changes={"stage": {"from": before, "to": file.stage}, "reason": text})
    return file
