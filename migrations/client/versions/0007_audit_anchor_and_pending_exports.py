"""The audit log's anchor and the journal of plaintext exports (issue 12 items 2 and 3).

``audit_anchor`` says which hash chains the log (0: the old unkeyed SHA-256, re-chained with
a key derived from the store key at the next open) and holds the head the server last
acknowledged. ``sync_state.last_server_time`` is the server's clock at the last contact (a
laptop clock behind it was set back). ``pending_exports`` lists exports whose audit row is committed and whose temp
file may still be on disk, so a crash's leftover plaintext is removed at the next start.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 06:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_state') as batch_op:
        batch_op.add_column(sa.Column('last_server_time', sa.DateTime(), nullable=True))
    anchor = op.create_table(
        'audit_anchor',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('chain_version', sa.Integer(), server_default='0', nullable=False),
        sa.Column('acked_seq', sa.Integer(), server_default='0', nullable=False),
        sa.Column('acked_hash', sa.String(length=64), nullable=True),
        sa.CheckConstraint('id = 1', name=op.f('ck_audit_anchor_single_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_anchor')),
    )
    op.bulk_insert(anchor, [{'id': 1, 'chain_version': 0, 'acked_seq': 0}])
    op.create_table(
        'pending_exports',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('audit_seq', sa.Integer(), nullable=False),
        sa.Column('temp_path', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_exports')),
    )


def downgrade() -> None:
    op.drop_table('pending_exports')
    op.drop_table('audit_anchor')
    with op.batch_alter_table('sync_state') as batch_op:
        batch_op.drop_column('last_server_time')
