"""Aid history as a synced record (issue 18, item 5): ``aid_entries``, written only by the
server (aid import, visit approval, help-desk case summaries). ``students.aid_history``
stays, unused and kept empty.

Revision ID: 0012
Revises: 0014
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import homevisit.server.models.base


revision = '0012'
down_revision = '0014'  # after main's 0014 (delegations and proposals): one head
branch_labels = None
depends_on = None

_TIME = homevisit.server.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'aid_entries',
        sa.Column('student_id', sa.String(length=36), nullable=False),
        sa.Column('household_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('school_year', sa.Integer(), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=True),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=100), nullable=False),
        sa.Column('level', sa.String(length=40), nullable=True),
        sa.Column('loan_type', sa.String(length=10), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('visit_id', sa.String(length=36), nullable=True),
        sa.Column('case_id', sa.String(length=36), nullable=True),
        sa.Column('recorded_at', _TIME, nullable=True),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('rev', sa.Integer(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.Column('updated_at', _TIME, nullable=False),
        sa.Column('updated_by_device', sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(['household_id'], ['households.id'],
                                name=op.f('fk_aid_entries_household_id_households')),
        sa.ForeignKeyConstraint(['student_id'], ['students.id'],
                                name=op.f('fk_aid_entries_student_id_students')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_entries')),
    )
    with op.batch_alter_table('aid_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aid_entries_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_entries_household_id'), ['household_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_aid_entries_student_id'), ['student_id'],
                              unique=False)



def downgrade() -> None:
    with op.batch_alter_table('aid_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aid_entries_student_id'))
        batch_op.drop_index(batch_op.f('ix_aid_entries_household_id'))
        batch_op.drop_index(batch_op.f('ix_aid_entries_case_id'))

    op.drop_table('aid_entries')
