"""A member a finalized visit's roster left off is marked moved out, never deleted
(issue 14 item 10): ``members.moved_out_on``, the day it was found. Existing members are
present (NULL), which is what a record without the field means on the wire too.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('members') as batch_op:
        batch_op.add_column(sa.Column('moved_out_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('members') as batch_op:
        batch_op.drop_column('moved_out_on')
