"""The enrolled user's account as the server last said: role, display name, team, region.

The app shows the pages of this role (counselor, supervisor, volunteer). A store enrolled
before this revision has no row until its next sync fetches ``/me``; until then the app
shows the counselor's pages, the only ones it had.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=150), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('team', sa.String(length=200), nullable=True),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('desk_id', sa.String(length=36), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_account_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account'))
    )


def downgrade() -> None:
    op.drop_table('account')
