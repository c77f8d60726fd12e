"""org tree, accounts, grants and audit trail

Revision ID: 0001
Revises:
Create Date: 2026-11-29 05:20:06.292992+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The audit trail is append-only in the database itself, not only in the API.
_APPEND_ONLY_PG = [
    """CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_record is append-only';
    END $$""",
    """CREATE TRIGGER audit_record_no_update BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only()""",
    """CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only()""",
]
_APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record
    BEGIN SELECT RAISE(ABORT, 'audit_record is append-only'); END""",
    """CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record
    BEGIN SELECT RAISE(ABORT, 'audit_record is append-only'); END""",
]


def _append_only() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _APPEND_ONLY_PG if postgresql else _APPEND_ONLY_SQLITE:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["app_user.id"], name=op.f("fk_app_user_created_by_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_table(
        "audit_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("client_address", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("operation", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("object_type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("org_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_record")),
    )
    with op.batch_alter_table("audit_record", schema=None) as batch_op:
        batch_op.create_index("ix_audit_record_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_record_operation", ["operation"], unique=False)
        batch_op.create_index(
            "ix_audit_record_org_path", ["org_path"], unique=False, postgresql_ops={"org_path": "text_pattern_ops"}
        )
        batch_op.create_index("ix_audit_record_user_id", ["user_id"], unique=False)
    _append_only()

    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column("term_started_on", sa.Date(), nullable=True),
        sa.Column("term_years", sa.Integer(), nullable=False),
        sa.Column("dissolved_on", sa.Date(), nullable=True),
        sa.Column("dissolution_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["organization.id"], name=op.f("fk_organization_parent_id_organization")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
        sa.UniqueConstraint("code", name=op.f("uq_organization_code")),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(
            "ix_organization_path", ["path"], unique=False, postgresql_ops={"path": "text_pattern_ops"}
        )
        batch_op.create_index(
            "uq_organization_root_name",
            ["name"],
            unique=True,
            postgresql_where=sa.text("parent_id IS NULL AND dissolved_on IS NULL"),
            sqlite_where=sa.text("parent_id IS NULL AND dissolved_on IS NULL"),
        )
        batch_op.create_index(
            "uq_organization_sibling_name",
            ["parent_id", "name"],
            unique=True,
            postgresql_where=sa.text("dissolved_on IS NULL"),
            sqlite_where=sa.text("dissolved_on IS NULL"),
        )

    op.create_table(
        "sign_in_throttle",
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_failure_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_sign_in_throttle")),
    )
    op.create_table(
        "role_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("subtree", sa.Boolean(), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["granted_by"], ["app_user.id"], name=op.f("fk_role_grant_granted_by_app_user")),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("fk_role_grant_organization_id_organization")
        ),
        sa.ForeignKeyConstraint(["revoked_by"], ["app_user.id"], name=op.f("fk_role_grant_revoked_by_app_user")),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_role_grant_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grant")),
    )
    with op.batch_alter_table("role_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_grant_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index("ix_role_grant_user_active", ["user_id", "revoked_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("role_grant", schema=None) as batch_op:
        batch_op.drop_index("ix_role_grant_user_active")
        batch_op.drop_index(batch_op.f("ix_role_grant_organization_id"))

    op.drop_table("role_grant")
    op.drop_table("sign_in_throttle")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_organization_sibling_name",
            postgresql_where=sa.text("dissolved_on IS NULL"),
            sqlite_where=sa.text("dissolved_on IS NULL"),
        )
        batch_op.drop_index(
            "uq_organization_root_name",
            postgresql_where=sa.text("parent_id IS NULL AND dissolved_on IS NULL"),
            sqlite_where=sa.text("parent_id IS NULL AND dissolved_on IS NULL"),
        )
        batch_op.drop_index("ix_organization_path", postgresql_ops={"path": "text_pattern_ops"})
        batch_op.drop_index(batch_op.f("ix_organization_parent_id"))

    op.drop_table("organization")
    with op.batch_alter_table("audit_record", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_record_user_id")
        batch_op.drop_index("ix_audit_record_org_path", postgresql_ops={"org_path": "text_pattern_ops"})
        batch_op.drop_index("ix_audit_record_operation")
        batch_op.drop_index("ix_audit_record_at")

    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_record_no_truncate ON audit_record")
        op.execute("DROP TRIGGER audit_record_no_update ON audit_record")
        op.execute("DROP FUNCTION audit_record_append_only()")
    op.drop_table("audit_record")
    op.drop_table("app_user")
