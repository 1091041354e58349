"""The change log in commit order (server.changes, migration 0016): a writer that is still
working holds up no other writer, and a pull made while it works still gets its changes
once it commits — the cursor never passes a seq committed later."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from synchelp import pull_all

from homevisit.protocol.records import Entity
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Change, Household


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


def test_change_rows_are_refused_inside_a_savepoint(services, actor, make_household):
    """The commit trigger finds a transaction's rows by xmin, which a savepoint changes."""
    me = actor("counselor")
    household_id = make_household(me.username)
    with (services.sessions() as s, pytest.raises(RuntimeError, match="savepoint"),
          s.begin_nested()):
        _touch(s, household_id)
