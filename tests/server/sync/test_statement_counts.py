"""The sync hot paths issue a fixed number of SQL statements per request, whatever the
number of ops or changes (issue 20): one round trip per kind of lookup and one bulk insert
per table, never one per op. A regression to per-op queries shows here long before it
shows in a benchmark."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from entity_examples import records_of_every_kind
from sqlalchemy import event, select
from synchelp import op, pull_all, push, visit_payload

from homevisit.protocol.records import Entity
from homevisit.server.auth import principal_of
from homevisit.server.models import User
from homevisit.server.sync_pull import pull_page


@contextmanager
def counted(engine) -> Iterator[list[str]]:
    """The SQL statements the server runs meanwhile (an executemany counts once)."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _executemany) -> None:
        seen.append(statement.split(None, 3)[0].upper())

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _push_visits(actor, household: str, count: int) -> list[dict]:
    visits = [visit_payload(household) for _ in range(count)]
    results = push(actor.client, [op("visit", v) for v in visits])
    assert {r["status"] for r in results} == {"applied"}
    return visits


def test_a_push_issues_the_same_statements_for_5_ops_as_for_300(actor, make_household,
                                                                services):
    me = actor("counselor")
    household = make_household(me.username)
    _push_visits(me, household, 1)  # warm: the first request of a device may do more
    with counted(services.engine) as few:
        _push_visits(me, household, 5)
    with counted(services.engine) as many:
        _push_visits(me, household, 300)
    # Never more for more ops (on PostgreSQL a big batch's inserts become COPYs, which the
    # statement hook does not see: fewer, not more).
    assert len(many) <= len(few), (few, many)
    assert len(few) <= 16, few  # auth, replays, rows, households, inserts, lock, commit


def test_a_pull_page_issues_the_same_statements_for_5_changes_as_for_300(
        actor, make_household, services):
    me = actor("counselor")
    household = make_household(me.username)
    _, cursor = pull_all(me.client)
    _push_visits(me, household, 5)
    with counted(services.engine) as few:
        changes, cursor = pull_all(me.client, since=cursor)
    assert len(changes) == 5
    _push_visits(me, household, 300)
    with counted(services.engine) as many:
        changes, _ = pull_all(me.client, since=cursor, limit=1000)
    assert len(changes) == 300
    assert len(many) == len(few), (few, many)
    assert len(many) <= 8, many


def test_replaying_a_push_reads_its_stored_results_in_one_query(actor, make_household,
                                                               services):
    me = actor("counselor")
    household = make_household(me.username)
    ops = [op("visit", visit_payload(household)) for _ in range(50)]
    first = push(me.client, ops)
    with counted(services.engine) as seen:
        assert push(me.client, ops) == first  # a replay changes nothing
    assert seen.count("INSERT") == 0 and seen.count("UPDATE") == 0, seen
    assert len(seen) <= 6, seen


@pytest.mark.parametrize("who", ["counselor", "supervisor", "admin"])
def test_a_pull_page_reads_its_records_of_every_kind_in_one_statement(
        who, actor, make_household, services, world):
    """The reset check, the page, its records of every kind, the supervisor's drafts and
    returned visits and the households that left the caller's scope: one statement."""
    made = records_of_every_kind(actor, make_household, services, world)
    me = made.get(who) or actor(who, team=None)
    with services.sessions() as s:
        user = s.scalar(select(User).where(User.username == me.username))
        principal = principal_of(user, me.device_id)
        with counted(services.engine) as seen:
            page = pull_page(s, principal, 0, 1000)
    kinds = {c.entity for c in page.changes}
    assert len(kinds) >= (len(Entity) if who == "admin" else 10), kinds
    assert len(seen) == 1, seen


@pytest.mark.parametrize("who", ["counselor", "supervisor"])
def test_a_pull_of_every_kind_issues_as_many_statements_as_an_empty_one(
        who, actor, make_household, services, world):
    made = records_of_every_kind(actor, make_household, services, world)
    me = made[who]
    with counted(services.engine) as full:
        changes, cursor = pull_all(me.client, limit=1000)
    assert len({c["entity"] for c in changes}) >= 10
    with counted(services.engine) as empty:
        assert pull_all(me.client, since=cursor) == ([], cursor)
    assert len(full) == len(empty), (full, empty)


def test_an_empty_pull_moves_the_cursor_past_everyone_elses_changes(actor, make_household,
                                                                    services):
    """Nearly every pull finds nothing new. It must not look again, every time, through
    the changes other people made since the caller's own last one."""
    me, other = actor("counselor"), actor("counselor")
    mine, theirs = make_household(me.username), make_household(other.username)
    _, cursor = pull_all(me.client)
    _push_visits(other, theirs, 30)
    changes, after = pull_all(me.client, cursor)
    assert changes == []
    with services.engine.connect() as conn:
        newest = conn.exec_driver_sql("SELECT max(seq) FROM changes").scalar()
    assert after == newest > cursor
    [visit] = _push_visits(me, mine, 1)  # what comes next in my scope still comes
    changes, _ = pull_all(me.client, after)
    assert [c["entity_id"] for c in changes] == [visit["id"]]


def test_a_pull_reads_the_change_log_through_its_indexes(actor, make_household, services):
    """SQLite reads a lone max() or min() off the end of an index but scans the table for
    both in one SELECT: the reset bounds of every pull grew with the whole change log."""
    if services.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans min() and max() from the index together")
    me = actor("counselor")
    _push_visits(me, make_household(me.username), 5)
    statements: list[tuple[str, object]] = []

    def note(_conn, _cursor, statement, params, _context, _executemany) -> None:
        statements.append((statement, params))

    event.listen(services.engine, "before_cursor_execute", note)
    try:
        pull_all(me.client)
    finally:
        event.remove(services.engine, "before_cursor_execute", note)
    [(page, params)] = [(s, p) for s, p in statements if s.startswith("WITH probe")][:1]
    with services.engine.connect() as conn:
        plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + page, params)]
    assert not [step for step in plan if step.startswith("SCAN changes")], plan
