"""Households whose search terms wait for the end of a sync pull (``search_pending``):
a pull keeps ``search_text`` current page by page and indexes once, at its end.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-03 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_pending',
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('household_id', name=op.f('pk_search_pending'))
    )


def downgrade() -> None:
    op.drop_table('search_pending')
