"""Aid history as a synced record (issue 18, item 5): ``aid_entries``, pulled from the
server (aid import, visit approval, help-desk case summaries) and never pushed.
``students.aid_history`` stays, unused.

Revision ID: 0013
Revises: 0015
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0015'  # after main's 0015 (delegations and proposals): one head
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'aid_entries',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('rev', sa.Integer(), server_default='0', nullable=False),
        sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
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
        sa.Column('recorded_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['household_id'], ['households.id'],
                                name=op.f('fk_aid_entries_household_id_households'),
                                ondelete='CASCADE', initially='DEFERRED', deferrable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_entries')),
    )
    with op.batch_alter_table('aid_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aid_entries_household_id'), ['household_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_aid_entries_student_id'), ['student_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('aid_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aid_entries_student_id'))
        batch_op.drop_index(batch_op.f('ix_aid_entries_household_id'))
    op.drop_table('aid_entries')
