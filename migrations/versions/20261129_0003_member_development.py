"""member development

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 06:22:00.055714+00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RULES = {
    "id": 1,
    "talk_within_months": 1,
    "activist_min_months": 12,
    "training_min_days": 3,
    "training_min_hours": 24,
    "approval_max_months": 3,
    "approval_special_max_months": 6,
    "probation_months": 12,
    "extension_min_months": 6,
    "extension_max_months": 12,
    "review_every_months": 6,
    "conversion_alert_days": 30,
    "review_alert_days": 30,
    "version": 1,
}


def upgrade() -> None:
    op.create_table(
        "development_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("talk_within_months", sa.Integer(), nullable=False),
        sa.Column("activist_min_months", sa.Integer(), nullable=False),
        sa.Column("training_min_days", sa.Integer(), nullable=False),
        sa.Column("training_min_hours", sa.Integer(), nullable=False),
        sa.Column("approval_max_months", sa.Integer(), nullable=False),
        sa.Column("approval_special_max_months", sa.Integer(), nullable=False),
        sa.Column("probation_months", sa.Integer(), nullable=False),
        sa.Column("extension_min_months", sa.Integer(), nullable=False),
        sa.Column("extension_max_months", sa.Integer(), nullable=False),
        sa.Column("review_every_months", sa.Integer(), nullable=False),
        sa.Column("conversion_alert_days", sa.Integer(), nullable=False),
        sa.Column("review_alert_days", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_development_rules")),
    )
    # One row of rules, the regulation values (DOMAIN.md, Member development); ADMIN edits them.
    op.bulk_insert(
        sa.table(
            "development_rules",
            *(sa.column(name) for name in _RULES),
            sa.column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime()),
        ),
        [{**_RULES, "updated_at": datetime.now(UTC)}],
    )
    op.create_table(
        "development_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("id_number_cipher", sa.LargeBinary(), nullable=False),
        sa.Column("id_number_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("id_number_masked", sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
        sa.Column("phone_cipher", sa.LargeBinary(), nullable=True),
        sa.Column("phone_masked", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("education", sa.String(length=30), nullable=True),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("late_talk", sa.Boolean(), nullable=False),
        sa.Column("extension_months", sa.Integer(), nullable=True),
        sa.Column("extension_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_development_file_member_id_member")),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_development_file_organization_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_development_file")),
        sa.UniqueConstraint("member_id", name=op.f("uq_development_file_member_id")),
    )
    with op.batch_alter_table("development_file", schema=None) as batch_op:
        batch_op.create_index(
            "uq_development_file_in_progress",
            ["id_number_key"],
            unique=True,
            postgresql_where=sa.text("stage IN ('APPLICANT', 'ACTIVIST', 'TARGET', 'PROBATIONARY')"),
            sqlite_where=sa.text("stage IN ('APPLICANT', 'ACTIVIST', 'TARGET', 'PROBATIONARY')"),
        )
        batch_op.create_index(
            "ix_development_file_org_path", ["org_path"], unique=False, postgresql_ops={"org_path": "text_pattern_ops"}
        )
        batch_op.create_index(batch_op.f("ix_development_file_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_development_file_stage"), ["stage"], unique=False)

    op.create_table(
        "development_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["development_file.id"], name=op.f("fk_development_step_file_id_development_file")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["app_user.id"], name=op.f("fk_development_step_recorded_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_development_step")),
    )
    with op.batch_alter_table("development_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_development_step_file_id"), ["file_id"], unique=False)
        batch_op.create_index(
            "uq_development_step_once",
            ["file_id", "step"],
            unique=True,
            postgresql_where=sa.text("step <> 'ACTIVIST_REVIEW'"),
            sqlite_where=sa.text("step <> 'ACTIVIST_REVIEW'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("development_step", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_development_step_once",
            postgresql_where=sa.text("step <> 'ACTIVIST_REVIEW'"),
            sqlite_where=sa.text("step <> 'ACTIVIST_REVIEW'"),
        )
        batch_op.drop_index(batch_op.f("ix_development_step_file_id"))

    op.drop_table("development_step")
    with op.batch_alter_table("development_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_development_file_stage"))
        batch_op.drop_index(batch_op.f("ix_development_file_organization_id"))
        batch_op.drop_index("ix_development_file_org_path", postgresql_ops={"org_path": "text_pattern_ops"})
        batch_op.drop_index(
            "uq_development_file_in_progress",
            postgresql_where=sa.text("stage IN ('APPLICANT', 'ACTIVIST', 'TARGET', 'PROBATIONARY')"),
            sqlite_where=sa.text("stage IN ('APPLICANT', 'ACTIVIST', 'TARGET', 'PROBATIONARY')"),
        )

    op.drop_table("development_file")
    op.drop_table("development_rules")
