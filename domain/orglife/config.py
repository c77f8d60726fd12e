"""Reading and changing the configurable rules of organization life: the alert windows (one row) and the
meeting frequencies (a row per meeting type and org type). ADMIN changes them; everyone reads them."""

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain import audit
from domain.errors import DomainError, forbidden, stale_version
from domain.orglife.enums import ALLOWED_ORG_TYPES, MeetingType, Period
from domain.orglife.errors import OrgLifeError
from domain.orglife.models import MeetingRequirement, OrgLifeRulesRow
from domain.orglife.rules import OrgLifeRules, Requirement
from domain.orgs.models import OrgType
from domain.timeutil import utcnow

RULES_ID = 1


async def current_rules(session: AsyncSession) -> OrgLifeRules:
    row = await session.get(OrgLifeRulesRow, RULES_ID)
    # The migration seeds the row; the regulation values stand in if it was removed.
    return rules_of(row) if row else OrgLifeRules()


def rules_of(row: OrgLifeRulesRow) -> OrgLifeRules:
    return OrgLifeRules(**{k: getattr(row, k) for k in OrgLifeRules.__dataclass_fields__})


async def rules_version(session: AsyncSession) -> int:
    row = await session.get(OrgLifeRulesRow, RULES_ID)
    return row.version if row else 0


async def requirements(session: AsyncSession) -> tuple[Requirement, ...]:
    rows = (await session.execute(select(MeetingRequirement))).scalars().all()
    found = tuple(
        Requirement(MeetingType(r.meeting_type), OrgType(r.org_type), Period(r.period), r.min_count) for r in rows
    )
    return tuple(sorted(found, key=lambda r: (list(MeetingType).index(r.meeting_type), r.org_type)))


def check_requirements(found: tuple[Requirement, ...]) -> None:
    seen = set()
    for r in found:
        if r.org_type not in ALLOWED_ORG_TYPES[r.meeting_type]:
            raise DomainError(OrgLifeError.MEETING_TYPE_NOT_ALLOWED, f"{r.org_type} 不召开 {r.meeting_type}")
        if not 1 <= r.min_count <= 31 or (r.meeting_type, r.org_type) in seen:
            raise DomainError(OrgLifeError.INVALID_RULES, "每期次数须在 1 到 31 之间，同一类组织的同一会议只能有一条")
        seen.add((r.meeting_type, r.org_type))


async def update_rules(
    session: AsyncSession,
    *,
    actor: Actor,
    values: OrgLifeRules,
    required: tuple[Requirement, ...] | None,
    version: int,
) -> OrgLifeRulesRow:
    """Replace the windows, and the frequencies when given (None keeps them). Versioned as one record."""
    audit.note(session, object_type="OrgLifeRules", object_id=RULES_ID)
    if not AUTHORIZER.is_global(actor, Resource.ORG_LIFE_RULES, Action.WRITE):
        raise forbidden("只有系统管理员可以修改组织生活的规则")
    values.check()
    if required is not None:
        check_requirements(required)
    row = (
        await session.execute(select(OrgLifeRulesRow).where(col(OrgLifeRulesRow.id) == RULES_ID).with_for_update())
    ).scalar_one_or_none()
    if row is None:
        row = OrgLifeRulesRow(id=RULES_ID, version=0)
        session.add(row)
    if row.version != version:
        raise stale_version(row.version)
    before = {k: getattr(row, k) for k in values.__dict__}
    changes = audit.diff(before, values.__dict__)
    for key, value in values.__dict__.items():
        setattr(row, key, value)
    if required is not None:
        old = await requirements(session)
        await session.execute(delete(MeetingRequirement))
        session.add_all(
            MeetingRequirement(meeting_type=r.meeting_type, org_type=r.org_type, period=r.period, min_count=r.min_count)
            for r in required
        )
        changes.update(audit.diff({"requirements": _text(old)}, {"requirements": _text(required)}))
    row.version += 1
    row.updated_at = utcnow()
    await session.flush()
    audit.note(session, changes=changes)
    return row


def _text(found: tuple[Requirement, ...]) -> list[str]:
    return [f"{r.meeting_type}@{r.org_type}:{r.period}x{r.min_count}" for r in found]
