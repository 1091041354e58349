"""Attachment access follows scope (issue 9 item 1): which upload (device, household) made
each blob available; upload sessions name their household.

Existing blobs: an attachment row pushed by the very device that uploaded the blob is
taken as that upload's household (the only link the old schema kept). Other attachment
rows naming the blob lose access to its bytes until their device uploads it again for
their household. Unfinished upload sessions have no household: they expire now and the
next sweep removes them with their partial files.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import homevisit.server.models.base

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blob_uploads',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('uploaded_by', sa.String(length=40), nullable=True),
    sa.Column('created_at', homevisit.server.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['blobs.sha256'], name=op.f('fk_blob_uploads_sha256_blobs')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_blob_uploads_household_id_households')),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_blob_uploads_device_id_devices')),
    sa.PrimaryKeyConstraint('sha256', 'household_id', 'device_id', name=op.f('pk_blob_uploads'))
    )
    with op.batch_alter_table('blob_uploads', schema=None) as batch_op:
        batch_op.create_index('ix_blob_uploads_household_device', ['household_id', 'device_id'], unique=False)
    with op.batch_alter_table('upload_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('household_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_upload_sessions_device_id'), ['device_id'], unique=False)

    op.execute(
        "INSERT INTO blob_uploads (sha256, household_id, device_id, uploaded_by, created_at) "
        "SELECT DISTINCT b.sha256, a.household_id, b.device_id, b.uploaded_by, b.created_at "
        "FROM blobs b JOIN attachments a ON a.sha256 = b.sha256 "
        "AND a.updated_by_device = b.device_id "
        "JOIN devices d ON d.id = b.device_id"
    )
    # created_at is in the past: the session counts as expired from now on.
    op.execute(
        sa.text("UPDATE upload_sessions SET expires_at = created_at "
                "WHERE completed = :no AND household_id IS NULL").bindparams(no=False)
    )


def downgrade() -> None:
    with op.batch_alter_table('upload_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upload_sessions_device_id'))
        batch_op.drop_column('household_id')
    with op.batch_alter_table('blob_uploads', schema=None) as batch_op:
        batch_op.drop_index('ix_blob_uploads_household_device')
    op.drop_table('blob_uploads')
