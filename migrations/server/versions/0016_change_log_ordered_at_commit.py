"""The change log put in commit order at commit, by PostgreSQL itself (issue 20).

A pull reads ``seq > since``, so seqs must be handed out in commit order (see
``server.changes``). Writers used to take a transaction-scoped advisory lock before their
first change row and hold it until they committed: every push in the county waited for the
one before it to finish its remaining statements and its commit, Python time included —
with 500 devices on two workers, push p95 went from 73 ms without the lock to 358 ms.

Now a writer inserts its change rows with whatever seq the identity gives them (a
provisional one: nobody can read them before commit) and a deferred constraint trigger, run
by PostgreSQL as the transaction commits, takes the lock and gives the transaction's rows
fresh seqs, in the order they were inserted. The lock is held from there to the end of the
commit only, with no round trip to the application in between. The first row's trigger
does the work for all of them (its provisional seq is the lowest of the transaction; the
rows are the transaction's own by ``xmin``); the others find it done. SQLite has one writer
at a time: nothing to do there.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 06:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# The key is server.changes' _CHANGE_LOCK_KEY: published documents take the same lock.
_FUNCTION = """
CREATE FUNCTION homevisit_order_changes() RETURNS trigger LANGUAGE plpgsql AS $$
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

_TRIGGER = """
CREATE CONSTRAINT TRIGGER changes_ordered_at_commit AFTER INSERT ON changes
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION homevisit_order_changes()
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(_FUNCTION)
    op.execute(_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP TRIGGER changes_ordered_at_commit ON changes')
    op.execute('DROP FUNCTION homevisit_order_changes()')
