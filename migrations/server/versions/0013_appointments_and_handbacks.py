"""Appointments and hand-backs (issue 19): ``appointments`` (a counselor's planned visits),
``handbacks`` (an assignment handed back) and ``handback_decisions`` (a supervisor's answer).
(Revises the chain's current head, 0012 after merging main; the lead relinks at merge time.)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 13:57:25.772210
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import homevisit.orm_types

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appointments',
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('starts_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('counselor', sa.String(length=40), nullable=True),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['counselor'], ['users.username'], name=op.f('fk_appointments_counselor_users')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_appointments_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_starts_at'), ['starts_at'], unique=False)

    op.create_table('handbacks',
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.String(length=40), nullable=True),
    sa.Column('requested_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=40), nullable=True),
    sa.Column('decided_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['decided_by'], ['users.username'], name=op.f('fk_handbacks_decided_by_users')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_handbacks_household_id_households')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.username'], name=op.f('fk_handbacks_requested_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handbacks'))
    )
    with op.batch_alter_table('handbacks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handbacks_household_id'), ['household_id'], unique=False)

    op.create_table('handback_decisions',
    sa.Column('handback_id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reassign_to', sa.String(length=100), nullable=True),
    sa.Column('decided_by', sa.String(length=40), nullable=True),
    sa.Column('decided_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['decided_by'], ['users.username'], name=op.f('fk_handback_decisions_decided_by_users')),
    sa.ForeignKeyConstraint(['handback_id'], ['handbacks.id'], name=op.f('fk_handback_decisions_handback_id_handbacks')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_handback_decisions_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handback_decisions'))
    )
    with op.batch_alter_table('handback_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handback_decisions_handback_id'), ['handback_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handback_decisions_household_id'), ['household_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('handback_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handback_decisions_household_id'))
        batch_op.drop_index(batch_op.f('ix_handback_decisions_handback_id'))

    op.drop_table('handback_decisions')
    with op.batch_alter_table('handbacks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handbacks_household_id'))

    op.drop_table('handbacks')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_starts_at'))
        batch_op.drop_index(batch_op.f('ix_appointments_household_id'))

    op.drop_table('appointments')
