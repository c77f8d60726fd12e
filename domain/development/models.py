from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, String, text
from sqlmodel import Field, SQLModel

from domain.timeutil import utcnow


class DevelopmentFile(SQLModel, table=True):
    """One person's development file (发展党员档案), from application to conversion or closure.

    The person need not be a member yet, so the file holds their personal data itself, protected as the
    ledger protects it (domain.personal_data). `org_path` copies the branch's path for subtree reads.
    """

    __tablename__ = "development_file"
    __table_args__ = (
        Index("ix_development_file_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
        # One file in progress per person: a closed or completed file leaves the person free to apply again.
        Index(
            "uq_development_file_in_progress",
            "id_number_key",
            unique=True,
            postgresql_where=text("stage IN ('APPLICANT', 'ACTIVIST', 'TARGET', 'PROBATIONARY')"),
            sqlite_where=text("stage IN ('APPLICANT', 'ACTIVIST', 'TARGET', 'PROBATIONARY')"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)  # the branch
    org_path: str = Field(max_length=1000)
    name: str = Field(max_length=50)
    gender: str = Field(sa_column=Column(String(10), nullable=False))
    ethnicity: str = Field(sa_column=Column(String(20), nullable=False))
    birth_date: date
    # Unique only among files in progress (see above): a person refused once may apply again later.
    id_number_cipher: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    id_number_key: str = Field(max_length=64)
    id_number_masked: str = Field(max_length=18)
    phone_cipher: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    phone_masked: str | None = Field(default=None, max_length=20)
    education: str | None = Field(default=None, sa_column=Column(String(30), nullable=True))
    category: str = Field(sa_column=Column(String(20), nullable=False))
    applied_on: date
    stage: str = Field(sa_column=Column(String(20), nullable=False, index=True))
    # The ledger record made by the approval of admission (step 17).
    member_id: int | None = Field(default=None, foreign_key="member.id", unique=True)
    late_talk: bool = False  # the talk (step 2) came after the allowed month
    extension_months: int | None = None
    extension_reason: str | None = Field(default=None, max_length=500)
    closed_on: date | None = None
    closed_reason: str | None = Field(default=None, max_length=500)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class DevelopmentStepRecord(SQLModel, table=True):
    """One recorded step. Each step once per file, except the half-yearly review (step 6)."""

    __tablename__ = "development_step"
    __table_args__ = (
        Index(
            "uq_development_step_once",
            "file_id",
            "step",
            unique=True,
            postgresql_where=text("step <> 'ACTIVIST_REVIEW'"),
            sqlite_where=text("step <> 'ACTIVIST_REVIEW'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="development_file.id", index=True)
    step: str = Field(sa_column=Column(String(30), nullable=False))
    number: int  # 1..25, the order a timeline shows
    done_on: date  # the step's own date
    details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    recorded_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class DevelopmentRulesRow(SQLModel, table=True):
    """The configurable numbers (one row, id 1), so every worker reads the same values.

    The migration seeds the regulation values; ADMIN edits them through updateDevelopmentRules.
    """

    __tablename__ = "development_rules"

    id: int | None = Field(default=None, primary_key=True)
    talk_within_months: int = 1
    activist_min_months: int = 12
    training_min_days: int = 3
    training_min_hours: int = 24
    approval_max_months: int = 3
    approval_special_max_months: int = 6
    probation_months: int = 12
    extension_min_months: int = 6
    extension_max_months: int = 12
    review_every_months: int = 6
    conversion_alert_days: int = 30
    review_alert_days: int = 30
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
