"""The demo: the central server embedded on loopback with the seeded demo county, in a
throwaway data dir, and demo profiles enrolled against it (no Qt here).

Used by ``homevisit demo`` and ``homevisit screenshots``. Everything lives under one
temporary directory (client HOMEVISIT_HOME, server SQLite database and file storage), so a
demo never touches a real profile.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homevisit.kdf import FLOOR
from homevisit.profiles import Profile
from homevisit.sync.enrolment import EnrolmentBackend

# Printed to the user; it only guards throwaway demo data.
DEMO_PASSPHRASE = "jiafang-demo-2026"  # noqa: S105
DEMO_COUNSELORS = ("counselor1", "counselor2")
DEMO_OTHER_ROLES = ("supervisor", "volunteer1")  # each role's pages can be tried too


@dataclass(frozen=True, slots=True)
class DemoLoginInfo:
    username: str
    password: str
    role: str
    note: str


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DemoServer:
    """The reference API on 127.0.0.1 in a thread, over a fresh seeded SQLite database."""

    def __init__(self, data_dir: Path, *, households: int = 200, seed: int = 1,
                 delay_seconds: float = 0.0) -> None:
        self.data_dir = Path(data_dir)
        self.households = households
        self.seed = seed
        self.delay_seconds = delay_seconds  # >0: every request is slowed (latency tests)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logins: list[DemoLoginInfo] = []
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> DemoServer:
        import uvicorn
        from sqlalchemy import select

        from homevisit.server import demo
        from homevisit.server.app import create_app
        from homevisit.server.db import make_engine, migrate
        from homevisit.server.models import User
        from homevisit.server.roster_key import keyed_sessions
        from homevisit.server.security import Passwords
        from homevisit.server.settings import PasswordCost, ServerSettings
        from homevisit.server.storage import FileStorage

        self.data_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{self.data_dir / 'server.db'}"
        # Cheap password hashing: throwaway demo accounts, and logins stay quick.
        settings = ServerSettings(database_url=url, storage_dir=self.data_dir / "files",
                                  password_cost=PasswordCost(1, 8 * 1024, 1), docs=False)
        engine = make_engine(url)
        try:
            migrate(engine)
            sessions, _ = keyed_sessions(engine, settings.roster_secret_path, create=True)
            with sessions.begin() as session:
                if session.execute(select(User.id).limit(1)).first() is None:
                    logins = demo.seed(session, Passwords(settings.password_cost),
                                       seed=self.seed, households=self.households,
                                       storage=FileStorage(settings.storage_dir))
                    self.logins = [DemoLoginInfo(x.username, x.password, x.role.value, x.note)
                                   for x in logins]
        finally:
            engine.dispose()
        app = create_app(settings)
        server = self

        @app.middleware("http")
        async def slow(request: Any, call_next: Any) -> Any:
            # Latency tests set ``delay_seconds`` to make every request deliberately slow.
            if server.delay_seconds > 0:
                import asyncio

                await asyncio.sleep(server.delay_seconds)
            return await call_next(request)

        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, access_log=False,
                                log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="homevisit-demo-server",
                                        daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the demo server did not start")
            time.sleep(0.02)
        return self

    def password_of(self, username: str) -> str:
        return next(x.password for x in self.logins if x.username == username)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def enrol_demo_profile(server: DemoServer, username: str,
                       passphrase: str = DEMO_PASSPHRASE) -> tuple[Profile, Exception | None]:
    """Enrol ``username`` on this machine (current HOMEVISIT_HOME) and download its
    households, exactly as the enrolment dialog does."""
    backend = EnrolmentBackend(kdf_params=FLOOR)
    login = backend.login(server.url, username, server.password_of(username))
    profile, error = backend.create_profile(login, username, passphrase,
                                            lambda _progress: None)
    if error is None:
        fetch_demo_files(profile, passphrase)
    return profile, error


def fetch_demo_files(profile: Profile, passphrase: str) -> int:
    """Download the photos and signatures of the demo's seeded visits: on the counselor's
    own laptop they would be there already (the demo made them on the server). Returns how
    many were fetched."""
    from sqlalchemy import select

    from homevisit.model import Attachment
    from homevisit.sync.engine import SyncEngine
    from homevisit.workspace import Workspace

    with Workspace.open(profile, passphrase) as ws:
        missing = ws.store.run(lambda s: list(s.scalars(select(Attachment.id).where(
            Attachment.file_key == b"", Attachment.deleted.is_(False)))))
        engine = SyncEngine(ws.store, ws.vault)
        try:
            for attachment_id in missing:
                engine.download_attachment(attachment_id)
        finally:
            engine.close()
    return len(missing)


def use_home(path: Path) -> Path:
    """Point the client's data dir at ``path`` (a demo's throwaway home)."""
    path.mkdir(parents=True, exist_ok=True)
    os.environ["HOMEVISIT_HOME"] = str(path)
    return path
