"""The control center: the indicator library, indicator values, and the unified alert center (scanned alerts,
their acknowledgements and the scans).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 12:29:05.023790+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("alerts", sa.Integer(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_scan")),
    )
    op.create_table(
        "indicator_module",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_module")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_module_code")),
    )
    op.create_table(
        "alert_acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("planned_fix_on", sa.Date(), nullable=True),
        sa.Column("acknowledged_by", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"], ["app_user.id"], name=op.f("fk_alert_acknowledgement_acknowledged_by_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_alert_acknowledgement_organization_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_acknowledgement")),
    )
    with op.batch_alter_table("alert_acknowledgement", schema=None) as batch_op:
        batch_op.create_index("ix_alert_acknowledgement_key", ["alert_key", "acknowledged_at"], unique=False)

    op.create_table(
        "alert_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("subject_type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("scanned_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_alert_record_organization_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_record")),
        sa.UniqueConstraint("key", name=op.f("uq_alert_record_key")),
    )
    with op.batch_alter_table("alert_record", schema=None) as batch_op:
        batch_op.create_index(
            "ix_alert_record_org_path_level",
            ["org_path", "level"],
            unique=False,
            postgresql_ops={"org_path": "text_pattern_ops"},
        )
        batch_op.create_index(
            "ix_alert_record_sort", ["severity", "due_on", "kind", "organization_id", "subject_id"], unique=False
        )

    op.create_table(
        "indicator_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"], ["indicator_module.id"], name=op.f("fk_indicator_scenario_module_id_indicator_module")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_scenario")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_scenario_code")),
    )
    with op.batch_alter_table("indicator_scenario", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_scenario_module_id"), ["module_id"], unique=False)

    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("computation", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("org_types", sa.JSON(), nullable=False),
        sa.Column("green", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("yellow", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("weight", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"], ["indicator_module.id"], name=op.f("fk_indicator_module_id_indicator_module")
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"], ["indicator_scenario.id"], name=op.f("fk_indicator_scenario_id_indicator_scenario")
        ),
        sa.ForeignKeyConstraint(["updated_by"], ["app_user.id"], name=op.f("fk_indicator_updated_by_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_code")),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_scenario_id"), ["scenario_id"], unique=False)

    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("numerator", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("denominator", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicator.id"], name=op.f("fk_indicator_value_indicator_id_indicator")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_indicator_value_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(["recorded_by"], ["app_user.id"], name=op.f("fk_indicator_value_recorded_by_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
        sa.UniqueConstraint("indicator_id", "organization_id", "period", name="uq_indicator_value"),
    )
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.create_index(
            "ix_indicator_value_org_path_period",
            ["org_path", "period"],
            unique=False,
            postgresql_ops={"org_path": "text_pattern_ops"},
        )
        batch_op.create_index("ix_indicator_value_org_period", ["organization_id", "period"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_value_org_period")
        batch_op.drop_index("ix_indicator_value_org_path_period", postgresql_ops={"org_path": "text_pattern_ops"})

    op.drop_table("indicator_value")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_scenario_id"))

    op.drop_table("indicator")
    with op.batch_alter_table("indicator_scenario", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_scenario_module_id"))

    op.drop_table("indicator_scenario")
    with op.batch_alter_table("alert_record", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_record_sort")
        batch_op.drop_index("ix_alert_record_org_path_level", postgresql_ops={"org_path": "text_pattern_ops"})

    op.drop_table("alert_record")
    with op.batch_alter_table("alert_acknowledgement", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_acknowledgement_key")

    op.drop_table("alert_acknowledgement")
    op.drop_table("indicator_module")
    op.drop_table("alert_scan")
