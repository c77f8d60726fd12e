from datetime import date, datetime

from sqlalchemy import Column, Index, LargeBinary, String, text
from sqlmodel import Field, SQLModel

from domain.timeutil import utcnow

_FULL_ON_ROLL = "status = 'FULL' AND record_state = 'ACTIVE' AND special_state <> 'SUSPENDED'"


class Member(SQLModel, table=True):
    """A party member's record (党员台账). Never deleted: leaving the party is a dated record on it.

    `org_path` copies the branch's path so that subtree lists and statistics over a million members
    read one table; moving an org rewrites it in the same statement batch as the org's own paths.
    """

    __tablename__ = "member"
    __table_args__ = (
        Index("ix_member_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
        Index("ix_member_organization_id", "organization_id"),
        Index("ix_member_name", "name"),
        # Full members on a roll per branch, for the 支委会 rule of meeting compliance (domain/orglife): an
        # index-only scan of a subtree instead of its heap (bench/: 25 ms instead of 400 for a committee).
        Index(
            "ix_member_full_by_org_path",
            "org_path",
            "organization_id",
            postgresql_ops={"org_path": "text_pattern_ops"},
            postgresql_where=text(_FULL_ON_ROLL),
            sqlite_where=text(_FULL_ON_ROLL),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")  # the branch
    party_group_id: int | None = Field(default=None, foreign_key="organization.id")  # a group in that branch
    org_path: str = Field(max_length=1000)
    # The member's own account, if they have one: they see their own record through it, grant or not.
    user_id: int | None = Field(default=None, foreign_key="app_user.id", unique=True)
    name: str = Field(max_length=50)
    gender: str = Field(sa_column=Column(String(10), nullable=False))
    ethnicity: str = Field(sa_column=Column(String(20), nullable=False))
    birth_date: date
    # 身份证号: encrypted; its keyed hash is unique across the system; the mask is what reads show.
    id_number_cipher: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    id_number_key: str = Field(max_length=64, unique=True)
    id_number_masked: str = Field(max_length=18)
    phone_cipher: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    phone_masked: str | None = Field(default=None, max_length=20)
    education: str | None = Field(default=None, sa_column=Column(String(30), nullable=True))
    degree: str | None = Field(default=None, max_length=30)
    native_place: str | None = Field(default=None, max_length=100)
    post: str | None = Field(default=None, max_length=100)
    department: str | None = Field(default=None, max_length=100)
    category: str = Field(sa_column=Column(String(20), nullable=False))
    joined_on: date  # 入党日期
    converted_on: date | None = None  # 转正日期
    status: str = Field(sa_column=Column(String(20), nullable=False))
    special_state: str = Field(default="NONE", sa_column=Column(String(20), nullable=False, server_default="NONE"))
    flowing_to: str | None = Field(default=None, max_length=200)
    # ACTIVE, LEFT (出党) or TRANSFERRED_OUT (out of the system); a closed record is kept, read-only.
    record_state: str = Field(
        default="ACTIVE", sa_column=Column(String(20), nullable=False, server_default="ACTIVE", index=True)
    )
    closed_on: date | None = None
    leaving_kind: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))
    leaving_reason: str | None = Field(default=None, max_length=500)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MemberOrgHistory(SQLModel, table=True):
    """Which org held a member's relationship, from when to when, and why it changed."""

    __tablename__ = "member_org_history"

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    outside_unit: str | None = Field(default=None, max_length=200)  # for transfers into or out of the system
    started_on: date
    ended_on: date | None = None
    reason: str = Field(max_length=30)
    transfer_id: int | None = Field(default=None, foreign_key="member_transfer.id")


class MemberTransfer(SQLModel, table=True):
    """A transfer of the organizational relationship (组织关系转接) and its letter.

    At most one open (PENDING) transfer per member: a partial unique index says so.
    """

    __tablename__ = "member_transfer"
    __table_args__ = (
        Index(
            "uq_member_transfer_open",
            "member_id",
            unique=True,
            postgresql_where=text("status = 'PENDING'"),
            sqlite_where=text("status = 'PENDING'"),
        ),
        Index("ix_member_transfer_to_org_id", "to_org_id"),
        Index("ix_member_transfer_from_org_id", "from_org_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    kind: str = Field(sa_column=Column(String(20), nullable=False))  # INTERNAL, OUT, IN
    status: str = Field(sa_column=Column(String(20), nullable=False))
    from_org_id: int | None = Field(default=None, foreign_key="organization.id")
    to_org_id: int | None = Field(default=None, foreign_key="organization.id")
    outside_unit: str | None = Field(default=None, max_length=200)
    letter_number: str | None = Field(default=None, max_length=50)
    reason: str = Field(max_length=500)
    letter_valid_days: int | None = None
    dues_paid_through: date | None = None  # the first day of the last month paid
    requested_on: date
    expires_on: date | None = None
    requested_by: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = None
    decided_by: int | None = Field(default=None, foreign_key="app_user.id")
    decision_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
