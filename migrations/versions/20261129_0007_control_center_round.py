"""Control center round: a record of each snapshot run (final once taken after its period ended), the yearly
task tally and the alert counts by org, and a subtree index on meeting studies for the first-agenda indicators.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 15:06:24.190940+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("orgs", sa.Integer(), nullable=False),
        sa.Column("written", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_snapshot")),
    )
    with op.batch_alter_table("indicator_snapshot", schema=None) as batch_op:
        batch_op.create_index("ix_indicator_snapshot_period", ["period", "finished_at"], unique=False)

    op.create_table(
        "alert_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("alerts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_alert_count_organization_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_count")),
    )
    with op.batch_alter_table("alert_count", schema=None) as batch_op:
        batch_op.create_index(
            "ix_alert_count_org_path", ["org_path"], unique=False, postgresql_ops={"org_path": "text_pattern_ops"}
        )

    op.create_table(
        "task_year_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assignments", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("on_time", sa.Integer(), nullable=False),
        sa.Column("budget_fen", sa.BigInteger(), nullable=False),
        sa.Column("spent_fen", sa.BigInteger(), nullable=False),
        sa.Column("counted_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_task_year_tally_organization_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_year_tally")),
    )
    with op.batch_alter_table("task_year_tally", schema=None) as batch_op:
        batch_op.create_index(
            "ix_task_year_tally_path",
            ["year", "org_path"],
            unique=False,
            postgresql_ops={"org_path": "text_pattern_ops"},
        )

    with op.batch_alter_table("meeting_study", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meeting_study_org_path", ["org_path"], unique=False, postgresql_ops={"org_path": "text_pattern_ops"}
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_study", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_study_org_path", postgresql_ops={"org_path": "text_pattern_ops"})

    with op.batch_alter_table("task_year_tally", schema=None) as batch_op:
        batch_op.drop_index("ix_task_year_tally_path", postgresql_ops={"org_path": "text_pattern_ops"})

    op.drop_table("task_year_tally")
    with op.batch_alter_table("alert_count", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_count_org_path", postgresql_ops={"org_path": "text_pattern_ops"})

    op.drop_table("alert_count")
    with op.batch_alter_table("indicator_snapshot", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_snapshot_period")

    op.drop_table("indicator_snapshot")
