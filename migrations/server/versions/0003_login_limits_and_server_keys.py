"""Login limits in the database (shared by workers and hosts) and the fingerprint of the
roster-matching secret (issue 9 items 5 and 9).

Stored roster hashes are plain SHA-256 until the server first meets its secret file: the
rehash to HMAC-SHA-256 needs the secret, which never enters the database or this script, so
``homevisit-server init`` (and the first start) does it in one transaction when no
fingerprint is stored yet (``homevisit.server.roster_key.bind``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 05:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import homevisit.server.models.base

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_limits',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_start', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_limits'))
    )
    op.create_table('server_keys',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_server_keys'))
    )


def downgrade() -> None:
    op.drop_table('server_keys')
    op.drop_table('login_limits')
