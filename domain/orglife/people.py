"""Who belongs to an org for organization life: its members (those due at its meetings by default) and its
elected committee (those due at 党委会 and 支委会)."""

from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.members.enums import RecordState, SpecialState
from domain.members.models import Member
from domain.orglife.models import Election, ElectionSeat
from domain.orgs.models import Organization, OrgType
from domain.tree import in_subtree


def members_of(org: Organization) -> ColumnElement[bool]:
    """Members on the org's roll for its meetings: a branch's own, a group's own, everyone below a general
    branch or a committee; only those in the ledger and not suspended (停止党籍 ends organization life)."""
    scope: Any
    if org.type == OrgType.BRANCH:
        scope = col(Member.organization_id) == org.id
    elif org.type == OrgType.GROUP:
        scope = col(Member.party_group_id) == org.id
    else:
        scope = in_subtree(col(Member.org_path), org.path)
    return and_(
        scope,
        col(Member.record_state) == RecordState.ACTIVE,
        col(Member.special_state) != SpecialState.SUSPENDED,
    )


async def member_ids_of(session: AsyncSession, org: Organization) -> list[int]:
    rows = await session.execute(select(col(Member.id)).where(members_of(org)).order_by(col(Member.id)))
    return [int(i) for i in rows.scalars() if i is not None]


async def latest_election(session: AsyncSession, org_id: int) -> Election | None:
    statement = (
        select(Election)
        .where(col(Election.organization_id) == org_id)
        .order_by(col(Election.held_on).desc(), col(Election.id).desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def current_committee(session: AsyncSession, org_id: int) -> list[ElectionSeat]:
    """The seats of the org's latest election: its committee now. Empty when no election is on record."""
    election = await latest_election(session, org_id)
    if election is None:
        return []
    rows = await session.execute(
        select(ElectionSeat).where(col(ElectionSeat.election_id) == election.id).order_by(col(ElectionSeat.id))
    )
    return list(rows.scalars())
