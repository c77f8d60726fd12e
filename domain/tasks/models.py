"""Tables of party-building tasks: the task library, plans and their items, the assignments an approved
plan distributes, and what assignees report.

Money is integer fen (ARCHITECTURE.md, Data). `org_path` copies the org's path for subtree reads, as the
other ledgers do (domain/orgs/path_copies.py lists every copy).
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from domain.timeutil import utcnow

_PATH_OPS = {"org_path": "text_pattern_ops"}
_SUBMITTED_WHOLE = "status = 'SUBMITTED' AND parent_id IS NULL"


class TaskTemplate(SQLModel, table=True):
    """One version of a template in a committee's task library (任务库). Editing adds a version; a plan item
    keeps the version it came from, and only the newest version of a lineage is offered."""

    __tablename__ = "task_template"
    __table_args__ = (
        UniqueConstraint("lineage_id", "version", name="uq_task_template_version"),
        Index("ix_task_template_org_path", "org_path", postgresql_ops=_PATH_OPS),
    )

    id: int | None = Field(default=None, primary_key=True)
    lineage_id: int | None = Field(default=None, index=True)  # the first version's id, shared by every version
    version: int = 1
    organization_id: int = Field(foreign_key="organization.id")
    org_path: str = Field(max_length=1000)
    title: str = Field(max_length=200)
    category: str = Field(sa_column=Column(String(30), nullable=False))
    description: str | None = Field(default=None, max_length=2000)
    # Defaults an item generated from the template starts with; every one can be edited on the item.
    default_objective: str | None = Field(default=None, max_length=1000)
    default_department: str | None = Field(default=None, max_length=100)  # 管理部门
    default_section: str | None = Field(default=None, max_length=100)  # 责任科室
    default_budget_fen: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    default_duration_days: int | None = None  # from the item's start to its due date
    # [{"title": ..., "offsetDays": n}]: key steps, n days after the item's start
    default_milestones: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    superseded_at: datetime | None = None  # set when a newer version replaces this one
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Plan(SQLModel, table=True):
    """A year's work plan (工作计划) of one org."""

    __tablename__ = "task_plan"
    __table_args__ = (Index("ix_task_plan_org_path_year", "org_path", "year", postgresql_ops=_PATH_OPS),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    org_path: str = Field(max_length=1000)
    year: int
    title: str = Field(max_length=200)
    status: str = Field(sa_column=Column(String(20), nullable=False))
    revision: int = 0  # how many times the plan has been approved: 1 after the first approval
    published_at: datetime | None = None
    approved_at: datetime | None = None
    version: int = 1
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PlanItem(SQLModel, table=True):
    """One task of a plan. Its budget is for each executing org (一事一预算): a branch plans with its share.

    The tallies count the item's org-level assignments by status, kept in the transaction of every change,
    so a plan's progress over thousands of branches is a sum over its items, not a scan of assignments.
    """

    __tablename__ = "task_plan_item"
    __table_args__ = (UniqueConstraint("plan_id", "position", name="uq_task_plan_item_position"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="task_plan.id")
    position: int
    title: str = Field(max_length=200)
    category: str = Field(sa_column=Column(String(30), nullable=False))
    objective: str | None = Field(default=None, max_length=1000)  # 目标
    managing_department: str | None = Field(default=None, max_length=100)  # 管理部门
    responsible_section: str | None = Field(default=None, max_length=100)  # 责任科室
    executor_member_id: int | None = Field(default=None, foreign_key="member.id")  # 执行人: a member ...
    executor_user_id: int | None = Field(default=None, foreign_key="app_user.id")  # ... or a user
    starts_on: date
    due_on: date
    budget_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    template_id: int | None = Field(default=None, foreign_key="task_template.id")
    cancelled_at: datetime | None = None  # removed by a revision; its assignments are cancelled
    cancel_reason: str | None = Field(default=None, max_length=500)
    assigned_count: int = 0
    in_progress_count: int = 0
    submitted_count: int = 0
    returned_count: int = 0
    accepted_count: int = 0
    cancelled_count: int = 0
    accepted_on_time_count: int = 0
    spent_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PlanItemExecutor(SQLModel, table=True):
    """An org that executes an item (执行部门); approval turns each into an assignment."""

    __tablename__ = "task_plan_item_executor"
    __table_args__ = (UniqueConstraint("item_id", "organization_id", name="uq_task_item_executor"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="task_plan_item.id")
    organization_id: int = Field(foreign_key="organization.id", index=True)


class PlanMilestone(SQLModel, table=True):
    """A key step of an item (关键节点), with its own date."""

    __tablename__ = "task_milestone"
    __table_args__ = (UniqueConstraint("item_id", "position", name="uq_task_milestone_position"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="task_plan_item.id")
    position: int
    title: str = Field(max_length=200)
    due_on: date


class Assignment(SQLModel, table=True):
    """What one org (or, split from it, one member) must do for an item: the unit of execution."""

    __tablename__ = "task_assignment"
    __table_args__ = (
        # One org-level assignment per item and org, and one part per member of it (NULLs are distinct in a
        # plain unique constraint, so the org level needs a partial index).
        Index(
            "uq_task_assignment_org",
            "item_id",
            "organization_id",
            unique=True,
            postgresql_where=text("parent_id IS NULL"),
            sqlite_where=text("parent_id IS NULL"),
        ),
        UniqueConstraint("parent_id", "assignee_member_id", name="uq_task_assignment_part"),
        Index("ix_task_assignment_org_year", "organization_id", "year", "due_on"),
        Index("ix_task_assignment_org_path_status", "org_path", "status", "due_on", postgresql_ops=_PATH_OPS),
        Index("ix_task_assignment_item_status", "item_id", "status"),
        # Work waiting for its issuer's review, oldest first: a committee's plan can have 100,000 submitted
        # at once, and its to-do page wants the first 20 in due order without sorting them all (the first
        # index); a smaller plan's few hundred are found by plan (the second). bench/: 460 ms -> 0.3 ms.
        Index(
            "ix_task_assignment_submitted",
            "due_on",
            "id",
            postgresql_where=text(_SUBMITTED_WHOLE),
            sqlite_where=text(_SUBMITTED_WHOLE),
        ),
        Index(
            "ix_task_assignment_submitted_plan",
            "plan_id",
            "due_on",
            "id",
            postgresql_where=text(_SUBMITTED_WHOLE),
            sqlite_where=text(_SUBMITTED_WHOLE),
        ),
        Index("ix_task_assignment_member", "assignee_member_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="task_plan.id")
    item_id: int = Field(foreign_key="task_plan_item.id")
    year: int  # the plan's year, copied for an org's work-plan page
    organization_id: int = Field(foreign_key="organization.id")  # the executing org (a part: its parent's)
    org_path: str = Field(max_length=1000)
    parent_id: int | None = Field(default=None, foreign_key="task_assignment.id")  # set on a member's part
    assignee_member_id: int | None = Field(default=None, foreign_key="member.id")
    title: str = Field(max_length=200)
    starts_on: date
    due_on: date
    note: str | None = Field(default=None, max_length=1000)  # what the branch asks of a member's part
    status: str = Field(sa_column=Column(String(20), nullable=False))
    percent: int = 0
    budget_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    spent_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))  # its parts' included
    submitted_at: datetime | None = None
    accepted_on: date | None = None
    return_reason: str | None = Field(default=None, max_length=500)  # the latest; every one is in the reviews
    cancel_reason: str | None = Field(default=None, max_length=500)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ProgressReport(SQLModel, table=True):
    """One progress report (进度填报): percent reached, money spent since the last report, evidence."""

    __tablename__ = "task_progress_report"

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="task_assignment.id", index=True)
    percent: int
    note: str | None = Field(default=None, max_length=2000)
    spent_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    # [{"name", "size", "checksum", "contentType"}]: metadata; the file store comes later
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reported_by: int | None = Field(default=None, foreign_key="app_user.id")
    reported_at: datetime = Field(default_factory=utcnow)


class AssignmentMilestone(SQLModel, table=True):
    """A key step an assignee reported done; a step without a row here is still open."""

    __tablename__ = "task_assignment_milestone"
    __table_args__ = (UniqueConstraint("assignment_id", "milestone_id", name="uq_task_assignment_milestone"),)

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="task_assignment.id")
    milestone_id: int = Field(foreign_key="task_milestone.id", index=True)
    done_on: date
    report_id: int | None = Field(default=None, foreign_key="task_progress_report.id")


class AssignmentReview(SQLModel, table=True):
    """The issuer's acceptance or return (验收/退回), and a cancellation: dated records, never overwritten."""

    __tablename__ = "task_assignment_review"

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="task_assignment.id", index=True)
    outcome: str = Field(sa_column=Column(String(20), nullable=False))  # ACCEPTED, RETURNED or CANCELLED
    reason: str | None = Field(default=None, max_length=500)
    decided_by: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime = Field(default_factory=utcnow)


class TaskRulesRow(SQLModel, table=True):
    """The configurable alert windows of tasks (one row, seeded by the migration)."""

    __tablename__ = "task_rules"

    id: int | None = Field(default=None, primary_key=True)
    at_risk_elapsed_percent: int = 80  # yellow once this share of the time is gone ...
    at_risk_progress_percent: int = 50  # ... with progress under this
    approval_wait_working_days: int = 5  # yellow once an approval step has waited longer
    version: int = 1
    updated_by: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(default_factory=utcnow)


class YearTally(SQLModel, table=True):
    """An org's own org-level assignments of a year by status, as the control center's round last counted
    them (domain/tasks/year_tally.py): a whole tree's progress chart sums ten thousand of these rows rather
    than two million assignments."""

    __tablename__ = "task_year_tally"
    __table_args__ = (
        Index("ix_task_year_tally_path", "year", "org_path", postgresql_ops={"org_path": "text_pattern_ops"}),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    org_path: str = Field(max_length=1000)
    year: int
    status: str = Field(sa_column=Column(String(20), nullable=False))
    assignments: int
    overdue: int  # unfinished and due before the day counted
    on_time: int  # accepted by the due date
    budget_fen: int = Field(sa_column=Column(BigInteger, nullable=False))
    spent_fen: int = Field(sa_column=Column(BigInteger, nullable=False))
    counted_on: date
