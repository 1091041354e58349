"""The server's use of its connection pool: more concurrent requests than the pool holds
wait for a pooled connection instead of opening overflow ones, which the pool closes
again on return (under 500 devices that churn of PostgreSQL backends lengthened every
backlog); and a production worker opens its pool at start."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event

from homevisit.server.app import build_services, create_app
from homevisit.server.db import make_engine, open_pool
from homevisit.server.middleware import ClientVersionMiddleware
from homevisit.server.settings import ServerSettings


def test_a_burst_of_requests_opens_no_more_connections_than_the_pool(
        settings: ServerSettings, people, start_server) -> None:
    counselor = people.actor("counselor")
    # Policies cached as in production (the tests' settings reload them on every request).
    settings = dataclasses.replace(settings, policy_cache_seconds=10.0)
    services = build_services(settings, pool_size=2)
    opened: list[int] = []
    event.listen(services.engine, "connect", lambda *_: opened.append(1))
    try:
        server = start_server(create_app(settings, services))
        client = people.client(counselor.access_token)
        client.base_url = server.url

        def pull(_: int) -> int:
            return client.get("/api/v1/sync/pull").status_code

        with ThreadPoolExecutor(16) as burst:
            assert set(burst.map(pull, range(64))) == {200}
        assert len(opened) <= services.engine.pool.size()  # type: ignore[attr-defined]
    finally:
        services.engine.dispose()


def test_open_pool_opens_every_pooled_connection(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite's pool opens its file on use; there is no server to connect to")
    engine = make_engine(database_url, pool_size=3, max_overflow=3)
    try:
        open_pool(engine)
        assert engine.pool.checkedin() == 3  # type: ignore[attr-defined]
    finally:
        engine.dispose()


def test_requests_that_find_the_minimum_version_stale_share_one_load() -> None:
    loads = []

    def load() -> str:
        loads.append(1)
        time.sleep(0.05)  # a database round trip, long enough for the others to pile up
        return "0.1.0"

    gate = ClientVersionMiddleware(app=None, minimum=load, cache_seconds=10.0)  # type: ignore[arg-type]

    async def burst() -> list[str]:
        return await asyncio.gather(*(gate.minimum() for _ in range(32)))

    assert asyncio.run(burst()) == ["0.1.0"] * 32
    assert len(loads) == 1
    gate.forget()
    assert asyncio.run(burst()) == ["0.1.0"] * 32
    assert len(loads) == 2
