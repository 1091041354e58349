"""Engines, sessions and migrations of the central database."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic_core import PydanticSerializationError, to_json
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

_PACKAGE = Path(__file__).resolve().parents[1]
# A wheel ships the tree as package data (pyproject's force-include); a checkout has it at the
# repository root.
MIGRATIONS_DIR = next(
    (p for p in (_PACKAGE / "migrations_server", _PACKAGE.parent / "migrations" / "server")
     if p.is_dir()),
    _PACKAGE.parent / "migrations" / "server",
)


def json_text(value: Any) -> str:
    """``value`` as JSON text, by pydantic's serializer in Rust: JSON columns (a push's
    answers, its 500 results) took three times as long through json.dumps. The values are
    validated JSON already (protocol.types.check_json); anything it still will not encode
    goes to json.dumps, as before."""
    try:
        return to_json(value).decode()
    except PydanticSerializationError:
        return json.dumps(value)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine tuned per backend: SQLite in WAL with a busy timeout and foreign keys on
    (the threadpool runs requests concurrently and SQLite has one writer); PostgreSQL with a
    pool big enough for the threadpool. JSON columns are written by :func:`json_text`."""
    kwargs.setdefault("json_serializer", json_text)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    kwargs.setdefault("pool_size", 20)
    kwargs.setdefault("max_overflow", 30)
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        ping_when_idle(engine)
    return engine


def open_pool(engine: Engine) -> None:
    """Open the pool's connections now, at start, rather than under the first requests:
    each is a PostgreSQL backend to start and authenticate, which a restarted server
    facing every device at once would otherwise pay while answering them."""
    size = getattr(engine.pool, "size", None)
    if size is None:  # SQLite's pools: nothing to open ahead
        return
    held = [engine.connect() for _ in range(size())]
    for connection in held:
        connection.close()  # back to the pool, open


PING_AFTER_IDLE = 10.0
"""Seconds a pooled connection may sit unused before its next checkout pings it."""


def ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it sat idle for a while.

    ``pool_pre_ping`` pings on every checkout: one more round trip per request (a fifth of
    an empty pull's server time). Connections in steady use are known alive; one idle for
    :data:`PING_AFTER_IDLE` s (a restarted or failed-over database, a dropped NAT entry) is
    pinged, and a dead one is replaced before the request gets it."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return  # just made, or in steady use
        try:
            cursor = dbapi_conn.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_conn.rollback()
        except Exception as exc:  # any failure: the pool discards it and connects anew
            raise DisconnectionError() from exc


def make_sessionmaker(engine: Engine, info: dict[str, Any] | None = None
                      ) -> sessionmaker[Session]:
    """Sessions of the central database; ``info`` reaches every session's ``.info`` (the
    roster key, see ``roster.roster_key_of``)."""
    # expire_on_commit=False: handlers build responses from rows after committing.
    return sessionmaker(engine, expire_on_commit=False, info=info)


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the central database to ``revision`` (``homevisit-server init``)."""
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
