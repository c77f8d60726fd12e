"""Recording a development step: the order, the step's own rules, and what it does to the file and ledger."""

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.approvals import may_approve_development
from domain import audit
from domain.development import rules
from domain.development.enums import STEP_LABELS, STEP_NUMBERS, DevelopmentStage, DevelopmentStep
from domain.development.errors import DevelopmentError
from domain.development.models import DevelopmentFile, DevelopmentStepRecord
from domain.development.service import current_rules, require_write, touch, visible_file
from domain.errors import DomainError
from domain.members import rules as member_rules
from domain.members import service as members
from domain.members.enums import Category, Education, Ethnicity, Gender, MemberStatus, RecordState
from domain.members.models import Member
from domain.orgs.models import Organization, OrgType
from domain.personal_data import PersonalDataCipher
from domain.timeutil import today

S = DevelopmentStep
APPROVALS = frozenset({S.UPPER_PRE_REVIEW, S.UPPER_TALK, S.ADMISSION_APPROVAL, S.CONVERSION_APPROVAL})
STAGE_AFTER = {
    S.ACTIVIST_DESIGNATION: DevelopmentStage.ACTIVIST,
    S.TARGET_DESIGNATION: DevelopmentStage.TARGET,
    S.ADMISSION_APPROVAL: DevelopmentStage.PROBATIONARY,
    S.CONVERSION_APPROVAL: DevelopmentStage.FULL,
}
_TEXT_REQUIRED = {
    S.APPLICANT_TALK: "talker",
    S.ACTIVIST_REVIEW: "review",
    S.POLITICAL_REVIEW: "political_review_result",
}


@dataclass(frozen=True)
class StepDetails:
    """What a step may carry; each step reads the parts it needs (member ids are ledger ids)."""

    talker: str | None = None
    contact_ids: tuple[int, ...] | None = None
    introducer_ids: tuple[int, ...] | None = None
    review: str | None = None
    political_review_result: str | None = None
    training_days: int | None = None
    training_hours: int | None = None
    vote: rules.Vote | None = None
    special_reason: str | None = None
    note: str | None = None


async def upper_committee_path(session: AsyncSession, branch_path: str) -> str | None:
    """The nearest committee above the branch, by the ids its path holds."""
    ancestors = [int(part) for part in branch_path.strip("/").split("/")[:-1]]
    found = await session.scalar(
        select(col(Organization.path))
        .where(col(Organization.id).in_(ancestors), col(Organization.type) == OrgType.COMMITTEE)
        .order_by(col(Organization.depth).desc())
        .limit(1)
    )
    return found


async def _full_members(
    session: AsyncSession, actor: Actor, file: DevelopmentFile, ids: tuple[int, ...], field: str
) -> None:
    """Contacts and introducers: active full members of the ledger that the actor can see, not the applicant."""
    rows = (await session.execute(select(Member).where(col(Member.id).in_(ids)))).scalars().all()
    good = {
        m.id
        for m in rows
        if m.record_state == RecordState.ACTIVE
        and m.status == MemberStatus.FULL
        and m.id_number_key != file.id_number_key
        and members.visible(actor, m)
    }
    if set(ids) - good:
        raise DomainError(
            DevelopmentError.NOT_A_FULL_MEMBER, "须是在册的正式党员（非预备党员），且不能是申请人本人", field=[field]
        )


def _counted(ids: tuple[int, ...] | None, low: int, high: int, code: DevelopmentError, field: str) -> tuple[int, ...]:
    if ids is None or not low <= len(set(ids)) == len(ids) <= high:
        what = "2 名" if low == high else f"{low} 到 {high} 名"
        raise DomainError(code, f"须为 {what}，且不重复", field=[field])
    return ids


async def _check_details(
    session: AsyncSession,
    *,
    actor: Actor,
    file: DevelopmentFile,
    step: DevelopmentStep,
    d: StepDetails,
    r: rules.DevelopmentRules,
) -> dict[str, Any]:
    """The step's own rules; returns the details to keep."""
    kept: dict[str, Any] = {"note": member_rules.clean_text(d.note, "note", 500)}
    if step in _TEXT_REQUIRED:
        name = _TEXT_REQUIRED[step]
        field = "".join(w.capitalize() if i else w for i, w in enumerate(name.split("_")))
        kept[name] = member_rules.clean_text(getattr(d, name), field, 2000)
        if kept[name] is None:
            raise DomainError(DevelopmentError.DETAILS_REQUIRED, f"{STEP_LABELS[step]}须填写该项", field=[field])
    elif step is S.CONTACTS_ASSIGNED:
        ids = _counted(d.contact_ids, 1, 2, DevelopmentError.WRONG_NUMBER_OF_CONTACTS, "contactIds")
        await _full_members(session, actor, file, ids, "contactIds")
        kept["contact_ids"] = list(ids)
    elif step is S.INTRODUCERS_ASSIGNED:
        ids = _counted(d.introducer_ids, 2, 2, DevelopmentError.WRONG_NUMBER_OF_INTRODUCERS, "introducerIds")
        await _full_members(session, actor, file, ids, "introducerIds")
        kept["introducer_ids"] = list(ids)
    elif step is S.SHORT_TRAINING:
        rules.check_training(d.training_days, d.training_hours, r)
        kept |= {"training_days": d.training_days, "training_hours": d.training_hours}
    elif step in (S.ADMISSION_VOTE, S.CONVERSION_VOTE):
        kept["vote"] = asdict(rules.check_vote(d.vote))
    kept["special_reason"] = member_rules.clean_text(d.special_reason, "specialReason", 500)
    return {k: v for k, v in kept.items() if v is not None}


async def record_step(
    session: AsyncSession,
    *,
    actor: Actor,
    cipher: PersonalDataCipher,
    file_id: int,
    step: DevelopmentStep,
    on: date,
    details: StepDetails,
) -> DevelopmentFile:
    file = await visible_file(session, actor, file_id)
    assert file.id is not None
    if step in APPROVALS:
        if not may_approve_development(actor, await upper_committee_path(session, file.org_path)):
            raise DomainError(
                DevelopmentError.APPROVAL_LEVEL_REQUIRED,
                f"{STEP_LABELS[step]}须由上级党委的书记或党务工作者记录",
                field=["step"],
            )
    else:
        require_write(actor, file)
    records = (
        (
            await session.execute(
                select(DevelopmentStepRecord)
                .where(col(DevelopmentStepRecord.file_id) == file.id)
                .order_by(col(DevelopmentStepRecord.number), col(DevelopmentStepRecord.id))
            )
        )
        .scalars()
        .all()
    )
    dates = {S(r.step): r.done_on for r in records}
    member_rules.check_not_future(on, today(), "on")
    rules.check_order(step, [S(r.step) for r in records], records[-1].done_on if records else None, on)
    r = await current_rules(session)
    kept = await _check_details(session, actor=actor, file=file, step=step, d=details, r=r)
    await _apply(session, file=file, step=step, on=on, dates=dates, r=r, kept=kept, cipher=cipher)
    session.add(
        DevelopmentStepRecord(
            file_id=file.id,
            step=step,
            number=STEP_NUMBERS[step],
            done_on=on,
            details=kept or None,
            recorded_by=actor.user_id,
        )
    )
    file.stage = STAGE_AFTER.get(step, DevelopmentStage(file.stage))
    touch(file)
    try:
        await session.flush()
    except IntegrityError as error:  # a concurrent request recorded the same step first
        raise DomainError(DevelopmentError.STEP_ALREADY_RECORDED, "该步骤已记录", field=["step"]) from error
    audit.note(session, object_id=file.id, changes={"step": step, "on": on, "details": kept})
    return file


async def _apply(
    session: AsyncSession,
    *,
    file: DevelopmentFile,
    step: DevelopmentStep,
    on: date,
    dates: dict[DevelopmentStep, date],
    r: rules.DevelopmentRules,
    kept: dict[str, Any],
    cipher: PersonalDataCipher,
) -> None:
    """The step's intervals, and what it does to the file and the ledger."""
    if step is S.APPLICANT_TALK:
        file.late_talk = rules.talk_is_late(file.applied_on, on, r)
    elif step is S.TARGET_DESIGNATION:
        earliest = rules.earliest_target_on(dates[S.ACTIVIST_DESIGNATION], r)
        rules.check_interval(on, earliest, f"确定为入党积极分子须满 {r.activist_min_months} 个月")
    elif step is S.ADMISSION_APPROVAL:
        rules.check_approval_date(dates[S.ADMISSION_VOTE], on, kept.get("special_reason"), r)
        file.member_id = await _admit(session, file, dates[S.ADMISSION_VOTE], cipher)
    elif step is S.CONVERSION_APPROVAL:
        ends = rules.probation_ends_on(dates[S.ADMISSION_VOTE], file.extension_months, r)
        if on < ends:
            raise DomainError(
                DevelopmentError.PROBATION_NOT_ENDED, f"预备期至 {ends.isoformat()} 届满，此前不能转正", field=["on"]
            )
        assert file.member_id is not None, "admitted at step 17"
        await members.convert_member(session, member_id=file.member_id, converted_on=on)


async def _admit(session: AsyncSession, file: DevelopmentFile, joined_on: date, cipher: PersonalDataCipher) -> int:
    """The probationary member record, in the file's branch, admitted on the branch meeting's date."""
    branch = await session.get(Organization, file.organization_id)
    if branch is None or branch.dissolved_on is not None:
        raise DomainError(DevelopmentError.FILE_CLOSED, "该党支部已撤销，须先转到其他党支部", field=["fileId"])
    fields = members.MemberFields(
        name=file.name,
        gender=Gender(file.gender),
        ethnicity=Ethnicity(file.ethnicity),
        birth_date=file.birth_date,
        id_number=cipher.decrypt(file.id_number_cipher, members.ID_NUMBER),
        phone=cipher.decrypt(file.phone_cipher, members.PHONE) if file.phone_cipher else None,
        category=Category(file.category),
        education=Education(file.education) if file.education else None,
        joined_on=joined_on,
        status=MemberStatus.PROBATIONARY,
    )
    member = await members.add_member(session, cipher=cipher, branch=branch, group=None, fields=fields)
    assert member.id is not None
    return member.id
