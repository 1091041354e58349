"""Sync test kit: the real server on loopback (SQLite), a small county with users, and client
devices (an encrypted store + vault) enrolled over real HTTP. Used by the tests, the chaos
child process and the benchmarks (bench/ imports it by path)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import uvicorn
from sqlalchemy import select

from homevisit import outbox
from homevisit.model import HelpDeskCase, Member, Outbox, Visit
from homevisit.protocol.admin import UserCreate
from homevisit.protocol.vocabulary import Role
from homevisit.server.app import build_services, create_app
from homevisit.server.assignments import assign_household
from homevisit.server.changes import bump, record_change
from homevisit.server.db import make_engine, migrate
from homevisit.server.models import HelpDesk
from homevisit.server.models import Household as ServerHousehold
from homevisit.server.roster_key import create_secret_file
from homevisit.server.services import Services
from homevisit.server.settings import PasswordCost, ServerSettings
from homevisit.server.users import add_region, add_team, create_user
from homevisit.store import Store
from homevisit.sync.backoff import RetryPolicy
from homevisit.sync.engine import SyncEngine
from homevisit.sync.enrol import enrol, save_enrolment
from homevisit.vault import Vault

FAST_PASSWORDS = PasswordCost(time_cost=1, memory_kib=8, parallelism=1)
FAST_RETRY = RetryPolicy(base_seconds=0.01, cap_seconds=0.2, max_attempts=6)
REGION = "320321"


class LiveServer:
    """The app under uvicorn on 127.0.0.1 (a port the OS picked), in a daemon thread."""

    def __init__(self, app: Any) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit it: without it each answer's body waits for the client's
        # delayed ACK (~40 ms), which would swamp every timing.
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(128)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="error", lifespan="off", access_log=False,
                                timeout_graceful_shutdown=1, proxy_headers=False)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run,
                                        kwargs={"sockets": [self._sock]}, daemon=True)
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


class Served(Protocol):
    """A running server on loopback: where it listens, and how to stop it."""

    port: int
    url: str

    def stop(self) -> None: ...


def in_thread(settings: ServerSettings, services: Services) -> Served:
    """The app in this process (a uvicorn thread): what the tests use."""
    return LiveServer(create_app(settings, services))


@dataclass
class Central:
    """A migrated SQLite server with one county, a team and a desk, running on loopback."""

    root: Path
    settings: ServerSettings
    services: Services
    live: Served
    desk_id: str
    users: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.live.url

    @classmethod
    def start(cls, root: Path, *,
              serve: Callable[[ServerSettings, Services], Served] = in_thread,
              **overrides: Any) -> Central:
        """Prepare the database and serve it with ``serve`` (the benchmarks run the server
        in its own process); ``overrides`` are server settings."""
        root.mkdir(parents=True, exist_ok=True)
        db = root / "server.db"
        engine = make_engine(f"sqlite:///{db}")
        migrate(engine)
        engine.dispose()
        settings = ServerSettings(database_url=f"sqlite:///{db}", storage_dir=root / "storage",
                                  password_cost=FAST_PASSWORDS, policy_cache_seconds=0.0,
                                  secret_file=root / "roster.key", **overrides)
        create_secret_file(settings.roster_secret_path)
        services = build_services(settings)
        with services.sessions.begin() as s:
            add_region(s, "320000", "江苏省", None)
            add_region(s, "320300", "徐州市", "320000")
            add_region(s, REGION, "丰县", "320300")
            team = add_team(s, "team-a", REGION)
            desk = HelpDesk(id=str(uuid.uuid4()), site="欢口镇办理点", region_code=REGION,
                            team_id=team.id, opens_on=dt.date(2026, 7, 1))
            s.add(desk)
            desk_id = desk.id
        return cls(root, settings, services, serve(settings, services), desk_id)

    def stop(self) -> None:
        self.live.stop()
        self.services.engine.dispose()

    def user(self, role: str, username: str) -> tuple[str, str]:
        password = f"pw-{username}-secret"
        with self.services.sessions.begin() as s:
            create_user(s, self.services.passwords, UserCreate(
                username=username, password=password, role=Role(role), team="team-a",
                desk_id=self.desk_id if role == "volunteer" else None))
        self.users[username] = password
        return username, password

    def household(self, counselor: str, address: str = "东村 1 号") -> str:
        """A household made on the server and assigned to ``counselor``."""
        household_id = str(uuid.uuid4())
        with self.services.sessions.begin() as s:
            row = ServerHousehold(id=household_id, region_code=REGION, address=address, rev=0)
            bump(row)
            s.add(row)
            s.flush()
            record_change(s, _entity("household"), row)
            assign_household(s, household_id, counselor, None, actor="test")
        return household_id


def _entity(name: str) -> Any:
    from homevisit.protocol.records import Entity

    return Entity(name)


@dataclass
class Device:
    """One laptop: an encrypted store and vault, enrolled with the central server."""

    root: Path
    key: bytes
    store: Store
    vault: Vault
    engine: SyncEngine

    @classmethod
    def open(cls, root: Path, key: bytes, *, retry: RetryPolicy = FAST_RETRY,
             push_batch: int = 500) -> Device:
        store = Store.open(root / "store.db", key, create=True)
        vault = Vault(root / "vault", chunk_size=64 * 1024)
        engine = SyncEngine(store, vault, retry=retry, push_batch=push_batch)
        return cls(root, key, store, vault, engine)

    @classmethod
    def enrolled(cls, root: Path, central: Central, username: str, **kw: Any) -> Device:
        root.mkdir(parents=True, exist_ok=True)
        device = cls.open(root, os.urandom(32), **kw)
        enrolment = enrol(central.url, username, central.users[username], "test laptop")
        device.store.run(lambda s: save_enrolment(s, enrolment))
        (root / "key").write_bytes(device.key)  # test only: the child process reopens it
        return device

    @property
    def actor(self) -> str:
        """The audit actor, as a workspace names its profile (the review API needs it)."""
        return f"profile:{self.root.name}"

    def close(self) -> None:
        self.engine.close()
        self.store.close()

    def sync(self) -> Any:
        return self.engine.run()

    # --- making local records like the GUI would -----------------------------------------

    def add_members(self, household_id: str, count: int, prefix: str = "成员") -> list[str]:
        def make(session: Any) -> list[str]:
            ids = []
            for i in range(count):
                member = Member(household_id=household_id, name=f"{prefix}{i}",
                                relation="child")
                outbox.save(session, member)
                ids.append(member.id)
            return ids

        return self.store.run(make)

    def add_cases(self, desk_id: str, count: int) -> list[str]:
        def make(session: Any) -> list[str]:
            ids = []
            for i in range(count):
                case = HelpDeskCase(desk_id=desk_id, loan_type="first",
                                    student_name=f"学生{i}", minutes_spent=i % 60)
                outbox.save(session, case)
                ids.append(case.id)
            return ids

        return self.store.run(make)

    def add_visit(self, household_id: str) -> str:
        def make(session: Any) -> str:
            visit = Visit(household_id=household_id, mode="home", answers={"income": 1})
            outbox.save(session, visit)
            return visit.id

        return self.store.run(make)

    def outbox_size(self) -> int:
        return self.store.run(lambda s: len(s.scalars(select(Outbox.op_id)).all()))


# --- checking what the server holds ------------------------------------------------------


def server_records(central: Central, model: Any, **where: Any) -> dict[str, int]:
    """``{id: rev}`` of the server's rows of ``model`` matching ``where`` (not deleted)."""
    with central.services.sessions() as s:
        query = select(model.id, model.rev).where(model.deleted.is_(False))
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return {row[0]: row[1] for row in s.execute(query)}


def point_at(device: Device, url: str) -> None:
    """Send the device's sync through ``url`` (e.g. a fault proxy) from now on."""
    from homevisit.model import SyncState

    def change(session: Any) -> None:
        session.get(SyncState, 1).server_url = url

    device.store.run(change)


def photo_consent(session: Any, household_id: str) -> None:
    """A visit whose guardian agreed to photos, queued like the wizard queues it (once per
    household): the server refuses a photo without it (DESIGN §4)."""
    from homevisit.model import ConsentRecord

    held = session.scalars(select(ConsentRecord.id).where(
        ConsentRecord.household_id == household_id)).first()
    if held is not None:
        return
    visit = Visit(household_id=household_id, mode="home", answers={})
    outbox.save(session, visit)
    outbox.save(session, ConsentRecord(
        visit_id=visit.id, household_id=household_id, notice_version="notice-2025-1",
        choices={"home_photos": True, "document_photos": True}))
