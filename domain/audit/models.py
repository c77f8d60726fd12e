from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from domain.timeutil import utcnow

OK = "OK"  # the result of an accepted mutation; a refused one stores its error code


class AuditRecord(SQLModel, table=True):
    """Append-only: the migration installs triggers that refuse UPDATE and DELETE on this table.

    The org path is copied as it was at the time, so that a later move does not rewrite history.
    """

    __tablename__ = "audit_record"
    __table_args__ = (
        Index("ix_audit_record_at", "at"),
        Index("ix_audit_record_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
        Index("ix_audit_record_user_id", "user_id"),
        Index("ix_audit_record_operation", "operation"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    user_id: int | None = None  # no foreign key: the trail outlives whatever it names
    username: str | None = Field(default=None, max_length=64)
    client_address: str | None = Field(default=None, max_length=64)
    request_id: str | None = Field(default=None, max_length=64)
    operation: str = Field(max_length=64)
    object_type: str | None = Field(default=None, max_length=40)
    object_id: int | None = None
    org_id: int | None = None
    org_path: str | None = Field(default=None, max_length=1000)
    result: str = Field(max_length=64)
    changes: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
