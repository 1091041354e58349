"""The pull page and authentication run on the driver's cursor (``server.driver_sql``,
issue 20): the same rows as SQLAlchemy's own execution, the same processed values, and a
connection the database dropped halfway is never handed out again."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from synchelp import op, pull_all, push, visit_payload

from homevisit.server.auth import _WHO, authenticate, principal_of
from homevisit.server.driver_sql import render, run
from homevisit.server.models import User
from homevisit.server.pull_query import page_parameters, page_statement
from homevisit.server.security import token_hash


@pytest.mark.parametrize("who", ["counselor", "supervisor"])
def test_a_page_on_the_driver_is_the_page_sqlalchemy_reads(who, actor, make_household,
                                                           services):
    counselor = actor("counselor")
    household = make_household(counselor.username)
    assert {r["status"] for r in push(counselor.client, [
        op("visit", visit_payload(household)) for _ in range(12)])} == {"applied"}
    # A supervisor's statement is the longest: drafts and returned versions too.
    me = counselor if who == "counselor" else actor("supervisor")
    with services.sessions() as s:
        principal = principal_of(s.scalar(select(User).where(User.username == me.username)),
                                 me.device_id)
        dialect = s.get_bind().dialect
        for since, limit in ((0, 1000), (0, 3), (5, 4)):
            params = page_parameters(since, limit)
            ours = run(s, render(page_statement(principal, dialect), dialect), params)
            theirs = s.connection().execute(page_statement(principal, dialect), params).all()
            assert sorted(ours, key=repr) == sorted(map(tuple, theirs), key=repr)
            assert len(ours) > (1 if who == "counselor" else 0)  # bounds row (and records)


def test_authentication_on_the_driver_processes_values_as_sqlalchemy_does(actor, services):
    me = actor("counselor")
    with services.sessions() as s:
        dialect = s.get_bind().dialect
        params = {"token_hash": token_hash(me.access_token)}
        [ours] = run(s, render(_WHO, dialect), params)
        [theirs] = s.connection().execute(_WHO, params).all()
        assert ours == tuple(theirs)
        assert ours[1].tzinfo is not None  # an aware expiry, on SQLite's text too
        assert authenticate(s, me.access_token).username == me.username


def test_a_connection_dropped_halfway_is_invalidated_and_the_next_request_works(
        settings, services, actor):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("a backend to terminate is PostgreSQL's")
    me = actor("counselor")
    _, cursor = pull_all(me.client)
    with services.sessions() as s:
        connection = s.connection()
        pid = connection.connection.driver_connection.info.backend_pid
        outsider = create_engine(settings.database_url, poolclass=NullPool)
        with outsider.connect() as killer:
            assert killer.execute(text("SELECT pg_terminate_backend(:pid)"),
                                  {"pid": pid}).scalar_one()
        outsider.dispose()
        with pytest.raises((DBAPIError, services.engine.dialect.loaded_dbapi.Error)):
            authenticate(s, me.access_token)
        assert connection.invalidated
    # The pool made a new connection: the device never sees the dead one.
    for _ in range(3):
        assert pull_all(me.client, since=cursor) == ([], cursor)


def test_reads_on_sqlite_leave_the_connections_prepared_statements_alone(
        settings, services, actor):
    """On SQLite a read runs as any request does: switching its connection to autocommit
    and back ran a PRAGMA that expired the connection's prepared statements, and every
    pull prepared its 22 KB statement again (2.3 ms)."""
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's reads run without BEGIN and COMMIT")
    me = actor("counselor")
    _, cursor = pull_all(me.client)
    executed: list[str] = []

    def trace(dbapi_connection, _record, _proxy) -> None:
        dbapi_connection.set_trace_callback(executed.append)

    event.listen(services.engine, "checkout", trace)
    try:
        for _ in range(3):
            assert pull_all(me.client, since=cursor) == ([], cursor)
            assert me.client.get("/api/v1/me").status_code == 200
    finally:
        event.remove(services.engine, "checkout", trace)
    assert any(s.startswith("WITH probe") for s in executed)  # the trace saw the pulls
    assert not [s for s in executed if s.upper().startswith("PRAGMA")], executed
