"""Terms and re-elections (换届): recording an election, which starts a new term, and an upper committee's
approved move of a term's end. They flush, never commit. The pure rules are in term_rules.py."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.approvals import may_approve_term
from authz.authorizer import AUTHORIZER
from authz.guard import require_visible
from authz.roles import Action, Resource
from domain import audit
from domain.errors import DomainError, forbidden, not_found
from domain.members.enums import MemberStatus
from domain.members.models import Member
from domain.orglife import term_rules
from domain.orglife.config import current_rules
from domain.orglife.errors import OrgLifeError
from domain.orglife.models import Election, ElectionSeat, TermAdjustment
from domain.orglife.people import latest_election, members_of
from domain.orglife.term_rules import Seat
from domain.orgs.errors import OrgError
from domain.orgs.models import Organization, OrgType
from domain.texts import optional_text, required_text
from domain.timeutil import add_years, utcnow

ORG_FIELD = "organizationId"
NOTE_MAX = 500


async def _org(session: AsyncSession, actor: Actor, organization_id: int) -> Organization:
    """The org, locked (its term and version change); it does not exist outside the actor's grants."""
    statement = select(Organization).where(col(Organization.id) == organization_id).with_for_update()
    org = (await session.execute(statement)).scalar_one_or_none()
    if org is None:
        raise not_found("组织", field=[ORG_FIELD])
    require_visible(actor, org.path, Resource.ORGANIZATION, "组织", field=ORG_FIELD)
    audit.note(session, org_id=org.id, org_path=org.path)
    return org


def _alive(org: Organization) -> None:
    if org.dissolved_on is not None:
        raise DomainError(OrgError.ORG_DISSOLVED, f"组织“{org.name}”已撤销", field=[ORG_FIELD])
    if org.type not in term_rules.ELECTING_TYPES:
        raise DomainError(OrgLifeError.INVALID_COMMITTEE, "党小组不选举委员会，没有换届", field=[ORG_FIELD])


def _term(org: Organization) -> dict[str, Any]:
    return {
        "term_started_on": org.term_started_on,
        "term_adjusted_ends_on": org.term_adjusted_ends_on,
        "version": org.version,
    }


async def _check_held_on(session: AsyncSession, org: Organization, held_on: date, today: date) -> None:
    if held_on > today:
        raise DomainError(OrgLifeError.DATE_IN_FUTURE, "选举日期不能晚于今天", field=["heldOn"])
    if org.established_on is not None and held_on < org.established_on:
        raise DomainError(OrgLifeError.DATE_BEFORE_ESTABLISHED, "选举日期早于组织成立日期", field=["heldOn"])
    assert org.id is not None
    previous = await latest_election(session, org.id)
    if previous is not None and held_on < previous.held_on:
        raise DomainError(
            OrgLifeError.ELECTION_OUT_OF_ORDER,
            f"本组织上一次选举在 {previous.held_on.isoformat()}，不能补录更早的选举",
            field=["heldOn"],
        )


async def _check_candidates(session: AsyncSession, org: Organization, seats: Sequence[Seat]) -> int:
    """Every seat an active full member on the org's roll (probationary members cannot stand); returns how
    many full members the roll has, which decides whether a branch has a 支委会."""
    full = (col(Member.status) == MemberStatus.FULL, members_of(org))
    eligible = set(
        (await session.execute(select(col(Member.id)).where(col(Member.id).in_([s.member_id for s in seats]), *full)))
        .scalars()
        .all()
    )
    for i, seat in enumerate(seats):
        if seat.member_id not in eligible:
            raise DomainError(
                OrgLifeError.NOT_ELIGIBLE_FOR_ELECTION,
                "只有本组织的在册正式党员才能当选（预备党员没有被选举权）",
                field=["committee", str(i), "memberId"],
            )
    return int(await session.scalar(select(func.count()).select_from(Member).where(*full)) or 0)


async def record_election(
    session: AsyncSession,
    *,
    actor: Actor,
    organization_id: int,
    held_on: date,
    entitled_voters: int,
    voters_present: int,
    seats: Sequence[Seat],
    note: str | None,
    today: date,
) -> Election:
    """An election starts a new term: the org's term restarts on `held_on`, any adjustment of the old term
    lapses, and the elected committee becomes the org's current committee."""
    audit.note(session, object_type="Election")
    org = await _org(session, actor, organization_id)
    if not AUTHORIZER.can(actor, org.path, Resource.ORG_LIFE, Action.WRITE):
        raise forbidden("无权为该组织记录换届选举")
    _alive(org)
    await _check_held_on(session, org, held_on, today)
    term_rules.check_votes(entitled_voters, voters_present)
    term_rules.check_composition(seats)
    term_rules.check_seat_votes(seats, voters_present)
    kept_note = optional_text(note, ["note"], NOTE_MAX, lines=True)
    full_members = await _check_candidates(session, org, seats)
    if org.type in (OrgType.BRANCH, OrgType.GENERAL_BRANCH) and entitled_voters > full_members:
        # A branch (or general branch) elects in its members' general meeting: those entitled to vote are its
        # full members on the roll, never more. A committee elects in a congress of delegates: not checked.
        raise DomainError(
            OrgLifeError.INVALID_VOTE_COUNTS,
            f"应到会有选举权的人数（{entitled_voters}）不能多于本组织在册的正式党员（{full_members} 名）",
            field=["entitledVoters"],
        )
    term_rules.check_size(seats, OrgType(org.type), full_members, await current_rules(session))
    assert org.id is not None
    election = Election(
        organization_id=org.id,
        org_path=org.path,
        held_on=held_on,
        entitled_voters=entitled_voters,
        voters_present=voters_present,
        term_years=org.term_years,
        term_ends_on=add_years(held_on, org.term_years),
        note=kept_note,
        recorded_by=actor.user_id,
    )
    session.add(election)
    await session.flush()
    assert election.id is not None
    session.add_all(
        ElectionSeat(election_id=election.id, member_id=s.member_id, position=s.position, votes_for=s.votes_for)
        for s in seats
    )
    before = _term(org)
    org.term_started_on = held_on
    org.term_adjusted_ends_on = None
    _touch(org)
    await session.flush()
    audit.note(
        session,
        object_id=election.id,
        changes={
            "held_on": held_on,
            "votes": {"entitled": entitled_voters, "present": voters_present},
            "committee": [{"member_id": s.member_id, "position": s.position, "votes_for": s.votes_for} for s in seats],
            "organization": audit.diff(before, _term(org)),
        },
    )
    return election


def _touch(org: Organization) -> None:
    org.version += 1
    org.updated_at = utcnow()


async def approver_path(session: AsyncSession, org: Organization) -> str:
    """Where the approval grant must be: the nearest committee above the org. A root committee has no upper
    committee in this system (its own upper one lies outside the tree), so the grant at the org itself
    stands in for it: only those who keep that committee may record its approved adjustment."""
    ancestors = [int(part) for part in org.path.strip("/").split("/")[:-1]]
    found = await session.scalar(
        select(col(Organization.path))
        .where(col(Organization.id).in_(ancestors), col(Organization.type) == OrgType.COMMITTEE)
        .order_by(col(Organization.depth).desc())
        .limit(1)
    )
    return found or org.path


async def adjust_term(
    session: AsyncSession,
    *,
    actor: Actor,
    organization_id: int,
    new_ends_on: date,
    approval_note: str,
    today: date,
) -> Organization:
    """An upper committee's approved move of the current term's end (换届提前或延期), at most the configured
    months (a year by default) either side of the scheduled end; a later adjustment replaces an earlier one.
    `today` is the day it is recorded, kept in the audit record as the approval's calendar date."""
    audit.note(session, object_type="Organization")
    org = await _org(session, actor, organization_id)
    audit.note(session, object_id=org.id)
    approver = await approver_path(session, org)
    if not may_approve_term(actor, approver):
        raise DomainError(
            OrgLifeError.APPROVAL_LEVEL_REQUIRED, "换届提前或延期须由上级党委批准并记录", field=[ORG_FIELD]
        )
    _alive(org)
    if org.term_started_on is None:
        raise DomainError(OrgLifeError.NO_CURRENT_TERM, "该组织没有本届任期的记录，无从调整", field=[ORG_FIELD])
    scheduled = add_years(org.term_started_on, org.term_years)
    earliest, latest = term_rules.adjustment_bounds(scheduled, await current_rules(session))
    if not (earliest <= new_ends_on <= latest and new_ends_on > org.term_started_on):
        raise DomainError(
            OrgLifeError.TERM_ADJUSTMENT_TOO_LARGE,
            f"届满日期 {scheduled.isoformat()} 只能调整到 {earliest.isoformat()} 至 {latest.isoformat()} 之间",
            field=["newEndOn"],
        )
    note = required_text(approval_note, ["approvalNote"], NOTE_MAX, lines=True)
    approver_org = await session.scalar(select(col(Organization.id)).where(col(Organization.path) == approver))
    assert org.id is not None and approver_org is not None
    previous = term_rules.term_end(org.term_started_on, org.term_years, org.term_adjusted_ends_on)
    assert previous is not None
    session.add(
        TermAdjustment(
            organization_id=org.id,
            previous_ends_on=previous,
            new_ends_on=new_ends_on,
            approval_note=note,
            approver_org_id=approver_org,
            approved_by=actor.user_id,
        )
    )
    before = _term(org)
    org.term_adjusted_ends_on = new_ends_on
    _touch(org)
    await session.flush()
    audit.note(session, changes={**audit.diff(before, _term(org)), "approval_note": note, "recorded_on": today})
    return org
