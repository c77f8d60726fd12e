"""organization life

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 08:28:59.150333+00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The regulation values (DOMAIN.md, Organization life; domain/orglife/rules.py), seeded so every worker
# reads the same numbers until ADMIN changes them.
_RULES = {
    "id": 1,
    "reelection_alert_months": 6,
    "meeting_alert_numerator": 2,
    "meeting_alert_denominator": 3,
    "study_alert_days": 14,
    "inactive_months": 6,
    "term_adjust_max_months": 12,
    "branch_committee_min_full_members": 7,
    "version": 1,
}
_FULL_ON_ROLL = "status = 'FULL' AND record_state = 'ACTIVE' AND special_state <> 'SUSPENDED'"
_REQUIREMENTS = [
    ("BRANCH_GENERAL_MEETING", "BRANCH", "QUARTER"),
    ("BRANCH_COMMITTEE_MEETING", "BRANCH", "MONTH"),
    ("GROUP_MEETING", "GROUP", "MONTH"),
    ("PARTY_LECTURE", "BRANCH", "QUARTER"),
    ("PARTY_LECTURE", "GENERAL_BRANCH", "YEAR"),
    ("PARTY_LECTURE", "COMMITTEE", "YEAR"),
    ("THEME_PARTY_DAY", "BRANCH", "MONTH"),
    ("ORG_LIFE_MEETING", "BRANCH", "YEAR"),
    ("DEMOCRATIC_EVALUATION", "BRANCH", "YEAR"),
    ("COMMITTEE_MEETING", "COMMITTEE", "MONTH"),
]


def upgrade() -> None:
    op.create_table('meeting_requirement',
    sa.Column('meeting_type', sa.String(length=30), nullable=False),
    sa.Column('org_type', sa.String(length=20), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('min_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('meeting_type', 'org_type', name=op.f('pk_meeting_requirement'))
    )
    op.create_table('org_life_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reelection_alert_months', sa.Integer(), nullable=False),
    sa.Column('meeting_alert_numerator', sa.Integer(), nullable=False),
    sa.Column('meeting_alert_denominator', sa.Integer(), nullable=False),
    sa.Column('study_alert_days', sa.Integer(), nullable=False),
    sa.Column('inactive_months', sa.Integer(), nullable=False),
    sa.Column('term_adjust_max_months', sa.Integer(), nullable=False),
    sa.Column('branch_committee_min_full_members', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_life_rules'))
    )
    op.create_table('election',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('org_path', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('entitled_voters', sa.Integer(), nullable=False),
    sa.Column('voters_present', sa.Integer(), nullable=False),
    sa.Column('term_years', sa.Integer(), nullable=False),
    sa.Column('term_ends_on', sa.Date(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_election_organization_id_organization')),
    sa.ForeignKeyConstraint(['recorded_by'], ['app_user.id'], name=op.f('fk_election_recorded_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_election'))
    )
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.create_index('ix_election_organization_held_on', ['organization_id', 'held_on'], unique=False)

    op.create_table('study_topic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer_org_id', sa.Integer(), nullable=False),
    sa.Column('issuer_path', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['issued_by'], ['app_user.id'], name=op.f('fk_study_topic_issued_by_app_user')),
    sa.ForeignKeyConstraint(['issuer_org_id'], ['organization.id'], name=op.f('fk_study_topic_issuer_org_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study_topic'))
    )
    with op.batch_alter_table('study_topic', schema=None) as batch_op:
        batch_op.create_index('ix_study_topic_issuer_path', ['issuer_path'], unique=False, postgresql_ops={'issuer_path': 'text_pattern_ops'})

    op.create_table('term_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('previous_ends_on', sa.Date(), nullable=False),
    sa.Column('new_ends_on', sa.Date(), nullable=False),
    sa.Column('approval_note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('approver_org_id', sa.Integer(), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['app_user.id'], name=op.f('fk_term_adjustment_approved_by_app_user')),
    sa.ForeignKeyConstraint(['approver_org_id'], ['organization.id'], name=op.f('fk_term_adjustment_approver_org_id_organization')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_term_adjustment_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_term_adjustment'))
    )
    with op.batch_alter_table('term_adjustment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_term_adjustment_organization_id'), ['organization_id'], unique=False)

    op.create_table('election_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=30), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_election_seat_election_id_election')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_election_seat_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_election_seat')),
    sa.UniqueConstraint('election_id', 'member_id', name='uq_election_seat_member')
    )
    with op.batch_alter_table('election_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_election_seat_election_id'), ['election_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('org_path', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('month_index', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('host_id', sa.Integer(), nullable=True),
    sa.Column('recorder_id', sa.Integer(), nullable=True),
    sa.Column('lecturer_id', sa.Integer(), nullable=True),
    sa.Column('lecturer_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.Column('combined_evaluation', sa.Boolean(), nullable=False),
    sa.Column('due_count', sa.Integer(), nullable=False),
    sa.Column('present_count', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['host_id'], ['member.id'], name=op.f('fk_meeting_host_id_member')),
    sa.ForeignKeyConstraint(['lecturer_id'], ['member.id'], name=op.f('fk_meeting_lecturer_id_member')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_meeting_organization_id_organization')),
    sa.ForeignKeyConstraint(['recorded_by'], ['app_user.id'], name=op.f('fk_meeting_recorded_by_app_user')),
    sa.ForeignKeyConstraint(['recorder_id'], ['member.id'], name=op.f('fk_meeting_recorder_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_org_path_month', ['org_path', 'month_index'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})
        batch_op.create_index('ix_meeting_organization_held_on', ['organization_id', 'held_on'], unique=False)
        batch_op.create_index('ix_meeting_month_index', ['month_index'], unique=False)

    op.create_table('meeting_agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_agenda_item_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_agenda_item')),
    sa.UniqueConstraint('meeting_id', 'position', name='uq_meeting_agenda_position')
    )
    with op.batch_alter_table('meeting_agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_agenda_item_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('checksum', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attachment_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attachment'))
    )
    with op.batch_alter_table('meeting_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attachment_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('absence_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attendance_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_meeting_attendance_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('meeting_id', 'member_id', name='uq_meeting_attendance_member')
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_attendance_member_held_on', ['member_id', 'held_on'], unique=False)

    op.create_table('meeting_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['app_user.id'], name=op.f('fk_meeting_revision_changed_by_app_user')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_revision_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_revision')),
    sa.UniqueConstraint('meeting_id', 'version', name='uq_meeting_revision_version')
    )
    with op.batch_alter_table('meeting_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_revision_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_study',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('org_path', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_study_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_meeting_study_organization_id_organization')),
    sa.ForeignKeyConstraint(['topic_id'], ['study_topic.id'], name=op.f('fk_meeting_study_topic_id_study_topic')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_study')),
    sa.UniqueConstraint('meeting_id', 'topic_id', name='uq_meeting_study_topic')
    )
    with op.batch_alter_table('meeting_study', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_study_organization', ['organization_id', 'topic_id'], unique=False)
        batch_op.create_index('ix_meeting_study_topic_org_path', ['topic_id', 'org_path'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('term_adjusted_ends_on', sa.Date(), nullable=True))

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index(
            'ix_member_full_by_org_path',
            ['org_path', 'organization_id'],
            unique=False,
            postgresql_ops={'org_path': 'text_pattern_ops'},
            postgresql_where=sa.text(_FULL_ON_ROLL),
            sqlite_where=sa.text(_FULL_ON_ROLL),
        )

    op.bulk_insert(
        sa.table('org_life_rules', *(sa.column(name) for name in _RULES), sa.column('updated_at')),
        [{**_RULES, 'updated_at': datetime.now(UTC)}],
    )
    op.bulk_insert(
        sa.table('meeting_requirement', *(sa.column(n) for n in ('meeting_type', 'org_type', 'period', 'min_count'))),
        [{'meeting_type': m, 'org_type': o, 'period': p, 'min_count': 1} for m, o, p in _REQUIREMENTS],
    )



def downgrade() -> None:
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index('ix_member_full_by_org_path', postgresql_ops={'org_path': 'text_pattern_ops'})

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('term_adjusted_ends_on')

    with op.batch_alter_table('meeting_study', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_study_topic_org_path', postgresql_ops={'org_path': 'text_pattern_ops'})
        batch_op.drop_index('ix_meeting_study_organization')

    op.drop_table('meeting_study')
    with op.batch_alter_table('meeting_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_revision_meeting_id'))

    op.drop_table('meeting_revision')
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_attendance_member_held_on')

    op.drop_table('meeting_attendance')
    with op.batch_alter_table('meeting_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attachment_meeting_id'))

    op.drop_table('meeting_attachment')
    with op.batch_alter_table('meeting_agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_agenda_item_meeting_id'))

    op.drop_table('meeting_agenda_item')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_month_index')
        batch_op.drop_index('ix_meeting_organization_held_on')
        batch_op.drop_index('ix_meeting_org_path_month', postgresql_ops={'org_path': 'text_pattern_ops'})

    op.drop_table('meeting')
    with op.batch_alter_table('election_seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_election_seat_election_id'))

    op.drop_table('election_seat')
    with op.batch_alter_table('term_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_term_adjustment_organization_id'))

    op.drop_table('term_adjustment')
    with op.batch_alter_table('study_topic', schema=None) as batch_op:
        batch_op.drop_index('ix_study_topic_issuer_path', postgresql_ops={'issuer_path': 'text_pattern_ops'})

    op.drop_table('study_topic')
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.drop_index('ix_election_organization_held_on')

    op.drop_table('election')
    op.drop_table('org_life_rules')
    op.drop_table('meeting_requirement')
