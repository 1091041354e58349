"""The last report figures from the server (issue 18): ``report_snapshot``, one row with the
figures' JSON body and when they were computed and received.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import homevisit.orm_types

revision = '0012'
down_revision = '0010'  # the head of this branch's chain (0009 → 0011 → 0010)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'report_snapshot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('schema_version', sa.Integer(), nullable=False),
        sa.Column('computed_at', homevisit.orm_types.UtcDateTime(), nullable=False),
        sa.Column('received_at', homevisit.orm_types.UtcDateTime(), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_snapshot')),
    )


def downgrade() -> None:
    op.drop_table('report_snapshot')
