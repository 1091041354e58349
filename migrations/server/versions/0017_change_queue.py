"""Change rows queued until commit, then moved into the log in order (issue 20).

Migration 0016 put a transaction's change rows in commit order by renumbering them as it
committed: the rows went into ``changes`` with provisional seqs, then an UPDATE gave each a
new one. Every row thus went into the log's five indexes twice, and a push of 500 visits
spent about 12 ms of its commit on that UPDATE, under the change-log lock.

Now, on PostgreSQL, writers insert change rows into ``change_queue`` (no index but its key,
UNLOGGED: its rows never outlive their transaction, so they need no WAL), and the deferred
trigger moves them into ``changes`` as the transaction commits, in the order they were
written, under the same lock. Each row is indexed once, and the lock is held for one
INSERT … SELECT. The queue is read without a condition: the rows a transaction sees there
are its own (other writers' are uncommitted, and every commit empties its rows). Rows
written inside a savepoint are found too (0016 found rows by ``xmin``, which a savepoint
changes), and those of a savepoint rolled back are gone with it. SQLite has one writer at
a time and keeps writing ``changes`` directly; its queue stays empty.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import homevisit.server.models.base

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

_COLUMNS = ("entity, entity_id, rev, deleted, household_id, team_id, region_code, desk_id, "
            "device_id, changed_at")

# The lock key is server.changes' _CHANGE_LOCK_KEY: published documents take the same lock.
# The first row's trigger moves every row of the transaction; the others find it done.
_MOVE = f"""
CREATE OR REPLACE FUNCTION homevisit_order_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('homevisit.changes_ordered', true) = '1' THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(1215261029);
    INSERT INTO changes ({_COLUMNS}) SELECT {_COLUMNS} FROM change_queue ORDER BY ord;
    DELETE FROM change_queue;
    PERFORM set_config('homevisit.changes_ordered', '1', true);
    RETURN NULL;
END
$$
"""

# 0016's function, for the downgrade.
_RENUMBER = """
CREATE OR REPLACE FUNCTION homevisit_order_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sequence text := pg_get_serial_sequence('changes', 'seq');
BEGIN
    IF current_setting('homevisit.changes_ordered', true) = '1' THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(1215261029);
    UPDATE changes SET seq = renumbered.final
    FROM (SELECT provisional, nextval(sequence) AS final
          FROM (SELECT own.seq AS provisional FROM changes AS own
                WHERE own.seq >= NEW.seq AND own.xmin = pg_current_xact_id()::xid
                ORDER BY own.seq) AS inserted) AS renumbered
    WHERE changes.seq = renumbered.provisional;
    PERFORM set_config('homevisit.changes_ordered', '1', true);
    RETURN NULL;
END
$$
"""


def _trigger(table: str, name: str) -> str:
    return (f"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
            "homevisit_order_changes()")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    op.create_table(
        'change_queue',
        sa.Column('ord', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  sa.Identity(always=False), nullable=False),
        sa.Column('entity', sa.String(length=20), nullable=False),
        sa.Column('entity_id', sa.String(length=36), nullable=False),
        sa.Column('rev', sa.Integer(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.Column('household_id', sa.String(length=36), nullable=True),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('region_code', sa.String(length=9), nullable=True),
        sa.Column('desk_id', sa.String(length=36), nullable=True),
        sa.Column('device_id', sa.String(length=36), nullable=True),
        sa.Column('changed_at', homevisit.server.models.base.UTCDateTime(timezone=True),
                  nullable=False),
        sa.PrimaryKeyConstraint('ord', name=op.f('pk_change_queue')),
        prefixes=['UNLOGGED'] if postgresql else [],
    )
    if not postgresql:
        return
    op.execute(_MOVE)
    op.execute('DROP TRIGGER changes_ordered_at_commit ON changes')
    op.execute(_trigger('change_queue', 'change_queue_moved_at_commit'))


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER change_queue_moved_at_commit ON change_queue')
        op.execute(_RENUMBER)
        op.execute(_trigger('changes', 'changes_ordered_at_commit'))
    op.drop_table('change_queue')
