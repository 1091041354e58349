"""Help desks in full (issue 17): a desk's township and opening hours; ``desk_shifts`` (which
volunteer staffs which desk on which day); help-desk cases with the applicant's phone,
school, stage and status, the co-borrower's relation, the ticket, problems, missing
documents, call and close times and the count of the same student seen elsewhere that day.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import homevisit.server.models.base

revision = '0010'
down_revision = '0008'
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
_TIME = homevisit.server.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table('help_desks') as batch_op:
        batch_op.add_column(sa.Column('township', sa.String(length=100), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('hours', sa.String(length=20), nullable=False,
                                      server_default=''))
    op.create_table(
        'desk_shifts',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('desk_id', sa.String(length=36), nullable=False),
        sa.Column('username', sa.String(length=40), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['desk_id'], ['help_desks.id'],
                                name=op.f('fk_desk_shifts_desk_id_help_desks')),
        sa.ForeignKeyConstraint(['username'], ['users.username'],
                                name=op.f('fk_desk_shifts_username_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_shifts')),
        sa.UniqueConstraint('desk_id', 'username', 'day',
                            name=op.f('uq_desk_shifts_desk_id_username_day')),
    )
    with op.batch_alter_table('desk_shifts') as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_shifts_desk_id'), ['desk_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_shifts_username'), ['username'], unique=False)
    with op.batch_alter_table('helpdesk_cases') as batch_op:
        batch_op.add_column(sa.Column('co_borrower_relation', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('student_phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('school', sa.String(length=100), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('stage', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('student_status', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('ticket_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('problems', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('missing_documents', _JSON, nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('called_at', _TIME, nullable=True))
        batch_op.add_column(sa.Column('closed_at', _TIME, nullable=True))
        batch_op.add_column(sa.Column('seen_elsewhere', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.create_index(batch_op.f('ix_helpdesk_cases_student_id_number'),
                              ['student_id_number'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('helpdesk_cases') as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_cases_student_id_number'))
        for column in ('seen_elsewhere', 'closed_at', 'called_at', 'missing_documents',
                       'problems', 'ticket_number', 'student_status', 'stage', 'school',
                       'student_phone', 'co_borrower_relation'):
            batch_op.drop_column(column)
    op.drop_table('desk_shifts')
    with op.batch_alter_table('help_desks') as batch_op:
        batch_op.drop_column('hours')
        batch_op.drop_column('township')
