"""Appointments and hand-backs (issue 19): ``appointments``, ``handbacks`` and
``handback_decisions`` (synced records; they go with their household).
(Revises the chain's current head, 0013 after merging main; the lead relinks at merge time.)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 13:58:19.033079
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appointments',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('counselor', sa.String(length=100), nullable=True),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_appointments_household_id_households'), ondelete='CASCADE', initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_starts_at'), ['starts_at'], unique=False)

    op.create_table('handback_decisions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('handback_id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reassign_to', sa.String(length=100), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_handback_decisions_household_id_households'), ondelete='CASCADE', initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handback_decisions'))
    )
    with op.batch_alter_table('handback_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handback_decisions_handback_id'), ['handback_id'], unique=False)

    op.create_table('handbacks',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.String(length=100), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_handbacks_household_id_households'), ondelete='CASCADE', initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handbacks'))
    )
    with op.batch_alter_table('handbacks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handbacks_household_id'), ['household_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('handbacks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handbacks_household_id'))

    op.drop_table('handbacks')
    with op.batch_alter_table('handback_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handback_decisions_handback_id'))

    op.drop_table('handback_decisions')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_starts_at'))
        batch_op.drop_index(batch_op.f('ix_appointments_household_id'))

    op.drop_table('appointments')
