"""Who was due at a meeting, who of them was present, and who of them may vote.

By default those due are a branch's or a group's whole roll, and a committee meeting's (党委会, 支委会)
elected committee; a committee or general branch holds its other meetings (a lecture, its members'
meeting) with whoever it names. Everyone named is due too, and must be on the org's roll. The roll is
today's: a meeting recorded late names those who were there, and they must still belong to the org.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.errors import DomainError, not_found
from domain.members.enums import MemberStatus, RecordState
from domain.members.models import Member
from domain.orglife.enums import COMMITTEE_TYPES
from domain.orglife.errors import OrgLifeError
from domain.orglife.meeting_rules import Attendee, MeetingFields
from domain.orglife.people import current_committee, members_of
from domain.orgs.models import Organization, OrgType

ROLL_ORG_TYPES = (OrgType.BRANCH, OrgType.GROUP)


@dataclass(frozen=True)
class Attendance:
    rows: list[Attendee]  # those due: the ones named, in their order, then the others due, absent
    entitled: int  # full members due: the entitled voters (probationary members have no vote)
    present_voters: int  # full members present


def _not_on_roll(field: list[str]) -> DomainError:
    return DomainError(OrgLifeError.NOT_A_MEMBER_OF_ORG, "此人不是该组织的在册党员", field=field)


async def attendance_of(session: AsyncSession, org: Organization, fields: MeetingFields) -> Attendance:
    named: dict[int, int] = {}
    for i, attendee in enumerate(fields.attendance):
        if attendee.member_id in named:
            raise DomainError(
                OrgLifeError.DUPLICATE_ATTENDEE,
                "同一人在出席名单中出现了两次",
                field=["attendance", str(i), "memberId"],
            )
        named[attendee.member_id] = i
    committee = fields.type in COMMITTEE_TYPES
    defaults: list[int] = []
    if committee:
        defaults = [seat.member_id for seat in await current_committee(session, org.id or 0)]
    whole_roll = not committee and OrgType(org.type) in ROLL_ORG_TYPES
    roll = select(col(Member.id), col(Member.status)).where(members_of(org))
    if not whole_roll:  # a committee's roll can be its whole subtree: read only the people concerned
        wanted = {*named, *defaults, fields.host_id, fields.recorder_id} - {None}
        roll = roll.where(col(Member.id).in_(wanted))
    found = (await session.execute(roll.order_by(col(Member.id)))).all()
    status: dict[int, str] = {row[0]: row[1] for row in found if row[0] is not None}
    if whole_roll:
        defaults = list(status)
    for member_id, i in named.items():
        if member_id not in status:
            raise _not_on_roll(["attendance", str(i), "memberId"])
    for person, field in ((fields.host_id, "hostId"), (fields.recorder_id, "recorderId")):
        if person is not None and person not in status:
            raise _not_on_roll([field])
    if fields.lecturer_id is not None:
        active = col(Member.record_state) == RecordState.ACTIVE
        if await session.scalar(select(col(Member.id)).where(col(Member.id) == fields.lecturer_id, active)) is None:
            raise not_found("授课党员", field=["lecturerId"])
    # A committee member no longer on the roll (moved away since the election) is no longer due.
    rows = list(fields.attendance) + [
        Attendee(member_id, present=False) for member_id in defaults if member_id in status and member_id not in named
    ]
    full = [a for a in rows if status[a.member_id] == MemberStatus.FULL]
    return Attendance(rows=rows, entitled=len(full), present_voters=sum(1 for a in full if a.present))
