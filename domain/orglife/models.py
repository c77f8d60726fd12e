"""Tables of organization life: meetings (三会一课) with their attendance, agenda, studies, attachments and
correction history; study topics (第一议题); elections and term adjustments (换届); the configurable rules.

`org_path` copies the org's path for subtree reads (ARCHITECTURE.md, The org tree), as the ledger does.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain.timeutil import utcnow

_PATH_OPS = {"org_path": "text_pattern_ops"}


class Meeting(SQLModel, table=True):
    """One meeting's record (会议记录)."""

    __tablename__ = "meeting"
    __table_args__ = (
        # Compliance counts meetings by org, type and period over a subtree: the path prefix and the month
        # range are both served by this index; a branch's own list uses the org id one.
        Index("ix_meeting_org_path_month", "org_path", "month_index", postgresql_ops=_PATH_OPS),
        Index("ix_meeting_organization_held_on", "organization_id", "held_on"),
        Index("ix_meeting_month_index", "month_index"),  # a whole tree's period, where the prefix selects all
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    org_path: str = Field(max_length=1000)
    type: str = Field(sa_column=Column(String(30), nullable=False))
    held_on: date
    # year * 12 + month - 1 of held_on: months, quarters (// 3) and years (// 12) group alike on both
    # databases by integer division, without dialect date functions.
    month_index: int
    title: str | None = Field(default=None, max_length=200)  # the meeting's theme (主题)
    place: str | None = Field(default=None, max_length=200)
    host_id: int | None = Field(default=None, foreign_key="member.id")
    recorder_id: int | None = Field(default=None, foreign_key="member.id")
    lecturer_id: int | None = Field(default=None, foreign_key="member.id")
    lecturer_name: str | None = Field(default=None, max_length=50)  # a lecturer from outside the ledger
    # [{text, votesFor, votesAgainst, abstentions, entitled, passed}]: votes only where a decision was voted.
    decisions: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # An organization-life meeting that also held the democratic evaluation (DOMAIN.md: may be combined).
    combined_evaluation: bool = False
    due_count: int = 0  # those due to attend, and of them present: rates without reading attendance
    present_count: int = 0
    version: int = 1
    recorded_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MeetingAttendance(SQLModel, table=True):
    """One member due at a meeting: present, or absent with a reason."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id", name="uq_meeting_attendance_member"),
        # "Six months without organization life": a member's latest present date, by index.
        Index("ix_meeting_attendance_member_held_on", "member_id", "held_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    member_id: int = Field(foreign_key="member.id")
    held_on: date  # the meeting's date, copied for per-member reads
    present: bool
    absence_reason: str | None = Field(default=None, max_length=200)


class MeetingAgendaItem(SQLModel, table=True):
    __tablename__ = "meeting_agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "position", name="uq_meeting_agenda_position"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    position: int  # 1 is the first agenda item (第一议题)
    title: str = Field(max_length=300)


class MeetingStudy(SQLModel, table=True):
    """A study topic studied as a meeting's first agenda item; org and date copied for coverage reads."""

    __tablename__ = "meeting_study"
    __table_args__ = (
        UniqueConstraint("meeting_id", "topic_id", name="uq_meeting_study_topic"),
        Index("ix_meeting_study_topic_org_path", "topic_id", "org_path", postgresql_ops=_PATH_OPS),
        Index("ix_meeting_study_organization", "organization_id", "topic_id"),
        # A subtree's studies of every topic (the first-agenda indicators), without a scan of all studies.
        Index("ix_meeting_study_org_path", "org_path", postgresql_ops=_PATH_OPS),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    topic_id: int = Field(foreign_key="study_topic.id")
    organization_id: int = Field(foreign_key="organization.id")
    org_path: str = Field(max_length=1000)
    held_on: date


class MeetingAttachment(SQLModel, table=True):
    """An attachment's metadata; the file store comes later, the checksum ties a file to its record."""

    __tablename__ = "meeting_attachment"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    name: str = Field(max_length=200)
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    checksum: str = Field(max_length=64)  # SHA-256, hex
    content_type: str | None = Field(default=None, max_length=100)


class MeetingRevision(SQLModel, table=True):
    """The record as it was before a correction: version N's snapshot, kept when N+1 replaces it."""

    __tablename__ = "meeting_revision"
    __table_args__ = (UniqueConstraint("meeting_id", "version", name="uq_meeting_revision_version"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    version: int
    snapshot: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    reason: str | None = Field(default=None, max_length=500)
    changed_by: int | None = Field(default=None, foreign_key="app_user.id")
    changed_at: datetime = Field(default_factory=utcnow)


class StudyTopic(SQLModel, table=True):
    """A study topic (第一议题学习专题) a committee issues to its whole subtree."""

    __tablename__ = "study_topic"
    __table_args__ = (
        Index("ix_study_topic_issuer_path", "issuer_path", postgresql_ops={"issuer_path": "text_pattern_ops"}),
    )

    id: int | None = Field(default=None, primary_key=True)
    issuer_org_id: int = Field(foreign_key="organization.id")
    issuer_path: str = Field(max_length=1000)
    title: str = Field(max_length=200)
    source: str | None = Field(default=None, max_length=300)  # the source document (文件)
    issued_on: date
    due_on: date | None = None
    issued_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Election(SQLModel, table=True):
    """An election (换届选举) that starts a new term of an org's committee."""

    __tablename__ = "election"
    __table_args__ = (Index("ix_election_organization_held_on", "organization_id", "held_on"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    org_path: str = Field(max_length=1000)
    held_on: date
    entitled_voters: int  # 应到会有选举权的人数
    voters_present: int  # 实到
    term_years: int
    term_ends_on: date  # as scheduled by the term length; an approved adjustment moves the org's end
    note: str | None = Field(default=None, max_length=500)
    recorded_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class ElectionSeat(SQLModel, table=True):
    __tablename__ = "election_seat"
    __table_args__ = (UniqueConstraint("election_id", "member_id", name="uq_election_seat_member"),)

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    position: str = Field(sa_column=Column(String(30), nullable=False))
    votes_for: int


class TermAdjustment(SQLModel, table=True):
    """An approved move of a term's end (换届提前或延期), at most a year either way."""

    __tablename__ = "term_adjustment"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    previous_ends_on: date
    new_ends_on: date
    approval_note: str = Field(max_length=500)  # the approving document and reason
    approver_org_id: int = Field(foreign_key="organization.id")  # the upper committee that approved
    approved_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class MeetingRequirement(SQLModel, table=True):
    """How often an org type must hold a meeting type (DOMAIN.md, Organization life); seeded by the
    migration, edited by ADMIN. No row for a (type, org type): not required there."""

    __tablename__ = "meeting_requirement"

    meeting_type: str = Field(sa_column=Column(String(30), primary_key=True))
    org_type: str = Field(sa_column=Column(String(20), primary_key=True))
    period: str = Field(sa_column=Column(String(10), nullable=False))
    min_count: int = 1


class OrgLifeRulesRow(SQLModel, table=True):
    """The alert windows and thresholds (one row, id 1), seeded with the regulation defaults."""

    __tablename__ = "org_life_rules"

    id: int | None = Field(default=None, primary_key=True)
    reelection_alert_months: int = 6
    # A required meeting turns yellow once this share of its period is gone (numerator / denominator).
    meeting_alert_numerator: int = 2
    meeting_alert_denominator: int = 3
    study_alert_days: int = 14
    inactive_months: int = 6
    term_adjust_max_months: int = 12
    branch_committee_min_full_members: int = 7  # a 支委会 (and its monthly meeting) from this many
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
