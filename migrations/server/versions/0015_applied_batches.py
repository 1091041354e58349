"""A push's results in one row (issue 20): ``applied_batches`` replaces ``applied_ops``.

A row per op cost every push of 500 ops 500 rows, with their key and foreign-key checks,
for results that are nearly all "applied, rev 1". Existing results move over one row per
op (each its own range), so a replay of an op sent before the upgrade still gets its
stored result; the downgrade spreads every row back into one row per op.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-02 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import homevisit.server.models.base

revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
_TIME = homevisit.server.models.base.UTCDateTime(timezone=True)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade() -> None:
    op.create_table(
        'applied_batches',
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.Column('first_op_id', sa.BigInteger(), nullable=False),
        sa.Column('last_op_id', sa.BigInteger(), nullable=False),
        sa.Column('results', _JSON, nullable=False),
        sa.Column('applied_at', _TIME, nullable=False),
        sa.ForeignKeyConstraint(['device_id'], ['devices.id'],
                                name=op.f('fk_applied_batches_device_id_devices')),
        sa.PrimaryKeyConstraint('device_id', 'first_op_id', name=op.f('pk_applied_batches')),
    )
    with op.batch_alter_table('applied_batches', schema=None) as batch_op:
        batch_op.create_index('ix_applied_batches_device_last', ['device_id', 'last_op_id'],
                              unique=False)
    one_result = ("jsonb_build_object(op_id::text, result)" if _postgresql()
                  else "json_object(CAST(op_id AS TEXT), json(result))")
    op.execute(
        "INSERT INTO applied_batches (device_id, first_op_id, last_op_id, results, applied_at) "
        f"SELECT device_id, op_id, op_id, {one_result}, applied_at FROM applied_ops")
    op.drop_table('applied_ops')


def downgrade() -> None:
    op.create_table(
        'applied_ops',
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.Column('op_id', sa.BigInteger(), nullable=False),
        sa.Column('result', _JSON, nullable=False),
        sa.Column('applied_at', _TIME, nullable=False),
        sa.ForeignKeyConstraint(['device_id'], ['devices.id'],
                                name=op.f('fk_applied_ops_device_id_devices')),
        sa.PrimaryKeyConstraint('device_id', 'op_id', name=op.f('pk_applied_ops')),
    )
    each = ("jsonb_each(b.results) AS e" if _postgresql() else "json_each(b.results) AS e")
    op.execute(
        "INSERT INTO applied_ops (device_id, op_id, result, applied_at) "
        f"SELECT b.device_id, CAST(e.key AS BIGINT), e.value, b.applied_at "
        f"FROM applied_batches AS b, {each}")
    with op.batch_alter_table('applied_batches', schema=None) as batch_op:
        batch_op.drop_index('ix_applied_batches_device_last')
    op.drop_table('applied_batches')
