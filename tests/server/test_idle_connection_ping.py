"""Pooled PostgreSQL connections are pinged only after sitting idle (issue 20): a connection
the database dropped while idle is replaced before a request gets it, and connections in
steady use cost no extra round trip per request."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from homevisit.server.db import PING_AFTER_IDLE


def _statements(engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda *args: seen.append(args[2]))
    return seen


def test_a_connection_dropped_while_idle_is_replaced_before_a_request_uses_it(
        settings, services, actor):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("pool pings are for PostgreSQL")
    me = actor("counselor")
    assert me.client.get("/api/v1/me").status_code == 200
    engine = services.engine
    # Every pooled connection is made to look idle for long, and the database drops it.
    idle = list(engine.pool._pool.queue)  # the pool's idle records (a private list)
    assert idle
    outsider = create_engine(settings.database_url, poolclass=NullPool)
    with outsider.connect() as killer:  # another session: the database drops ours
        for record in idle:
            record.info["idle_since"] = time.monotonic() - PING_AFTER_IDLE - 1
            pid = record.dbapi_connection.info.backend_pid
            assert killer.execute(text("SELECT pg_terminate_backend(:pid)"),
                                  {"pid": pid}).scalar_one()
    outsider.dispose()
    r = me.client.get("/api/v1/me")
    assert r.status_code == 200, r.text
    assert me.client.get("/api/v1/sync/pull", params={"since": 0}).status_code == 200


def test_a_connection_in_steady_use_is_not_pinged(settings, services, actor):
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("pool pings are for PostgreSQL")
    me = actor("counselor")
    assert me.client.get("/api/v1/sync/pull", params={"since": 0}).status_code == 200
    seen = _statements(services.engine)
    for _ in range(5):
        assert me.client.get("/api/v1/sync/pull", params={"since": 0}).status_code == 200
    assert not [s for s in seen if s.strip().upper() == "SELECT 1"]
