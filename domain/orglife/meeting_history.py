"""A version of a meeting record as plain JSON: what a MeetingRevision keeps when a correction replaces it,
and what the audit trail compares."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.orglife.meeting_rules import AgendaItem, Attachment, Attendee
from domain.orglife.models import Meeting, MeetingAgendaItem, MeetingAttachment, MeetingAttendance, MeetingStudy


def snapshot(
    meeting: Meeting, attendance: list[Attendee], agenda: list[AgendaItem], attachments: list[Attachment]
) -> dict[str, Any]:
    """Database ids and Python names: the API turns them into global IDs and the input's names."""
    return {
        "type": str(meeting.type),
        "held_on": meeting.held_on.isoformat(),
        "title": meeting.title,
        "place": meeting.place,
        "host_id": meeting.host_id,
        "recorder_id": meeting.recorder_id,
        "lecturer_id": meeting.lecturer_id,
        "lecturer_name": meeting.lecturer_name,
        "attendance": [
            {"member_id": a.member_id, "present": a.present, "absence_reason": a.absence_reason} for a in attendance
        ],
        "agenda": [{"title": a.title, "study_topic_ids": list(a.study_topic_ids)} for a in agenda],
        "decisions": [dict(d) for d in meeting.decisions],
        "combined_evaluation": meeting.combined_evaluation,
        "attachments": [
            {"name": a.name, "size": a.size, "checksum": a.checksum, "content_type": a.content_type}
            for a in attachments
        ],
        "due_count": meeting.due_count,
        "present_count": meeting.present_count,
    }


async def stored_snapshot(session: AsyncSession, meeting: Meeting) -> dict[str, Any]:
    """The snapshot of the record as it is in the database now."""
    mid = meeting.id
    attendance = (
        await session.execute(
            select(MeetingAttendance)
            .where(col(MeetingAttendance.meeting_id) == mid)
            .order_by(col(MeetingAttendance.id))
        )
    ).scalars()
    items = (
        await session.execute(
            select(MeetingAgendaItem)
            .where(col(MeetingAgendaItem.meeting_id) == mid)
            .order_by(col(MeetingAgendaItem.position))
        )
    ).scalars()
    topics = (
        await session.execute(
            select(col(MeetingStudy.topic_id)).where(col(MeetingStudy.meeting_id) == mid).order_by(col(MeetingStudy.id))
        )
    ).scalars()
    files = (
        await session.execute(
            select(MeetingAttachment)
            .where(col(MeetingAttachment.meeting_id) == mid)
            .order_by(col(MeetingAttachment.id))
        )
    ).scalars()
    studied = tuple(int(t) for t in topics)
    agenda = [AgendaItem(item.title, studied if item.position == 1 else ()) for item in items]
    return snapshot(
        meeting,
        [Attendee(a.member_id, a.present, a.absence_reason) for a in attendance],
        agenda,
        [Attachment(f.name, f.size, f.checksum, f.content_type) for f in files],
    )
