from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String, text
from sqlmodel import Field, SQLModel

from domain.timeutil import utcnow


class OrgType(StrEnum):
    COMMITTEE = "COMMITTEE"  # 党委
    GENERAL_BRANCH = "GENERAL_BRANCH"  # 党总支
    BRANCH = "BRANCH"  # 党支部
    GROUP = "GROUP"  # 党小组


class Organization(SQLModel, table=True):
    __tablename__ = "organization"
    __table_args__ = (
        # Names are unique among the living siblings; a dissolved org leaves its name free again.
        Index(
            "uq_organization_sibling_name",
            "parent_id",
            "name",
            unique=True,
            postgresql_where=text("dissolved_on IS NULL"),
            sqlite_where=text("dissolved_on IS NULL"),
        ),
        Index(
            "uq_organization_root_name",
            "name",
            unique=True,
            postgresql_where=text("parent_id IS NULL AND dissolved_on IS NULL"),
            sqlite_where=text("parent_id IS NULL AND dissolved_on IS NULL"),
        ),
        Index(
            "ix_organization_path",
            "path",
            postgresql_ops={"path": "text_pattern_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    name: str = Field(max_length=100)
    type: OrgType = Field(sa_column=Column(String(20), nullable=False))
    code: str | None = Field(default=None, max_length=50, unique=True)
    # Materialized path with a trailing slash: /1/5/23/ (ARCHITECTURE.md, The org tree).
    path: str = Field(max_length=1000)
    depth: int = 0
    established_on: date | None = None
    term_started_on: date | None = None
    term_years: int
    # An approved move of this term's end (换届提前或延期, at most a year); None: start plus term_years.
    term_adjusted_ends_on: date | None = None
    dissolved_on: date | None = None
    dissolution_reason: str | None = Field(default=None, max_length=500)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
