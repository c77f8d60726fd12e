from datetime import datetime

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from authz.roles import Role
from domain.timeutil import utcnow


class RoleGrant(SQLModel, table=True):
    """A role held by a user at an org node (subtree=False) or over its whole subtree.

    A grant with no organization is global; only `zhdj create-admin` makes one, for the first ADMIN.
    Revoking keeps the row (revoked_at), so that who held which power when stays answerable.
    """

    __tablename__ = "role_grant"
    __table_args__ = (Index("ix_role_grant_user_active", "user_id", "revoked_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id")
    role: Role = Field(sa_column=Column(String(20), nullable=False))
    organization_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    subtree: bool = True
    granted_by: int | None = Field(default=None, foreign_key="app_user.id")
    granted_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    revoked_by: int | None = Field(default=None, foreign_key="app_user.id")
