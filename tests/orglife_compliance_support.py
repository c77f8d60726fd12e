"""Meetings for the compliance and attendance tests, written straight through the models: these tests read
meetings, they do not test recording them (tests/test_orglife_meetings*.py do)."""

from collections.abc import Sequence
from datetime import date

from domain.members.models import Member
from domain.orglife.enums import MeetingType
from domain.orglife.models import Meeting, MeetingAttendance
from domain.orgs.models import Organization
from tests.fixtures import Builder


async def hold(
    build: Builder,
    org: Organization,
    kind: MeetingType,
    held_on: date,
    *,
    present: Sequence[Member] = (),
    absent: Sequence[Member] = (),
    combined: bool = False,
) -> Meeting:
    """A meeting of `org` on `held_on`, with the members due: `present` and `absent`."""
    assert org.id is not None
    meeting = Meeting(
        organization_id=org.id,
        org_path=org.path,
        type=kind,
        held_on=held_on,
        month_index=held_on.year * 12 + held_on.month - 1,
        title=f"{kind} {held_on.isoformat()}",
        combined_evaluation=combined,
        due_count=len(present) + len(absent),
        present_count=len(present),
    )
    async with build.sessions() as session, session.begin():
        session.add(meeting)
        await session.flush()
        assert meeting.id is not None
        for member, was_present in [*((m, True) for m in present), *((m, False) for m in absent)]:
            assert member.id is not None
            session.add(
                MeetingAttendance(
                    meeting_id=meeting.id,
                    member_id=member.id,
                    held_on=held_on,
                    present=was_present,
                    absence_reason=None if was_present else "出差",
                )
            )
    return meeting


async def hold_each(build: Builder, org: Organization, kind: MeetingType, days: Sequence[date]) -> None:
    for day in days:
        await hold(build, org, kind, day)
