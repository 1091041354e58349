"""Devices pull published documents (issue 16 item 3): ``data_documents.published_seq`` (the
order of publishing, the pull cursor) and ``schema_version``; visits and their versions
record the scoring rule set they started with (``rule_set_id``, ``rule_set_version``).

Documents published before this revision get seqs in the order they were published.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 09:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('data_documents') as batch_op:
        batch_op.add_column(sa.Column('schema_version', sa.Integer(), server_default='1',
                                      nullable=False))
        batch_op.add_column(sa.Column('published_seq', sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(op.f('uq_data_documents_published_seq'),
                                          ['published_seq'])
    documents = sa.table('data_documents', sa.column('id', sa.Integer()),
                         sa.column('state', sa.String()),
                         sa.column('published_at', sa.DateTime()),
                         sa.column('published_seq', sa.BigInteger()))
    bind = op.get_bind()
    rows = bind.execute(sa.select(documents.c.id).where(documents.c.state != 'draft')
                        .order_by(documents.c.published_at, documents.c.id)).scalars().all()
    for seq, row_id in enumerate(rows, start=1):
        bind.execute(documents.update().where(documents.c.id == row_id)
                     .values(published_seq=seq))
    for table in ('visits', 'visit_versions'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('rule_set_id', sa.String(length=40), nullable=True))
            batch_op.add_column(sa.Column('rule_set_version', sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in ('visit_versions', 'visits'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('rule_set_version')
            batch_op.drop_column('rule_set_id')
    with op.batch_alter_table('data_documents') as batch_op:
        batch_op.drop_constraint(op.f('uq_data_documents_published_seq'), type_='unique')
        batch_op.drop_column('published_seq')
        batch_op.drop_column('schema_version')
