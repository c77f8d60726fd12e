"""Party-building tasks (task library, plans, assignments, reports) and the reusable approval workflow.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 10:59:45.364576+00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SUBMITTED_WHOLE = "status = 'SUBMITTED' AND parent_id IS NULL"
_RULES = {"id": 1, "at_risk_elapsed_percent": 80, "at_risk_progress_percent": 50, "approval_wait_working_days": 5}


def upgrade() -> None:
    op.create_table(
        "approval_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=30), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("pending_role", sa.String(length=20), nullable=True),
        sa.Column("pending_org_id", sa.Integer(), nullable=True),
        sa.Column("pending_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("step_started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_approval_request_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["pending_org_id"], ["organization.id"], name=op.f("fk_approval_request_pending_org_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["app_user.id"], name=op.f("fk_approval_request_requested_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_request")),
    )
    with op.batch_alter_table("approval_request", schema=None) as batch_op:
        batch_op.create_index(
            "ix_approval_request_org_path", ["org_path"], unique=False, postgresql_ops={"org_path": "text_pattern_ops"}
        )
        batch_op.create_index(
            "ix_approval_request_pending",
            ["status", "pending_path"],
            unique=False,
            postgresql_ops={"pending_path": "text_pattern_ops"},
        )
        batch_op.create_index("ix_approval_request_subject", ["subject_type", "subject_id"], unique=False)

    op.create_table(
        "approval_route",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=30), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_approval_route_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(["updated_by"], ["app_user.id"], name=op.f("fk_approval_route_updated_by_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_route")),
        sa.UniqueConstraint("organization_id", "subject_type", name="uq_approval_route_org_subject"),
    )
    op.create_table(
        "task_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("approved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["app_user.id"], name=op.f("fk_task_plan_created_by_app_user")),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_task_plan_organization_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_plan")),
    )
    with op.batch_alter_table("task_plan", schema=None) as batch_op:
        batch_op.create_index(
            "ix_task_plan_org_path_year",
            ["org_path", "year"],
            unique=False,
            postgresql_ops={"org_path": "text_pattern_ops"},
        )
        batch_op.create_index(batch_op.f("ix_task_plan_organization_id"), ["organization_id"], unique=False)

    op.create_table(
        "task_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at_risk_elapsed_percent", sa.Integer(), nullable=False),
        sa.Column("at_risk_progress_percent", sa.Integer(), nullable=False),
        sa.Column("approval_wait_working_days", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by"], ["app_user.id"], name=op.f("fk_task_rules_updated_by_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_rules")),
    )
    op.create_table(
        "task_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lineage_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("default_objective", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("default_department", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("default_section", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("default_budget_fen", sa.BigInteger(), nullable=True),
        sa.Column("default_duration_days", sa.Integer(), nullable=True),
        sa.Column("default_milestones", sa.JSON(), nullable=False),
        sa.Column("superseded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["app_user.id"], name=op.f("fk_task_template_created_by_app_user")),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_task_template_organization_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_template")),
        sa.UniqueConstraint("lineage_id", "version", name="uq_task_template_version"),
    )
    with op.batch_alter_table("task_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_template_lineage_id"), ["lineage_id"], unique=False)
        batch_op.create_index(
            "ix_task_template_org_path", ["org_path"], unique=False, postgresql_ops={"org_path": "text_pattern_ops"}
        )

    op.create_table(
        "approval_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["app_user.id"], name=op.f("fk_approval_decision_decided_by_app_user")),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_approval_decision_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["approval_request.id"], name=op.f("fk_approval_decision_request_id_approval_request")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_decision")),
        sa.UniqueConstraint("request_id", "step", name="uq_approval_decision_step"),
    )
    with op.batch_alter_table("approval_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approval_decision_request_id"), ["request_id"], unique=False)

    op.create_table(
        "task_plan_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("objective", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("managing_department", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("responsible_section", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("executor_member_id", sa.Integer(), nullable=True),
        sa.Column("executor_user_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("budget_fen", sa.BigInteger(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("assigned_count", sa.Integer(), nullable=False),
        sa.Column("in_progress_count", sa.Integer(), nullable=False),
        sa.Column("submitted_count", sa.Integer(), nullable=False),
        sa.Column("returned_count", sa.Integer(), nullable=False),
        sa.Column("accepted_count", sa.Integer(), nullable=False),
        sa.Column("cancelled_count", sa.Integer(), nullable=False),
        sa.Column("accepted_on_time_count", sa.Integer(), nullable=False),
        sa.Column("spent_fen", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["executor_member_id"], ["member.id"], name=op.f("fk_task_plan_item_executor_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["executor_user_id"], ["app_user.id"], name=op.f("fk_task_plan_item_executor_user_id_app_user")
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["task_plan.id"], name=op.f("fk_task_plan_item_plan_id_task_plan")),
        sa.ForeignKeyConstraint(
            ["template_id"], ["task_template.id"], name=op.f("fk_task_plan_item_template_id_task_template")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_plan_item")),
        sa.UniqueConstraint("plan_id", "position", name="uq_task_plan_item_position"),
    )
    op.create_table(
        "task_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("assignee_member_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("budget_fen", sa.BigInteger(), nullable=False),
        sa.Column("spent_fen", sa.BigInteger(), nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("return_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_member_id"], ["member.id"], name=op.f("fk_task_assignment_assignee_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["task_plan_item.id"], name=op.f("fk_task_assignment_item_id_task_plan_item")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_task_assignment_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["task_assignment.id"], name=op.f("fk_task_assignment_parent_id_task_assignment")
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["task_plan.id"], name=op.f("fk_task_assignment_plan_id_task_plan")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_assignment")),
        sa.UniqueConstraint("parent_id", "assignee_member_id", name="uq_task_assignment_part"),
    )
    with op.batch_alter_table("task_assignment", schema=None) as batch_op:
        batch_op.create_index("ix_task_assignment_item_status", ["item_id", "status"], unique=False)
        batch_op.create_index("ix_task_assignment_member", ["assignee_member_id", "status"], unique=False)
        batch_op.create_index(
            "ix_task_assignment_org_path_status",
            ["org_path", "status", "due_on"],
            unique=False,
            postgresql_ops={"org_path": "text_pattern_ops"},
        )
        batch_op.create_index("ix_task_assignment_org_year", ["organization_id", "year", "due_on"], unique=False)
        batch_op.create_index(
            "uq_task_assignment_org",
            ["item_id", "organization_id"],
            unique=True,
            postgresql_where=sa.text("parent_id IS NULL"),
            sqlite_where=sa.text("parent_id IS NULL"),
        )
        batch_op.create_index(
            "ix_task_assignment_submitted",
            ["due_on", "id"],
            unique=False,
            postgresql_where=sa.text(_SUBMITTED_WHOLE),
            sqlite_where=sa.text(_SUBMITTED_WHOLE),
        )
        batch_op.create_index(
            "ix_task_assignment_submitted_plan",
            ["plan_id", "due_on", "id"],
            unique=False,
            postgresql_where=sa.text(_SUBMITTED_WHOLE),
            sqlite_where=sa.text(_SUBMITTED_WHOLE),
        )

    op.create_table(
        "task_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["task_plan_item.id"], name=op.f("fk_task_milestone_item_id_task_plan_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_milestone")),
        sa.UniqueConstraint("item_id", "position", name="uq_task_milestone_position"),
    )
    op.create_table(
        "task_plan_item_executor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["task_plan_item.id"], name=op.f("fk_task_plan_item_executor_item_id_task_plan_item")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_task_plan_item_executor_organization_id_organization"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_plan_item_executor")),
        sa.UniqueConstraint("item_id", "organization_id", name="uq_task_item_executor"),
    )
    with op.batch_alter_table("task_plan_item_executor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_task_plan_item_executor_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "task_assignment_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["task_assignment.id"],
            name=op.f("fk_task_assignment_review_assignment_id_task_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["app_user.id"], name=op.f("fk_task_assignment_review_decided_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_assignment_review")),
    )
    with op.batch_alter_table("task_assignment_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_assignment_review_assignment_id"), ["assignment_id"], unique=False)

    op.create_table(
        "task_progress_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("spent_fen", sa.BigInteger(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("reported_by", sa.Integer(), nullable=True),
        sa.Column("reported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["task_assignment.id"],
            name=op.f("fk_task_progress_report_assignment_id_task_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["reported_by"], ["app_user.id"], name=op.f("fk_task_progress_report_reported_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_progress_report")),
    )
    with op.batch_alter_table("task_progress_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_progress_report_assignment_id"), ["assignment_id"], unique=False)

    op.create_table(
        "task_assignment_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["task_assignment.id"],
            name=op.f("fk_task_assignment_milestone_assignment_id_task_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["task_milestone.id"],
            name=op.f("fk_task_assignment_milestone_milestone_id_task_milestone"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["task_progress_report.id"],
            name=op.f("fk_task_assignment_milestone_report_id_task_progress_report"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_assignment_milestone")),
        sa.UniqueConstraint("assignment_id", "milestone_id", name="uq_task_assignment_milestone"),
    )
    with op.batch_alter_table("task_assignment_milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_assignment_milestone_milestone_id"), ["milestone_id"], unique=False)
    op.bulk_insert(
        sa.table("task_rules", *(sa.column(name) for name in _RULES), sa.column("version"), sa.column("updated_at")),
        [{**_RULES, "version": 1, "updated_at": datetime.now(UTC)}],
    )


def downgrade() -> None:
    with op.batch_alter_table("task_assignment_milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_assignment_milestone_milestone_id"))

    op.drop_table("task_assignment_milestone")
    with op.batch_alter_table("task_progress_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_progress_report_assignment_id"))

    op.drop_table("task_progress_report")
    with op.batch_alter_table("task_assignment_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_assignment_review_assignment_id"))

    op.drop_table("task_assignment_review")
    with op.batch_alter_table("task_plan_item_executor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_plan_item_executor_organization_id"))

    op.drop_table("task_plan_item_executor")
    op.drop_table("task_milestone")
    with op.batch_alter_table("task_assignment", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_task_assignment_org",
            postgresql_where=sa.text("parent_id IS NULL"),
            sqlite_where=sa.text("parent_id IS NULL"),
        )
        batch_op.drop_index(
            "ix_task_assignment_submitted_plan",
            postgresql_where=sa.text(_SUBMITTED_WHOLE),
            sqlite_where=sa.text(_SUBMITTED_WHOLE),
        )
        batch_op.drop_index(
            "ix_task_assignment_submitted",
            postgresql_where=sa.text(_SUBMITTED_WHOLE),
            sqlite_where=sa.text(_SUBMITTED_WHOLE),
        )
        batch_op.drop_index("ix_task_assignment_org_year")
        batch_op.drop_index("ix_task_assignment_org_path_status", postgresql_ops={"org_path": "text_pattern_ops"})
        batch_op.drop_index("ix_task_assignment_member")
        batch_op.drop_index("ix_task_assignment_item_status")

    op.drop_table("task_assignment")
    op.drop_table("task_plan_item")
    with op.batch_alter_table("approval_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approval_decision_request_id"))

    op.drop_table("approval_decision")
    with op.batch_alter_table("task_template", schema=None) as batch_op:
        batch_op.drop_index("ix_task_template_org_path", postgresql_ops={"org_path": "text_pattern_ops"})
        batch_op.drop_index(batch_op.f("ix_task_template_lineage_id"))

    op.drop_table("task_template")
    op.drop_table("task_rules")
    with op.batch_alter_table("task_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_plan_organization_id"))
        batch_op.drop_index("ix_task_plan_org_path_year", postgresql_ops={"org_path": "text_pattern_ops"})

    op.drop_table("task_plan")
    op.drop_table("approval_route")
    with op.batch_alter_table("approval_request", schema=None) as batch_op:
        batch_op.drop_index("ix_approval_request_subject")
        batch_op.drop_index("ix_approval_request_pending", postgresql_ops={"pending_path": "text_pattern_ops"})
        batch_op.drop_index("ix_approval_request_org_path", postgresql_ops={"org_path": "text_pattern_ops"})

    op.drop_table("approval_request")
