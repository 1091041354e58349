"""Initial schema of the central database: every table of issue 4 (DESIGN §2–§5).

Revision ID: 0001
Revises:
Create Date: 2026-11-29 08:39:12.738441
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import homevisit.server.models.base

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=40), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)

    op.create_table('changes',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), sa.Identity(always=False), nullable=False),
    sa.Column('entity', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('region_code', sa.String(length=9), nullable=True),
    sa.Column('desk_id', sa.String(length=36), nullable=True),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.Column('changed_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_changes')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index('ix_changes_desk_seq', ['desk_id', 'seq'], unique=False)
        batch_op.create_index('ix_changes_household_seq', ['household_id', 'seq'], unique=False)
        batch_op.create_index('ix_changes_region_seq', ['region_code', 'seq'], unique=False)
        batch_op.create_index('ix_changes_team_seq', ['team_id', 'seq'], unique=False)

    op.create_table('policies',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_policies'))
    )
    op.create_table('regions',
    sa.Column('code', sa.String(length=9), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('parent_code', sa.String(length=9), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['regions.code'], name=op.f('fk_regions_parent_code_regions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_regions'))
    )
    op.create_table('roster_entries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('id_number_hash', sa.String(length=64), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('position', sa.String(length=100), nullable=False),
    sa.Column('evidence', sa.String(length=200), nullable=False),
    sa.Column('batch', sa.String(length=40), nullable=False),
    sa.Column('imported_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_entries'))
    )
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_entries_id_number_hash'), ['id_number_hash'], unique=False)

    op.create_table('teams',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=9), nullable=True),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_teams_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('name', name=op.f('uq_teams_name'))
    )
    op.create_table('help_desks',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('site', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=9), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_help_desks_region_code_regions')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_help_desks_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_desks'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('region_code', sa.String(length=9), nullable=True),
    sa.Column('desk_id', sa.String(length=36), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['desk_id'], ['help_desks.id'], name=op.f('fk_users_desk_id_help_desks')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_users_region_code_regions')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_users_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_team_id'), ['team_id'], unique=False)

    op.create_table('blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('storage_key', sa.String(length=200), nullable=False),
    sa.Column('uploaded_by', sa.String(length=40), nullable=True),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.username'], name=op.f('fk_blobs_uploaded_by_users')),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blobs'))
    )
    op.create_table('devices',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('registered_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_devices_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_devices'))
    )
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_devices_user_id'), ['user_id'], unique=False)

    op.create_table('helpdesk_cases',
    sa.Column('desk_id', sa.String(length=36), nullable=False),
    sa.Column('desk_site', sa.String(length=100), nullable=False),
    sa.Column('desk_date', sa.Date(), nullable=True),
    sa.Column('volunteer', sa.String(length=40), nullable=True),
    sa.Column('loan_type', sa.String(length=10), nullable=False),
    sa.Column('student_name', sa.String(length=100), nullable=False),
    sa.Column('student_id_number', sa.String(length=18), nullable=True),
    sa.Column('co_borrower_name', sa.String(length=100), nullable=False),
    sa.Column('co_borrower_id_number', sa.String(length=18), nullable=True),
    sa.Column('checklist', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('steps', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('minutes_spent', sa.Integer(), nullable=True),
    sa.Column('follow_up', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['desk_id'], ['help_desks.id'], name=op.f('fk_helpdesk_cases_desk_id_help_desks')),
    sa.ForeignKeyConstraint(['volunteer'], ['users.username'], name=op.f('fk_helpdesk_cases_volunteer_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helpdesk_cases'))
    )
    with op.batch_alter_table('helpdesk_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpdesk_cases_desk_id'), ['desk_id'], unique=False)

    op.create_table('households',
    sa.Column('region_code', sa.String(length=9), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('rural', sa.Boolean(), nullable=False),
    sa.Column('special_categories', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('assigned_counselor', sa.String(length=40), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['assigned_counselor'], ['users.username'], name=op.f('fk_households_assigned_counselor_users')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_households_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_assigned_counselor'), ['assigned_counselor'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_team_id'), ['team_id'], unique=False)

    op.create_table('applied_ops',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('op_id', sa.BigInteger(), nullable=False),
    sa.Column('result', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('applied_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_applied_ops_device_id_devices')),
    sa.PrimaryKeyConstraint('device_id', 'op_id', name=op.f('pk_applied_ops'))
    )
    op.create_table('assignments',
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('counselor', sa.String(length=40), nullable=False),
    sa.Column('assigned_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('assigned_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['counselor'], ['users.username'], name=op.f('fk_assignments_counselor_users')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_assignments_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index('ix_assignments_counselor_household', ['counselor', 'household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_household_id'), ['household_id'], unique=False)

    op.create_table('attachments',
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('mime', sa.String(length=40), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_attachments_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_visit_id'), ['visit_id'], unique=False)

    op.create_table('device_audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('wall_time', sa.String(length=40), nullable=False),
    sa.Column('mono_ns', sa.BigInteger(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=100), nullable=True),
    sa.Column('detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('received_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_device_audit_log_device_id_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_audit_log')),
    sa.UniqueConstraint('device_id', 'seq', name=op.f('uq_device_audit_log_device_id_seq'))
    )
    op.create_table('flags',
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=True),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('rule_id', sa.String(length=40), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('trigger', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('suggested_question', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=40), nullable=True),
    sa.Column('decided_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['decided_by'], ['users.username'], name=op.f('fk_flags_decided_by_users')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_flags_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags'))
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flags_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_flags_visit_id'), ['visit_id'], unique=False)

    op.create_table('members',
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('relation', sa.String(length=40), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=6), nullable=True),
    sa.Column('health', sa.String(length=40), nullable=True),
    sa.Column('occupation', sa.String(length=100), nullable=True),
    sa.Column('employer', sa.String(length=100), nullable=True),
    sa.Column('employer_type', sa.String(length=40), nullable=True),
    sa.Column('position', sa.String(length=100), nullable=True),
    sa.Column('employer_credit_code', sa.String(length=18), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('is_guardian', sa.Boolean(), nullable=False),
    sa.Column('income', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_members_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_id_number'), ['id_number'], unique=False)

    op.create_table('tokens',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('created_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_tokens_device_id_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_tokens_token_hash'))
    )
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tokens_device_id'), ['device_id'], unique=False)

    op.create_table('upload_sessions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('offset', sa.BigInteger(), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_upload_sessions_device_id_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_sessions'))
    )
    with op.batch_alter_table('upload_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upload_sessions_sha256'), ['sha256'], unique=False)

    op.create_table('visits',
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('counselor', sa.String(length=40), nullable=True),
    sa.Column('submitted_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.Column('mode', sa.String(length=10), nullable=True),
    sa.Column('visitors', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('started_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('form_id', sa.String(length=40), nullable=True),
    sa.Column('form_version', sa.Integer(), nullable=True),
    sa.Column('answers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('observations', sa.Text(), nullable=False),
    sa.Column('traits', sa.Text(), nullable=False),
    sa.Column('policies_explained', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('score_detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('suggested_level', sa.String(length=40), nullable=True),
    sa.Column('recommended_level', sa.String(length=40), nullable=True),
    sa.Column('recommendation_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['counselor'], ['users.username'], name=op.f('fk_visits_counselor_users')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_visits_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_counselor'), ['counselor'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_status'), ['status'], unique=False)

    op.create_table('consent_records',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('guardian_member_id', sa.String(length=36), nullable=True),
    sa.Column('guardian_relation', sa.String(length=40), nullable=True),
    sa.Column('notice_version', sa.String(length=40), nullable=False),
    sa.Column('choices', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('roster_check_authorised', sa.Boolean(), nullable=False),
    sa.Column('signature_attachment_id', sa.String(length=36), nullable=True),
    sa.Column('signed_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_consent_records_household_id_households')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_consent_records_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_records'))
    )
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_records_visit_id'), ['visit_id'], unique=False)

    op.create_table('reviews',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('visit_version', sa.Integer(), nullable=False),
    sa.Column('reviewer', sa.String(length=40), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('comments', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_reviews_household_id_households')),
    sa.ForeignKeyConstraint(['reviewer'], ['users.username'], name=op.f('fk_reviews_reviewer_users')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_reviews_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_visit_id'), ['visit_id'], unique=False)

    op.create_table('students',
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('school', sa.String(length=100), nullable=False),
    sa.Column('grade', sa.String(length=100), nullable=False),
    sa.Column('applications', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('aid_history', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_students_household_id_households')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_students_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_students'))
    )
    with op.batch_alter_table('students', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_students_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_students_member_id'), ['member_id'], unique=False)

    op.create_table('visit_versions',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('finalized_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.Column('mode', sa.String(length=10), nullable=True),
    sa.Column('visitors', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('started_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('form_id', sa.String(length=40), nullable=True),
    sa.Column('form_version', sa.Integer(), nullable=True),
    sa.Column('answers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('observations', sa.Text(), nullable=False),
    sa.Column('traits', sa.Text(), nullable=False),
    sa.Column('policies_explained', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('score_detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('suggested_level', sa.String(length=40), nullable=True),
    sa.Column('recommended_level', sa.String(length=40), nullable=True),
    sa.Column('recommendation_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_visit_versions_household_id_households')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_versions_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_versions')),
    sa.UniqueConstraint('visit_id', 'version', name=op.f('uq_visit_versions_visit_id_version'))
    )
    with op.batch_alter_table('visit_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_versions_visit_id'), ['visit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('visit_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_versions_visit_id'))

    op.drop_table('visit_versions')
    with op.batch_alter_table('students', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_students_member_id'))
        batch_op.drop_index(batch_op.f('ix_students_household_id'))

    op.drop_table('students')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_visit_id'))

    op.drop_table('reviews')
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_records_visit_id'))

    op.drop_table('consent_records')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_status'))
        batch_op.drop_index(batch_op.f('ix_visits_household_id'))
        batch_op.drop_index(batch_op.f('ix_visits_counselor'))

    op.drop_table('visits')
    with op.batch_alter_table('upload_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upload_sessions_sha256'))

    op.drop_table('upload_sessions')
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tokens_device_id'))

    op.drop_table('tokens')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_id_number'))
        batch_op.drop_index(batch_op.f('ix_members_household_id'))

    op.drop_table('members')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flags_visit_id'))
        batch_op.drop_index(batch_op.f('ix_flags_status'))
        batch_op.drop_index(batch_op.f('ix_flags_household_id'))

    op.drop_table('flags')
    op.drop_table('device_audit_log')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_visit_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachments_household_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_household_id'))
        batch_op.drop_index('ix_assignments_counselor_household')

    op.drop_table('assignments')
    op.drop_table('applied_ops')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_team_id'))
        batch_op.drop_index(batch_op.f('ix_households_region_code'))
        batch_op.drop_index(batch_op.f('ix_households_assigned_counselor'))

    op.drop_table('households')
    with op.batch_alter_table('helpdesk_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_cases_desk_id'))

    op.drop_table('helpdesk_cases')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_devices_user_id'))

    op.drop_table('devices')
    op.drop_table('blobs')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_team_id'))

    op.drop_table('users')
    op.drop_table('help_desks')
    op.drop_table('teams')
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_entries_id_number_hash'))

    op.drop_table('roster_entries')
    op.drop_table('regions')
    op.drop_table('policies')
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index('ix_changes_team_seq')
        batch_op.drop_index('ix_changes_region_seq')
        batch_op.drop_index('ix_changes_household_seq')
        batch_op.drop_index('ix_changes_desk_seq')

    op.drop_table('changes')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
