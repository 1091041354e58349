"""Server test fixtures: a database on every backend, a live uvicorn server on loopback,
and HTTP clients logged in as a given role on a registered device.

- ``database_url`` is parametrised: a SQLite file in tmp_path always, and PostgreSQL when
  HOMEVISIT_TEST_PG_URL is set (one fresh schema per test session, made by Alembic;
  TRUNCATEd before each test).
- ``live_server`` runs the real app under uvicorn on 127.0.0.1 and a free port, in a thread.
- ``world`` holds a small county (regions, two teams, a desk); ``actor(role, ...)`` creates a
  user there and logs in over HTTP, returning an ``Actor`` with a ready ``httpx.Client``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.protocol.admin import UserCreate
from homevisit.protocol.vocabulary import Role
from homevisit.server.app import build_services, create_app
from homevisit.server.db import make_engine, migrate
from homevisit.server.models import Base, HelpDesk
from homevisit.server.roster_key import create_secret_file
from homevisit.server.services import Services
from homevisit.server.settings import PasswordCost, ServerSettings
from homevisit.server.users import add_region, add_team, create_user

PG_URL = os.environ.get("HOMEVISIT_TEST_PG_URL")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]
CLIENT_VERSION = "0.1.0"
FAST_PASSWORDS = PasswordCost(time_cost=1, memory_kib=8, parallelism=1)


# --- databases ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once; each test gets a copy of the file (much faster than migrating)."""
    path = tmp_path_factory.mktemp("server-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_schema_url() -> Iterator[str]:
    """A fresh schema in the PostgreSQL test database for this session, made by Alembic."""
    assert PG_URL
    schema = f"hv_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    engine = make_engine(url_text)
    migrate(engine)
    engine.dispose()
    yield url_text
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "server.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("_pg_schema_url")
    _truncate_all(url)
    return url


@pytest.fixture(autouse=True)
def _secret_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the CLI looks for the roster secret in every test: never the working directory
    (``init`` would make one there)."""
    path = tmp_path / "roster.key"
    monkeypatch.setenv("HOMEVISIT_SERVER_SECRET_FILE", str(path))
    return path


@pytest.fixture
def secret_file(_secret_path: Path) -> Path:
    """The roster-matching secret of this test's server (the CLI finds it too)."""
    create_secret_file(_secret_path)
    return _secret_path


@pytest.fixture
def settings(database_url: str, tmp_path: Path, secret_file: Path) -> ServerSettings:
    return ServerSettings(
        database_url=database_url,
        storage_dir=tmp_path / "storage",
        secret_file=secret_file,
        password_cost=FAST_PASSWORDS,
        max_body_bytes=1024 * 1024,
        policy_cache_seconds=0.0,
    )


@pytest.fixture
def services(settings: ServerSettings) -> Iterator[Services]:
    services = build_services(settings)
    yield services
    services.engine.dispose()


@pytest.fixture
def db(services: Services) -> Iterator[Session]:
    """A session for arranging and checking data directly (commit what you arrange)."""
    with services.sessions() as session:
        yield session


# --- live server -------------------------------------------------------------------------


class LiveServer:
    """The app under uvicorn on 127.0.0.1, on a port the OS picked, in a daemon thread."""

    def __init__(self, app: Any, lifespan: str = "off") -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it (Linux); asyncio sets it again on each one. Without
        # it a small answer can wait ~40 ms for the client's delayed ACK (Nagle).
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(128)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # proxy_headers=False as in serve.py: the app alone decides whom to believe.
        config = uvicorn.Config(app, log_level="warning", lifespan=lifespan, access_log=False,
                                timeout_graceful_shutdown=2, proxy_headers=False)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("live server did not start")
            time.sleep(0.005)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()


@pytest.fixture
def app(settings: ServerSettings, services: Services):
    return create_app(settings, services)


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture
def start_server() -> Iterator[Any]:
    """``start_server(app, lifespan="off")`` → one more live server (stopped after the test),
    with the app's lifespan when a test needs it (e.g. its scheduled sweep); tests import
    nothing from this file (several conftest modules share its name)."""
    started: list[LiveServer] = []

    def start(app: Any, lifespan: str = "off") -> LiveServer:
        started.append(LiveServer(app, lifespan=lifespan))
        return started[-1]

    yield start
    for server in started:
        server.stop()


# --- a small county and its people -------------------------------------------------------


@dataclass
class World:
    """Regions 320000 > 320300 > {320321 (team-a), 320322 (team-b)}, one desk per team."""

    team_a: int
    team_b: int
    desk_a: str
    desk_b: str
    region_a: str = "320321"
    region_b: str = "320322"


@pytest.fixture
def world(services: Services) -> World:
    with services.sessions.begin() as s:
        add_region(s, "320000", "江苏省", None)
        add_region(s, "320300", "徐州市", "320000")
        add_region(s, "320321", "丰县", "320300")
        add_region(s, "320322", "沛县", "320300")
        a = add_team(s, "team-a", "320321")
        b = add_team(s, "team-b", "320322")
        desk_a = HelpDesk(id=str(uuid.uuid4()), site="欢口镇办理点", region_code="320321",
                          team_id=a.id, opens_on=dt.date(2026, 7, 1))
        desk_b = HelpDesk(id=str(uuid.uuid4()), site="大屯镇办理点", region_code="320322",
                          team_id=b.id, opens_on=dt.date(2026, 7, 1))
        s.add_all([desk_a, desk_b])
        return World(team_a=a.id, team_b=b.id, desk_a=desk_a.id, desk_b=desk_b.id)


@dataclass
class Actor:
    """A logged-in user on a registered device, with a client that sends its token."""

    username: str
    password: str
    role: Role
    device_id: str
    access_token: str
    refresh_token: str
    client: httpx.Client
    extra: dict[str, Any] = field(default_factory=dict)


def new_client(base_url: str, token: str | None = None) -> httpx.Client:
    headers = {CLIENT_VERSION_HEADER: CLIENT_VERSION}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=base_url, headers=headers, timeout=30, trust_env=False)


class People:
    """Creates users in the database and logs them in over real HTTP."""

    def __init__(self, services: Services, server: LiveServer, world: World) -> None:
        self.services, self.server, self.world = services, server, world
        self._clients: list[httpx.Client] = []
        self._n = 0

    def user(self, role: Role | str, *, team: str | None = "a", region: str | None = None,
             desk: str | None = None, username: str | None = None) -> tuple[str, str]:
        """Add a user; ``team``/``desk`` are "a" or "b" (the world's), or None."""
        role = Role(role)
        self._n += 1
        username = username or f"{role.value}{self._n}"
        password = f"pw-{username}-secret"
        desk_id = {"a": self.world.desk_a, "b": self.world.desk_b}.get(desk or "")
        if role is Role.VOLUNTEER and desk_id is None:
            desk_id = self.world.desk_a if team != "b" else self.world.desk_b
        with self.services.sessions.begin() as s:
            team_name = {"a": "team-a", "b": "team-b"}.get(team or "")
            create_user(s, self.services.passwords, UserCreate(
                username=username, password=password, role=role, team=team_name,
                region_code=region, desk_id=desk_id))
        return username, password

    def client(self, token: str | None = None) -> httpx.Client:
        client = new_client(self.server.url, token)
        self._clients.append(client)
        return client

    def login(self, username: str, password: str, role: Role | str,
              device_name: str = "test laptop") -> Actor:
        with new_client(self.server.url) as anon:
            r = anon.post("/api/v1/auth/login", json={
                "username": username, "password": password, "device_name": device_name})
        assert r.status_code == 200, r.text
        body = r.json()
        return Actor(username, password, Role(role), body["device_id"], body["access_token"],
                     body["refresh_token"], self.client(body["access_token"]))

    def actor(self, role: Role | str, **kwargs: Any) -> Actor:
        username, password = self.user(role, **kwargs)
        return self.login(username, password, role)

    def close(self) -> None:
        for client in self._clients:
            client.close()


@pytest.fixture
def people(services: Services, live_server: LiveServer, world: World) -> Iterator[People]:
    people = People(services, live_server, world)
    yield people
    people.close()


@pytest.fixture
def actor(people: People):
    """``actor("counselor", team="a")`` → a logged-in Actor."""
    return people.actor


@pytest.fixture
def anon(people: People) -> httpx.Client:
    """A client with the client-version header and no token."""
    return people.client()


