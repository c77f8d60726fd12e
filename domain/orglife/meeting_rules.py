"""What a meeting record (会议记录) is made of, and the pure rules of its content: where a type may be held,
its date, texts, agenda, attachments and votes. The rules that read the database (the roll, the committee,
the study topics) are in meetings.py."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.errors import CommonError, DomainError
from domain.orglife.enums import ALLOWED_ORG_TYPES, MEETING_TYPE_LABELS, MeetingType
from domain.orglife.errors import OrgLifeError
from domain.orgs.models import OrgType
from domain.texts import optional_text, required_text

TITLE_MAX = 200
PLACE_MAX = 200
LECTURER_NAME_MAX = 50
ABSENCE_REASON_MAX = 200
AGENDA_TITLE_MAX = 300
DECISION_MAX = 1000
REASON_MAX = 500
ATTACHMENT_NAME_MAX = 200
CONTENT_TYPE_MAX = 100
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Attendee:
    member_id: int
    present: bool
    absence_reason: str | None = None


@dataclass(frozen=True)
class AgendaItem:
    title: str
    study_topic_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Decision:
    """A decision; with votes it was put to the meeting's vote (表决), without them it was agreed otherwise."""

    text: str
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None

    @property
    def voted(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against, self.abstentions))


@dataclass(frozen=True)
class Attachment:
    name: str
    size: int
    checksum: str  # SHA-256 of the file, lowercase hex: ties a stored file to this record
    content_type: str | None = None


@dataclass(frozen=True)
class MeetingFields:
    """A whole meeting record as the user gives it; a correction replaces all of it."""

    type: MeetingType
    held_on: date
    agenda: tuple[AgendaItem, ...]
    title: str | None = None
    place: str | None = None
    host_id: int | None = None
    recorder_id: int | None = None
    lecturer_id: int | None = None
    lecturer_name: str | None = None
    attendance: tuple[Attendee, ...] = ()
    decisions: tuple[Decision, ...] = ()
    combined_evaluation: bool = False
    attachments: tuple[Attachment, ...] = ()


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def check_type(meeting_type: MeetingType, org_type: OrgType) -> None:
    if org_type not in ALLOWED_ORG_TYPES[meeting_type]:
        raise DomainError(
            OrgLifeError.MEETING_TYPE_NOT_ALLOWED,
            f"{MEETING_TYPE_LABELS[meeting_type]}不能在此类组织召开",
            field=["type"],
        )


def check_held_on(held_on: date, today: date, established_on: date | None) -> None:
    if held_on > today:
        raise DomainError(OrgLifeError.DATE_IN_FUTURE, "会议日期不能晚于今天", field=["heldOn"])
    if established_on is not None and held_on < established_on:
        raise DomainError(OrgLifeError.DATE_BEFORE_ESTABLISHED, "会议日期早于组织成立日期", field=["heldOn"])


def check_attachment(attachment: Attachment, i: int) -> Attachment:
    at = ["attachments", str(i)]
    name = optional_text(attachment.name, [*at, "name"], ATTACHMENT_NAME_MAX, code=OrgLifeError.INVALID_ATTACHMENT)
    if name is None:
        raise DomainError(OrgLifeError.INVALID_ATTACHMENT, "附件须有名称", field=[*at, "name"])
    if attachment.size < 0:
        raise DomainError(OrgLifeError.INVALID_ATTACHMENT, "附件大小不能为负数", field=[*at, "size"])
    if not _SHA256.match(attachment.checksum):
        raise DomainError(
            OrgLifeError.INVALID_ATTACHMENT, "校验值须为 64 位小写十六进制的 SHA-256", field=[*at, "checksum"]
        )
    content_type = optional_text(
        attachment.content_type, [*at, "contentType"], CONTENT_TYPE_MAX, code=OrgLifeError.INVALID_ATTACHMENT
    )
    return Attachment(name, attachment.size, attachment.checksum, content_type)


def _agenda_item(item: AgendaItem, i: int) -> AgendaItem:
    if i > 0 and item.study_topic_ids:
        raise DomainError(
            OrgLifeError.STUDY_TOPIC_NOT_FIRST_ITEM,
            "学习专题只能作为第一项议程（第一议题）",
            field=["agenda", str(i), "studyTopicIds"],
        )
    # A topic named twice is studied once.
    return AgendaItem(
        required_text(item.title, ["agenda", str(i), "title"], AGENDA_TITLE_MAX),
        tuple(dict.fromkeys(item.study_topic_ids)),
    )


def _attendee(attendee: Attendee, i: int) -> Attendee:
    # Only an absence has a reason; one given for a present member is dropped rather than kept to mislead.
    reason = None if attendee.present else attendee.absence_reason
    field = ["attendance", str(i), "absenceReason"]
    return Attendee(attendee.member_id, attendee.present, optional_text(reason, field, ABSENCE_REASON_MAX))


def checked(fields: MeetingFields, org_type: OrgType, established_on: date | None, today: date) -> MeetingFields:
    """The record with its texts trimmed, once every rule of its own content holds; the first broken rule
    is refused with its code and the field it points at."""
    check_type(fields.type, org_type)
    check_held_on(fields.held_on, today, established_on)
    if not fields.agenda:
        raise DomainError(OrgLifeError.AGENDA_REQUIRED, "会议至少要有一项议程", field=["agenda"])
    agenda = tuple(_agenda_item(item, i) for i, item in enumerate(fields.agenda))
    lecturer_name = optional_text(fields.lecturer_name, ["lecturerName"], LECTURER_NAME_MAX)
    if fields.type == MeetingType.PARTY_LECTURE and fields.lecturer_id is None and lecturer_name is None:
        raise DomainError(
            OrgLifeError.LECTURER_REQUIRED, "党课须写明授课人（党员或外请人员姓名）", field=["lecturerId"]
        )
    if fields.combined_evaluation and fields.type != MeetingType.ORG_LIFE_MEETING:
        raise DomainError(
            CommonError.INVALID_INPUT, "只有组织生活会可以同时开展民主评议党员", field=["combinedEvaluation"]
        )
    return MeetingFields(
        type=fields.type,
        held_on=fields.held_on,
        agenda=agenda,
        title=optional_text(fields.title, ["title"], TITLE_MAX),
        place=optional_text(fields.place, ["place"], PLACE_MAX),
        host_id=fields.host_id,
        recorder_id=fields.recorder_id,
        lecturer_id=fields.lecturer_id,
        lecturer_name=lecturer_name,
        attendance=tuple(_attendee(a, i) for i, a in enumerate(fields.attendance)),
        decisions=tuple(
            Decision(
                required_text(d.text, ["decisions", str(i), "text"], DECISION_MAX, lines=True),
                d.votes_for,
                d.votes_against,
                d.abstentions,
            )
            for i, d in enumerate(fields.decisions)
        ),
        combined_evaluation=fields.combined_evaluation,
        attachments=tuple(check_attachment(a, i) for i, a in enumerate(fields.attachments)),
    )


def decided(decisions: Sequence[Decision], *, entitled: int, present_voters: int) -> list[dict[str, Any]]:
    """The decisions as stored, each vote with its outcome (DOMAIN.md, Member development: a branch general
    meeting votes with more than half of its entitled voters present, and a resolution passes only with
    yes-votes from more than half of the entitled full members, not of those present). Probationary members
    have no vote: `entitled` counts the full members due, `present_voters` those of them present."""
    if any(d.voted for d in decisions) and present_voters * 2 <= entitled:
        raise DomainError(
            OrgLifeError.QUORUM_NOT_MET,
            f"有表决权的正式党员应到 {entitled} 人、实到 {present_voters} 人，未超过半数，不能表决",
            field=["decisions"],
        )
    stored: list[dict[str, Any]] = []
    for i, d in enumerate(decisions):
        row: dict[str, Any] = {"text": d.text, "votesFor": None, "votesAgainst": None, "abstentions": None}
        if d.voted:
            counts = (d.votes_for, d.votes_against, d.abstentions)
            if any(c is None or c < 0 for c in counts) or sum(c or 0 for c in counts) > present_voters:
                raise DomainError(
                    OrgLifeError.INVALID_VOTE_COUNTS,
                    f"赞成、反对、弃权须都填写，且之和不超过实到会有表决权的 {present_voters} 人",
                    field=["decisions", str(i)],
                )
            votes_for = d.votes_for or 0
            row.update(votesFor=votes_for, votesAgainst=d.votes_against, abstentions=d.abstentions)
            row.update(entitled=entitled, passed=votes_for * 2 > entitled)
        else:
            row.update(entitled=None, passed=None)
        stored.append(row)
    return stored
