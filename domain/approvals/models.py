"""Tables of the approval workflow: routes an org defines, requests along a route, and each decision.

A request copies its route's steps when it is made, so editing a route never changes one in flight, and
it names who must decide now (a role at an org, with that org's path copied), so "what waits for me"
is an indexed read over the actor's grants rather than a walk over every pending request.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain.timeutil import utcnow


class ApprovalRoute(SQLModel, table=True):
    """The ordered steps an org sets for one type of subject; its subtree inherits them."""

    __tablename__ = "approval_route"
    __table_args__ = (UniqueConstraint("organization_id", "subject_type", name="uq_approval_route_org_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    subject_type: str = Field(sa_column=Column(String(30), nullable=False))
    # [{"role": "SECRETARY", "levelsUp": 0}, ...]: levelsUp 0 is the subject's own org, 1 its parent, ...
    steps: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    version: int = 1
    updated_by: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(default_factory=utcnow)


class ApprovalRequest(SQLModel, table=True):
    """One subject sent for approval; a returned subject sent again makes a new request."""

    __tablename__ = "approval_request"
    __table_args__ = (
        Index("ix_approval_request_subject", "subject_type", "subject_id"),
        # What waits for an approver: pending requests whose deciding org lies under one of their grants.
        Index(
            "ix_approval_request_pending",
            "status",
            "pending_path",
            postgresql_ops={"pending_path": "text_pattern_ops"},
        ),
        Index("ix_approval_request_org_path", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject_type: str = Field(sa_column=Column(String(30), nullable=False))
    subject_id: int
    title: str = Field(max_length=300)  # the subject's title when sent, for to-do lists
    organization_id: int = Field(foreign_key="organization.id")  # the subject's org
    org_path: str = Field(max_length=1000)
    steps: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))  # the route, resolved
    step: int = 0  # the index of the step now waiting (or last decided)
    status: str = Field(sa_column=Column(String(20), nullable=False))
    # Who must decide now: the role, and the org (and its path) where they must hold it. None once decided.
    pending_role: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))
    pending_org_id: int | None = Field(default=None, foreign_key="organization.id")
    pending_path: str | None = Field(default=None, max_length=1000)
    step_started_at: datetime = Field(default_factory=utcnow)
    requested_by: int | None = Field(default=None, foreign_key="app_user.id")
    requested_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = None
    version: int = 1


class ApprovalDecision(SQLModel, table=True):
    """A decision on one step. One per step, by constraint: two approvers at once make one decision."""

    __tablename__ = "approval_decision"
    __table_args__ = (UniqueConstraint("request_id", "step", name="uq_approval_decision_step"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="approval_request.id", index=True)
    step: int
    role: str = Field(sa_column=Column(String(20), nullable=False))
    organization_id: int = Field(foreign_key="organization.id")  # where the approver held the role
    decision: str = Field(sa_column=Column(String(10), nullable=False))
    comment: str | None = Field(default=None, max_length=1000)
    decided_by: int = Field(foreign_key="app_user.id")
    decided_at: datetime = Field(default_factory=utcnow)
