"""What clients send about meeting records (三会一课)."""

from datetime import date

import strawberry

import api.orglife.enums  # noqa: F401 - described before these inputs use them
from api.ids import decode_id
from domain.errors import DomainError
from domain.orglife.enums import MeetingType
from domain.orglife.meeting_rules import AgendaItem, Attachment, Attendee, Decision, MeetingFields


def _id(value: strawberry.ID, type_name: str, path: list[str]) -> int:
    """`decode_id`, with the refusal pointing at the entry of a list rather than at the list."""
    try:
        return decode_id(value, type_name)
    except DomainError as error:
        error.field = path
        raise


def _optional(value: strawberry.ID | None, type_name: str, field: str) -> int | None:
    return None if value is None else _id(value, type_name, [field])


@strawberry.input(description="应到会的一名党员：出席，或缺席及原因")
class AttendanceInput:
    member_id: strawberry.ID = strawberry.field(description="党员 ID；须为该组织的在册党员")
    present: bool = strawberry.field(description="是否出席")
    absence_reason: str | None = strawberry.field(default=None, description="缺席原因（出席时忽略），不超过 200 个字符")


@strawberry.input(description="一项议程，按顺序给出")
class AgendaItemInput:
    title: str = strawberry.field(description="议程内容，1 到 300 个字符")
    study_topic_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="本项学习的学习专题（第一议题）；只有第一项议程可以填写"
    )


@strawberry.input(description="会议的一项决定；付诸表决的，填写赞成、反对、弃权票数")
class DecisionInput:
    text: str = strawberry.field(description="决定内容，1 到 1000 个字符")
    votes_for: int | None = strawberry.field(default=None, description="赞成票数（表决时三项都填）")
    votes_against: int | None = strawberry.field(default=None, description="反对票数")
    abstentions: int | None = strawberry.field(default=None, description="弃权票数")


@strawberry.input(description="附件的元数据（文件本身另存）")
class AttachmentInput:
    name: str = strawberry.field(description="文件名，1 到 200 个字符")
    size: int = strawberry.field(description="大小，字节，不小于 0")
    checksum: str = strawberry.field(description="SHA-256 校验值，64 位小写十六进制")
    content_type: str | None = strawberry.field(default=None, description="文件类型 (MIME)，如 application/pdf")


@strawberry.input(description="会议记录的全部内容；更正时整条记录以此替换")
class MeetingFieldsInput:
    type: MeetingType = strawberry.field(description="会议类型；须适用于该类组织（如党委不开党小组会）")
    held_on: date = strawberry.field(description="会议日期：不晚于今天，不早于组织成立日期")
    title: str | None = strawberry.field(default=None, description="会议主题，不超过 200 个字符")
    place: str | None = strawberry.field(default=None, description="地点，不超过 200 个字符")
    host_id: strawberry.ID | None = strawberry.field(default=None, description="主持人：该组织的在册党员")
    recorder_id: strawberry.ID | None = strawberry.field(default=None, description="记录人：该组织的在册党员")
    lecturer_id: strawberry.ID | None = strawberry.field(
        default=None, description="授课人（党课）：任一在册党员；党课须填写授课人或授课人姓名"
    )
    lecturer_name: str | None = strawberry.field(default=None, description="外请授课人的姓名，不超过 50 个字符")
    attendance: list[AttendanceInput] = strawberry.field(
        description="出席情况。党支部、党小组默认全体在册党员应到会，党委会、支委会默认本届委员应到会，"
        "未列出的应到人员记为缺席；党委、党总支的其他会议只以列出的人员为应到"
    )
    agenda: list[AgendaItemInput] = strawberry.field(description="议程，按顺序，至少一项")
    decisions: list[DecisionInput] | None = strawberry.field(
        default=None,
        description="决定。付诸表决的须有超过半数的应到会正式党员到会；获应到会正式党员过半数赞成为通过",
    )
    combined_evaluation: bool = strawberry.field(
        default=False, description="组织生活会是否同时开展民主评议党员（只适用于组织生活会）"
    )
    attachments: list[AttachmentInput] | None = strawberry.field(default=None, description="附件的元数据")

    def fields(self) -> MeetingFields:
        """Raises a coded DomainError for an ID of the wrong type, pointing at its entry."""
        return MeetingFields(
            type=self.type,
            held_on=self.held_on,
            title=self.title,
            place=self.place,
            host_id=_optional(self.host_id, "Member", "hostId"),
            recorder_id=_optional(self.recorder_id, "Member", "recorderId"),
            lecturer_id=_optional(self.lecturer_id, "Member", "lecturerId"),
            lecturer_name=self.lecturer_name,
            attendance=tuple(
                Attendee(_id(a.member_id, "Member", ["attendance", str(i), "memberId"]), a.present, a.absence_reason)
                for i, a in enumerate(self.attendance)
            ),
            agenda=tuple(
                AgendaItem(
                    item.title,
                    tuple(
                        _id(t, "StudyTopic", ["agenda", str(i), "studyTopicIds"]) for t in item.study_topic_ids or ()
                    ),
                )
                for i, item in enumerate(self.agenda)
            ),
            decisions=tuple(
                Decision(d.text, d.votes_for, d.votes_against, d.abstentions) for d in self.decisions or ()
            ),
            combined_evaluation=self.combined_evaluation,
            attachments=tuple(Attachment(a.name, a.size, a.checksum, a.content_type) for a in self.attachments or ()),
        )


@strawberry.input(description="记录一次会议（三会一课等）")
class RecordMeetingInput(MeetingFieldsInput):
    organization_id: strawberry.ID = strawberry.field(description="召开会议的组织（未撤销）")


@strawberry.input(description="更正会议记录：整条记录替换，原来的版本连同更正原因保留在修订历史中")
class UpdateMeetingInput(MeetingFieldsInput):
    id: strawberry.ID = strawberry.field(description="会议记录 ID")
    version: int = strawberry.field(description="读取时的版本号")
    reason: str = strawberry.field(description="更正原因，1 到 500 个字符")
