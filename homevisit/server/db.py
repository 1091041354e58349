"""Engines, sessions and migrations of the central database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

_PACKAGE = Path(__file__).resolve().parents[1]
# A wheel ships the tree as package data (pyproject's force-include); a checkout has it at the
# repository root.
MIGRATIONS_DIR = next(
    (p for p in (_PACKAGE / "migrations_server", _PACKAGE.parent / "migrations" / "server")
     if p.is_dir()),
    _PACKAGE.parent / "migrations" / "server",
)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine tuned per backend: SQLite in WAL with a busy timeout and foreign keys on
    (the threadpool runs requests concurrently and SQLite has one writer); PostgreSQL with a
    pool big enough for the threadpool."""
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
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


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
