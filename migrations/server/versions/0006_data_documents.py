"""Data documents published to devices (issue 16): form definitions, code lists, scoring
rule sets, help-desk checklists and policy cards, one row per (kind, id, version), with
their state (draft → published → retired). ``homevisit-server init`` seeds the versions
shipped with the app.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import homevisit.orm_types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('data_documents',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('body', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=40), nullable=True),
    sa.Column('published_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('retired_at', homevisit.orm_types.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_documents')),
    sa.UniqueConstraint('kind', 'doc_id', 'version', name=op.f('uq_data_documents_kind_doc_id_version'))
    )


def downgrade() -> None:
    op.drop_table('data_documents')
