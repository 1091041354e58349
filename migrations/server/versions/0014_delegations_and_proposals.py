"""Joint and delegated visits, proposed households (issue 19): ``delegations`` (who visits
a household jointly or instead, for which office, while requested or accepted),
``proposals`` (a family a counselor proposes; accepted into a household and assignment, or
declined with a reason) and ``visits.delegated_by_office``.

Revision ID: 0014
Revises: 0009
Create Date: 2026-12-02 13:58:16.283548
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

import homevisit.orm_types

revision = '0014'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('proposals',
    sa.Column('region_code', sa.String(length=9), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=100), nullable=False),
    sa.Column('contact_relation', sa.String(length=40), nullable=True),
    sa.Column('reasons', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('notice_version', sa.String(length=40), nullable=False),
    sa.Column('consented_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('proposed_by', sa.String(length=40), nullable=True),
    sa.Column('decided_by', sa.String(length=40), nullable=True),
    sa.Column('decided_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['decided_by'], ['users.username'], name=op.f('fk_proposals_decided_by_users')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_proposals_household_id_households')),
    sa.ForeignKeyConstraint(['proposed_by'], ['users.username'], name=op.f('fk_proposals_proposed_by_users')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_proposals_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_proposed_by'), ['proposed_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_team_id'), ['team_id'], unique=False)

    op.create_table('delegations',
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('delegate', sa.String(length=40), nullable=False),
    sa.Column('assignee', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('requested_by', sa.String(length=40), nullable=True),
    sa.Column('delegating_office', sa.String(length=100), nullable=True),
    sa.Column('ended_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['assignee'], ['users.username'], name=op.f('fk_delegations_assignee_users')),
    sa.ForeignKeyConstraint(['delegate'], ['users.username'], name=op.f('fk_delegations_delegate_users')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_delegations_household_id_households')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.username'], name=op.f('fk_delegations_requested_by_users')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_delegations_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegations'))
    )
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegations_assignee_status'), ['assignee', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_delegations_delegate_status'), ['delegate', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_delegations_household_id'), ['household_id'], unique=False)

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delegated_by_office', sa.String(length=100), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_column('delegated_by_office')

    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegations_household_id'))
        batch_op.drop_index(batch_op.f('ix_delegations_delegate_status'))
        batch_op.drop_index(batch_op.f('ix_delegations_assignee_status'))

    op.drop_table('delegations')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_team_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_region_code'))
        batch_op.drop_index(batch_op.f('ix_proposals_proposed_by'))

    op.drop_table('proposals')
