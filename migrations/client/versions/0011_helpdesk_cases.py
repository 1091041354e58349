"""Help-desk cases in full (issue 17): the applicant's phone, school, stage and status, the
co-borrower's relation, the ticket, problems, missing documents, call and close times, the
server's count of the same student seen elsewhere, the refused input kept
locally (never sent); and the volunteer's desk shifts.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import homevisit.orm_types

revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('helpdesk_cases') as batch_op:
        batch_op.add_column(sa.Column('co_borrower_relation', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('student_phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('school', sa.String(length=100), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('stage', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('student_status', sa.String(length=10),
                                      nullable=True))
        batch_op.add_column(sa.Column('ticket_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('problems', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('missing_documents', sa.JSON(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('called_at', homevisit.orm_types.UtcDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column('closed_at', homevisit.orm_types.UtcDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column('seen_elsewhere', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('unsaved_input', sa.JSON(), nullable=False,
                                      server_default='{}'))
        batch_op.create_index(batch_op.f('ix_helpdesk_cases_student_id_number'),
                              ['student_id_number'])
    op.create_table(
        'desk_shifts',
        sa.Column('desk_id', sa.String(length=36), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('site', sa.String(length=100), nullable=False),
        sa.Column('township', sa.String(length=100), nullable=False),
        sa.Column('hours', sa.String(length=20), nullable=False),
        sa.Column('picked', sa.Boolean(), nullable=False),
        sa.Column('desk_totals', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('desk_id', 'day', name=op.f('pk_desk_shifts')),
    )


def downgrade() -> None:
    op.drop_table('desk_shifts')
    with op.batch_alter_table('helpdesk_cases') as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_cases_student_id_number'))
        for column in ('unsaved_input', 'seen_elsewhere', 'closed_at', 'called_at', 'missing_documents',
                       'problems', 'ticket_number', 'student_status', 'stage', 'school',
                       'student_phone', 'co_borrower_relation'):
            batch_op.drop_column(column)
