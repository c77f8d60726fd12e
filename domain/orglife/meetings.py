"""Recording a meeting (三会一课) and correcting its record. They flush, never commit.

A correction replaces the whole record and keeps the version it replaces as a MeetingRevision, so the
history can be read back; the rules of a new record hold for a corrected one too.
"""

from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.guard import require_visible
from authz.roles import Action, Resource
from domain import audit
from domain.errors import DomainError, forbidden, not_found, stale_version
from domain.orglife import meeting_rules as rules
from domain.orglife.errors import OrgLifeError
from domain.orglife.meeting_history import snapshot, stored_snapshot
from domain.orglife.meeting_people import Attendance, attendance_of
from domain.orglife.meeting_rules import MeetingFields
from domain.orglife.models import (
    Meeting,
    MeetingAgendaItem,
    MeetingAttachment,
    MeetingAttendance,
    MeetingRevision,
    MeetingStudy,
    StudyTopic,
)
from domain.orgs.errors import OrgError
from domain.orgs.models import Organization, OrgType
from domain.texts import required_text
from domain.timeutil import utcnow

CHILDREN = (MeetingAttendance, MeetingAgendaItem, MeetingStudy, MeetingAttachment)
TOPICS_FIELD = ["agenda", "0", "studyTopicIds"]


async def _writable_org(session: AsyncSession, actor: Actor, org: Organization | None, field: str) -> Organization:
    if org is None:
        raise not_found("组织", field=[field])
    require_visible(actor, org.path, Resource.ORGANIZATION, "组织", field=field)
    audit.note(session, org_id=org.id, org_path=org.path)
    if not AUTHORIZER.can(actor, org.path, Resource.ORG_LIFE, Action.WRITE):
        raise forbidden("无权记录该组织的会议")
    if org.dissolved_on is not None:
        raise DomainError(OrgError.ORG_DISSOLVED, f"组织“{org.name}”已撤销，其会议记录只读", field=[field])
    return org


async def _check_topics(session: AsyncSession, org: Organization, fields: MeetingFields) -> None:
    """The topics studied as the first agenda item (第一议题) must have been issued to this org by then."""
    ids = fields.agenda[0].study_topic_ids
    if not ids:
        return
    rows = await session.execute(select(StudyTopic).where(col(StudyTopic.id).in_(ids)))
    topics = {t.id: t for t in rows.scalars()}
    for topic_id in ids:
        topic = topics.get(topic_id)
        if topic is None:
            raise not_found("学习专题", field=TOPICS_FIELD)
        if not org.path.startswith(topic.issuer_path):
            raise DomainError(
                OrgLifeError.TOPIC_NOT_ISSUED_TO_ORG, f"学习专题“{topic.title}”不是下发给本组织的", field=TOPICS_FIELD
            )
        if fields.held_on < topic.issued_on:
            raise DomainError(
                OrgLifeError.STUDIED_BEFORE_ISSUED,
                f"学习专题“{topic.title}”于 {topic.issued_on.isoformat()} 下发，会议日期早于此",
                field=TOPICS_FIELD,
            )


async def _validated(
    session: AsyncSession, org: Organization, fields: MeetingFields, today: date
) -> tuple[MeetingFields, Attendance, list[dict[str, Any]]]:
    clean = rules.checked(fields, OrgType(org.type), org.established_on, today)
    people = await attendance_of(session, org, clean)
    await _check_topics(session, org, clean)
    decisions = rules.decided(clean.decisions, entitled=people.entitled, present_voters=people.present_voters)
    return clean, people, decisions


def _fill(meeting: Meeting, fields: MeetingFields, people: Attendance, decisions: list[dict[str, Any]]) -> None:
    meeting.type = fields.type
    meeting.held_on = fields.held_on
    meeting.month_index = rules.month_index(fields.held_on)
    meeting.title = fields.title
    meeting.place = fields.place
    meeting.host_id = fields.host_id
    meeting.recorder_id = fields.recorder_id
    meeting.lecturer_id = fields.lecturer_id
    meeting.lecturer_name = fields.lecturer_name
    meeting.decisions = decisions
    meeting.combined_evaluation = fields.combined_evaluation
    meeting.due_count = len(people.rows)
    meeting.present_count = sum(1 for a in people.rows if a.present)


def _add_children(session: AsyncSession, meeting: Meeting, fields: MeetingFields, people: Attendance) -> None:
    assert meeting.id is not None
    mid, held_on = meeting.id, fields.held_on
    session.add_all(
        MeetingAttendance(
            meeting_id=mid, member_id=a.member_id, held_on=held_on, present=a.present, absence_reason=a.absence_reason
        )
        for a in people.rows
    )
    session.add_all(
        MeetingAgendaItem(meeting_id=mid, position=i + 1, title=item.title) for i, item in enumerate(fields.agenda)
    )
    session.add_all(
        MeetingStudy(
            meeting_id=mid,
            topic_id=t,
            organization_id=meeting.organization_id,
            org_path=meeting.org_path,
            held_on=held_on,
        )
        for t in fields.agenda[0].study_topic_ids
    )
    session.add_all(
        MeetingAttachment(meeting_id=mid, name=a.name, size=a.size, checksum=a.checksum, content_type=a.content_type)
        for a in fields.attachments
    )


async def record_meeting(
    session: AsyncSession, *, actor: Actor, organization_id: int, fields: MeetingFields, today: date
) -> Meeting:
    audit.note(session, object_type="Meeting")
    org = await _writable_org(session, actor, await session.get(Organization, organization_id), "organizationId")
    assert org.id is not None
    clean, people, decisions = await _validated(session, org, fields, today)
    meeting = Meeting(organization_id=org.id, org_path=org.path, type=clean.type, held_on=clean.held_on, month_index=0)
    meeting.recorded_by = actor.user_id
    _fill(meeting, clean, people, decisions)
    session.add(meeting)
    await session.flush()
    _add_children(session, meeting, clean, people)
    await session.flush()
    audit.note(
        session,
        object_id=meeting.id,
        changes=snapshot(meeting, people.rows, list(clean.agenda), list(clean.attachments)),
    )
    return meeting


async def update_meeting(
    session: AsyncSession,
    *,
    actor: Actor,
    meeting_id: int,
    version: int,
    fields: MeetingFields,
    reason: str,
    today: date,
) -> Meeting:
    """A correction (更正): the whole record replaced, the version replaced kept with the reason."""
    audit.note(session, object_type="Meeting", object_id=meeting_id)
    meeting = (
        await session.execute(select(Meeting).where(col(Meeting.id) == meeting_id).with_for_update())
    ).scalar_one_or_none()
    if meeting is None or not AUTHORIZER.can(actor, meeting.org_path, Resource.ORG_LIFE, Action.READ):
        raise not_found("会议记录", field=["id"])
    audit.note(session, org_id=meeting.organization_id, org_path=meeting.org_path)
    if not AUTHORIZER.can(actor, meeting.org_path, Resource.ORG_LIFE, Action.WRITE):
        raise forbidden("无权更正该会议记录")
    if meeting.version != version:
        raise stale_version(meeting.version)
    org = await _writable_org(session, actor, await session.get(Organization, meeting.organization_id), "id")
    why = required_text(reason, ["reason"], rules.REASON_MAX, lines=True)
    clean, people, decisions = await _validated(session, org, fields, today)
    before = await stored_snapshot(session, meeting)
    for child in CHILDREN:
        await session.execute(delete(child).where(col(child.meeting_id) == meeting_id))
    session.add(
        MeetingRevision(
            meeting_id=meeting_id, version=meeting.version, snapshot=before, reason=why, changed_by=actor.user_id
        )
    )
    _fill(meeting, clean, people, decisions)
    meeting.version += 1
    meeting.updated_at = utcnow()
    _add_children(session, meeting, clean, people)
    await session.flush()
    after = snapshot(meeting, people.rows, list(clean.agenda), list(clean.attachments))
    changes = audit.diff(before, after)
    changes.update(version={"from": version, "to": meeting.version}, reason=why)
    audit.note(session, changes=changes)
    return meeting
