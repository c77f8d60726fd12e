"""A meeting record (会议记录) as the schema shows it; its parts come through loaders, one statement each for
a whole page of meetings."""

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

import api.orglife.enums  # noqa: F401 - described before these types use them
from api.accounts.types import User, user_from_row
from api.context import ZInfo
from api.errors import UserError
from api.ids import to_global_id
from api.members.loaders import member_loader
from api.members.types import Member
from api.node import Node
from api.orglife.meeting_loaders import (
    agenda_loader,
    attachments_loader,
    attendance_loader,
    revisions_loader,
    studies_loader,
    user_row_loader,
)
from api.orglife.study_types import StudyTopic, topic_loader
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from domain.charts import rate
from domain.orglife.enums import MeetingType


async def _member(info: ZInfo, db_id: int | None) -> Member | None:
    return await member_loader(info).load(db_id) if db_id is not None else None


@strawberry.type(description="一名应到会党员的出席情况")
class MeetingAttendee:
    member_db_id: strawberry.Private[int]
    present: bool = strawberry.field(description="是否出席")
    absence_reason: str | None = strawberry.field(description="缺席原因；未填写或出席时为空")

    @strawberry.field(description="党员；不在你的权限范围内时为空")
    async def member(self, info: ZInfo) -> Member | None:
        return await _member(info, self.member_db_id)


@strawberry.type(description="一项议程")
class MeetingAgendaItem:
    meeting_db_id: strawberry.Private[int]
    position: int = strawberry.field(description="序号，从 1 开始；第 1 项为第一议题")
    title: str = strawberry.field(description="议程内容")

    @strawberry.field(description="本项学习的学习专题（只有第一项议程有）；无权查看的不列出")
    async def study_topics(self, info: ZInfo) -> list[StudyTopic]:
        if self.position != 1:
            return []
        studies = await studies_loader(info).load(self.meeting_db_id)
        topics = await topic_loader(info).load_many([s.topic_id for s in studies])
        return [t for t in topics if t is not None]


@strawberry.type(description="会议的一项决定；付诸表决的，有票数和结果")
class MeetingDecision:
    text: str = strawberry.field(description="决定内容")
    votes_for: int | None = strawberry.field(description="赞成票数；未表决时为空")
    votes_against: int | None = strawberry.field(description="反对票数")
    abstentions: int | None = strawberry.field(description="弃权票数")
    entitled: int | None = strawberry.field(description="应到会有表决权的正式党员数（预备党员没有表决权）")
    passed: bool | None = strawberry.field(description="是否通过：赞成票超过应到会正式党员的半数；未表决时为空")


@strawberry.type(description="附件的元数据")
class MeetingAttachment:
    name: str = strawberry.field(description="文件名")
    size: int = strawberry.field(description="大小，字节")
    checksum: str = strawberry.field(description="SHA-256 校验值")
    content_type: str | None = strawberry.field(description="文件类型 (MIME)")


@strawberry.type(description="会议记录的一个旧版本：被更正替换前的全部内容")
class MeetingRevision:
    user_db_id: strawberry.Private[int | None]
    version: int = strawberry.field(description="该旧版本的版本号")
    reason: str | None = strawberry.field(description="替换它的更正原因")
    changed_at: datetime = strawberry.field(description="更正时间 (UTC)")
    snapshot: JSON = strawberry.field(description="该版本的全部内容（字段名与 recordMeeting 的输入相同，ID 为全局 ID）")

    @strawberry.field(description="做出更正的用户；无权查看时为空")
    async def changed_by(self, info: ZInfo) -> User | None:
        row = await user_row_loader(info).load(self.user_db_id) if self.user_db_id else None
        return user_from_row(row) if row else None


def _gid(type_name: str, db_id: int | None) -> str | None:
    return to_global_id(type_name, db_id) if db_id is not None else None


def snapshot_out(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A stored snapshot (database ids, Python names) as a client reads it: global IDs, the input's names."""
    s = snapshot
    return {
        "type": s["type"],
        "heldOn": s["held_on"],
        "title": s["title"],
        "place": s["place"],
        "hostId": _gid("Member", s["host_id"]),
        "recorderId": _gid("Member", s["recorder_id"]),
        "lecturerId": _gid("Member", s["lecturer_id"]),
        "lecturerName": s["lecturer_name"],
        "attendance": [
            {"memberId": _gid("Member", a["member_id"]), "present": a["present"], "absenceReason": a["absence_reason"]}
            for a in s["attendance"]
        ],
        "agenda": [
            {"title": a["title"], "studyTopicIds": [_gid("StudyTopic", t) for t in a["study_topic_ids"]]}
            for a in s["agenda"]
        ],
        "decisions": s["decisions"],
        "combinedEvaluation": s["combined_evaluation"],
        "attachments": [
            {"name": a["name"], "size": a["size"], "checksum": a["checksum"], "contentType": a["content_type"]}
            for a in s["attachments"]
        ],
        "dueCount": s["due_count"],
        "presentCount": s["present_count"],
    }


@strawberry.type(description="会议记录（三会一课等）：应到、实到、缺席及原因，议程、决定和附件；更正时保留历史版本")
class Meeting(Node):
    db_id: strawberry.Private[int]
    org_db_id: strawberry.Private[int]
    host_db_id: strawberry.Private[int | None]
    recorder_db_id: strawberry.Private[int | None]
    lecturer_db_id: strawberry.Private[int | None]
    type: MeetingType = strawberry.field(description="会议类型")
    held_on: date = strawberry.field(description="会议日期")
    title: str | None = strawberry.field(description="会议主题")
    place: str | None = strawberry.field(description="地点")
    lecturer_name: str | None = strawberry.field(description="外请授课人的姓名")
    due_count: int = strawberry.field(description="应到人数")
    present_count: int = strawberry.field(description="实到人数")
    decisions: list[MeetingDecision] = strawberry.field(description="决定，按记录的顺序")
    combined_evaluation: bool = strawberry.field(description="组织生活会是否同时开展了民主评议党员")
    version: int = strawberry.field(description="版本号，更正时须带上")
    created_at: datetime = strawberry.field(description="记录时间 (UTC)")
    updated_at: datetime = strawberry.field(description="最后更正时间 (UTC)")

    @strawberry.field(description="召开会议的组织")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="主持人；不在你的权限范围内时为空")
    async def host(self, info: ZInfo) -> Member | None:
        return await _member(info, self.host_db_id)

    @strawberry.field(description="记录人；不在你的权限范围内时为空")
    async def recorder(self, info: ZInfo) -> Member | None:
        return await _member(info, self.recorder_db_id)

    @strawberry.field(description="授课人（党课）；外请的见 lecturerName；不在你的权限范围内时为空")
    async def lecturer(self, info: ZInfo) -> Member | None:
        return await _member(info, self.lecturer_db_id)

    @strawberry.field(description="出席率：实到 / 应到，百分数，一位小数；无应到人员时为 0")
    def attendance_rate(self) -> float:
        return rate(self.present_count, self.due_count) or 0.0

    @strawberry.field(description="应到会人员的出席情况：记录时列出的在前，其余应到而未列出的记为缺席")
    async def attendance(self, info: ZInfo) -> list[MeetingAttendee]:
        rows = await attendance_loader(info).load(self.db_id)
        return [
            MeetingAttendee(member_db_id=r.member_id, present=r.present, absence_reason=r.absence_reason) for r in rows
        ]

    @strawberry.field(description="议程，按顺序")
    async def agenda(self, info: ZInfo) -> list[MeetingAgendaItem]:
        rows = await agenda_loader(info).load(self.db_id)
        return [MeetingAgendaItem(meeting_db_id=self.db_id, position=r.position, title=r.title) for r in rows]

    @strawberry.field(description="附件的元数据")
    async def attachments(self, info: ZInfo) -> list[MeetingAttachment]:
        rows = await attachments_loader(info).load(self.db_id)
        return [
            MeetingAttachment(name=r.name, size=r.size, checksum=r.checksum, content_type=r.content_type) for r in rows
        ]

    @strawberry.field(description="被更正替换的旧版本，早的在前")
    async def revisions(self, info: ZInfo) -> list[MeetingRevision]:
        rows = await revisions_loader(info).load(self.db_id)
        return [
            MeetingRevision(
                user_db_id=r.changed_by,
                version=r.version,
                reason=r.reason,
                changed_at=r.changed_at,
                snapshot=snapshot_out(r.snapshot),  # type: ignore[arg-type]
            )
            for r in rows
        ]


def _decision(stored: dict[str, Any]) -> MeetingDecision:
    return MeetingDecision(
        text=stored["text"],
        votes_for=stored.get("votesFor"),
        votes_against=stored.get("votesAgainst"),
        abstentions=stored.get("abstentions"),
        entitled=stored.get("entitled"),
        passed=stored.get("passed"),
    )


def meeting_from_row(row: Any) -> Meeting:
    """From a Core row or an ORM object alike."""
    return Meeting(
        id=strawberry.ID(to_global_id("Meeting", row.id)),
        db_id=row.id,
        org_db_id=row.organization_id,
        host_db_id=row.host_id,
        recorder_db_id=row.recorder_id,
        lecturer_db_id=row.lecturer_id,
        type=MeetingType(row.type),
        held_on=row.held_on,
        title=row.title,
        place=row.place,
        lecturer_name=row.lecturer_name,
        due_count=row.due_count,
        present_count=row.present_count,
        decisions=[_decision(d) for d in row.decisions or []],
        combined_evaluation=row.combined_evaluation,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@strawberry.type(description="记录或更正会议的结果")
class MeetingPayload:
    meeting: Meeting | None = strawberry.field(description="记录或更正后的会议；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败的原因；成功时为空列表")
