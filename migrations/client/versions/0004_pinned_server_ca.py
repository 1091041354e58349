"""A pinned CA for the sync server (issue 9 item 10: ``homevisit sync enrol --ca FILE``).

The CA certificate (PEM, public) is kept in the encrypted store beside the server URL, so
every later sync verifies the server against it alone, and nobody with access to the
profile folder can swap it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_state') as batch_op:
        batch_op.add_column(sa.Column('server_ca_pem', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sync_state') as batch_op:
        batch_op.drop_column('server_ca_pem')
