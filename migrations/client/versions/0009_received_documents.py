"""Published documents on the device (issue 16 item 3): ``received_documents`` (every form,
code list, rule set, checklist and policy card version received, never deleted), the
documents' pull cursor and the last refusals in ``sync_state``, and the scoring rule set a
visit started with on ``visits`` and ``visit_versions`` (whose read-only trigger now covers
those columns too).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_VERSION_CONTENT = (
    "visit_id", "household_id", "version", "finalized_at", "mode", "visitors", "started_at",
    "ended_at", "form_id", "form_version", "answers", "observations", "traits",
    "policies_explained", "score", "score_detail", "suggested_level", "recommended_level",
    "recommendation_reason",
)


def _trigger(columns: tuple[str, ...]) -> str:
    return ("CREATE TRIGGER visit_versions_read_only BEFORE UPDATE OF "
            + ", ".join(columns) + " ON visit_versions BEGIN"
            " SELECT RAISE(ABORT, 'finalized visit versions are read-only'); END")


def upgrade() -> None:
    op.create_table(
        'received_documents',
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('doc_id', sa.String(length=40), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'doc_id', 'version',
                                name=op.f('pk_received_documents')),
    )
    with op.batch_alter_table('sync_state') as batch_op:
        batch_op.add_column(sa.Column('documents_cursor', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('documents_refused', sa.JSON(), server_default='[]',
                                      nullable=False))
    op.execute("DROP TRIGGER IF EXISTS visit_versions_read_only")
    for table in ('visits', 'visit_versions'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('rule_set_id', sa.String(length=40), nullable=True))
            batch_op.add_column(sa.Column('rule_set_version', sa.Integer(), nullable=True))
    op.execute(_trigger((*_VERSION_CONTENT, "rule_set_id", "rule_set_version")))


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS visit_versions_read_only")
    for table in ('visit_versions', 'visits'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('rule_set_version')
            batch_op.drop_column('rule_set_id')
    op.execute(_trigger(_VERSION_CONTENT))
    with op.batch_alter_table('sync_state') as batch_op:
        batch_op.drop_column('documents_refused')
        batch_op.drop_column('documents_cursor')
    op.drop_table('received_documents')
