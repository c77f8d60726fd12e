"""member ledger

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 05:37:09.185551+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("party_group_id", sa.Integer(), nullable=True),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
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
        sa.Column("degree", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("native_place", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("post", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("department", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("converted_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("special_state", sa.String(length=20), server_default="NONE", nullable=False),
        sa.Column("flowing_to", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("record_state", sa.String(length=20), server_default="ACTIVE", nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("leaving_kind", sa.String(length=20), nullable=True),
        sa.Column("leaving_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_member_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["party_group_id"], ["organization.id"], name=op.f("fk_member_party_group_id_organization")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_member_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("id_number_key", name=op.f("uq_member_id_number_key")),
        sa.UniqueConstraint("user_id", name=op.f("uq_member_user_id")),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index("ix_member_name", ["name"], unique=False)
        batch_op.create_index(
            "ix_member_org_path", ["org_path"], unique=False, postgresql_ops={"org_path": "text_pattern_ops"}
        )
        batch_op.create_index("ix_member_organization_id", ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_record_state"), ["record_state"], unique=False)

    op.create_table(
        "member_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("from_org_id", sa.Integer(), nullable=True),
        sa.Column("to_org_id", sa.Integer(), nullable=True),
        sa.Column("outside_unit", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("letter_number", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("letter_valid_days", sa.Integer(), nullable=True),
        sa.Column("dues_paid_through", sa.Date(), nullable=True),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decision_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["app_user.id"], name=op.f("fk_member_transfer_decided_by_app_user")),
        sa.ForeignKeyConstraint(
            ["from_org_id"], ["organization.id"], name=op.f("fk_member_transfer_from_org_id_organization")
        ),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_member_transfer_member_id_member")),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["app_user.id"], name=op.f("fk_member_transfer_requested_by_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["to_org_id"], ["organization.id"], name=op.f("fk_member_transfer_to_org_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_transfer")),
    )
    with op.batch_alter_table("member_transfer", schema=None) as batch_op:
        batch_op.create_index("ix_member_transfer_from_org_id", ["from_org_id"], unique=False)
        batch_op.create_index("ix_member_transfer_to_org_id", ["to_org_id"], unique=False)
        batch_op.create_index(
            "uq_member_transfer_open",
            ["member_id"],
            unique=True,
            postgresql_where=sa.text("status = 'PENDING'"),
            sqlite_where=sa.text("status = 'PENDING'"),
        )

    op.create_table(
        "member_org_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("outside_unit", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("transfer_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_member_org_history_member_id_member")),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_member_org_history_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"], ["member_transfer.id"], name=op.f("fk_member_org_history_transfer_id_member_transfer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_org_history")),
    )
    with op.batch_alter_table("member_org_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_org_history_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member_org_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_org_history_member_id"))

    op.drop_table("member_org_history")
    with op.batch_alter_table("member_transfer", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_member_transfer_open",
            postgresql_where=sa.text("status = 'PENDING'"),
            sqlite_where=sa.text("status = 'PENDING'"),
        )
        batch_op.drop_index("ix_member_transfer_to_org_id")
        batch_op.drop_index("ix_member_transfer_from_org_id")

    op.drop_table("member_transfer")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_record_state"))
        batch_op.drop_index("ix_member_organization_id")
        batch_op.drop_index("ix_member_org_path", postgresql_ops={"org_path": "text_pattern_ops"})
        batch_op.drop_index("ix_member_name")

    op.drop_table("member")
