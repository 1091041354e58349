"""The change log in commit order (server.changes, migrations 0016 and 0017): a writer that
is still working holds up no other writer, and a pull made while it works still gets its
changes once it commits — the cursor never passes a seq committed later."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from synchelp import op, pull_all, push, visit_payload

from homevisit.protocol.records import Entity
from homevisit.server.changes import bump, record_change
from homevisit.server.db import alembic_config, migrate
from homevisit.server.models import Change, Household, QueuedChange


def _touch(session: Session, household_id: str) -> None:
    """One more change of the household, in ``session``'s open transaction."""
    household = session.get(Household, household_id)
    assert household is not None
    household.address += "·"
    bump(household)
    record_change(session, Entity.HOUSEHOLD, household)
    session.flush()


def _seqs(services, household_id: str) -> list[int]:
    with services.sessions() as s:
        return list(s.scalars(select(Change.seq).where(Change.household_id == household_id)
                              .order_by(Change.seq)))


def test_a_writer_still_working_holds_up_no_other_writer_and_loses_nothing_to_a_pull(
        services, actor, make_household):
    if services.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: the second one waits for the first")
    me = actor("counselor")
    slow, quick = make_household(me.username), make_household(me.username)
    _, cursor = pull_all(me.client)
    with services.sessions() as first, services.sessions() as second:
        _touch(first, slow)  # took its seq first, commits last
        # Held up by the first writer, this one would fail here (it waited on the lock).
        second.execute(text("SET LOCAL lock_timeout = '5s'"))
        _touch(second, quick)
        second.commit()
        seen, cursor = pull_all(me.client, cursor)  # while the first is still working
        assert [c["entity_id"] for c in seen] == [quick]
        first.commit()
    seen, _ = pull_all(me.client, cursor)
    assert [c["entity_id"] for c in seen] == [slow]
    assert _seqs(services, slow)[-1] > _seqs(services, quick)[-1]


def test_changes_of_one_transaction_keep_the_order_they_were_written_in(
        services, actor, make_household):
    me = actor("counselor")
    households = [make_household(me.username) for _ in range(3)]
    _, cursor = pull_all(me.client)
    with services.sessions() as s:
        for household_id in [*households, households[0]]:
            _touch(s, household_id)
        s.commit()
        written = list(s.scalars(select(Change.household_id).where(Change.seq > cursor)
                                 .order_by(Change.seq)))
    assert written == [*households, households[0]]
    seen, _ = pull_all(me.client, cursor)
    assert sorted(c["entity_id"] for c in seen) == sorted(households)


def test_change_rows_written_in_a_savepoint_are_ordered_and_a_rolled_back_one_is_not(
        services, actor, make_household):
    """0016 found a transaction's rows by xmin, which a savepoint changes: it had to refuse
    change rows inside one. The queue finds them all."""
    me = actor("counselor")
    kept, dropped, last = (make_household(me.username) for _ in range(3))
    _, cursor = pull_all(me.client)
    with services.sessions() as s:
        with s.begin_nested():
            _touch(s, kept)
        savepoint = s.begin_nested()
        _touch(s, dropped)
        savepoint.rollback()
        _touch(s, last)
        s.commit()
        written = list(s.scalars(select(Change.household_id).where(Change.seq > cursor)
                                 .order_by(Change.seq)))
        assert s.scalar(select(func.count()).select_from(QueuedChange)) == 0
    assert written == [kept, last]
    seen, _ = pull_all(me.client, cursor)
    assert sorted(c["entity_id"] for c in seen) == sorted([kept, last])


def test_a_transaction_rolled_back_leaves_nothing_queued_or_logged(
        services, actor, make_household):
    me = actor("counselor")
    household_id = make_household(me.username)
    before = _seqs(services, household_id)
    with services.sessions() as s:
        _touch(s, household_id)
        s.rollback()
    with services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(QueuedChange)) == 0
    assert _seqs(services, household_id) == before


def test_the_log_keeps_one_order_across_the_queue_migration(services, actor, make_household):
    """Revision 0017 (the queue) down to 0016 (renumbering) and up again: a change written
    under each lands after the one before it."""
    me = actor("counselor")
    household_id = make_household(me.username)
    _, cursor = pull_all(me.client)
    first, last = visit_payload(household_id), visit_payload(household_id)
    push(me.client, [op("visit", first)])
    config = alembic_config()
    with services.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0016")
    with services.engine.begin() as conn:  # what a writer did under 0016
        conn.execute(text(
            "INSERT INTO changes (entity, entity_id, rev, deleted, household_id, changed_at) "
            "VALUES ('household', :id, 9, :no, :id, :at)"),
            {"id": household_id, "no": False, "at": dt.datetime.now(dt.UTC).replace(tzinfo=None)})
    migrate(services.engine)
    push(me.client, [op("visit", last)])
    with services.sessions() as s:
        logged = list(s.scalars(select(Change.entity_id).where(Change.seq > cursor)
                                .order_by(Change.seq)))
    assert logged == [first["id"], household_id, last["id"]]
