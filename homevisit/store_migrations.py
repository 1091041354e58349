"""Alembic plumbing of the local store: where the scripts are, head, current, upgrade, and
the fresh schema a new store starts from.

New stores are made and old ones upgraded only through these migrations (never
``metadata.create_all``), so every store on every laptop has a schema some script produced.
A new store gets it by replay (:func:`fresh_schema`): the scripts run once per process into
a plain in-memory database, and what they made is copied statement by statement into each
new store, in milliseconds instead of the scripts' 0.2 s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection


def migrations_dir() -> Path:
    """``migrations/client``: package data in a wheel or frozen app, else the repository's."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "migrations_client", package.parent / "migrations" / "client"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("migrations/client is missing; reinstall Homevisit")


@cache
def _script(location: Path) -> ScriptDirectory:
    return ScriptDirectory.from_config(_config(location))


def _config(location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(location))
    return config


def head_revision(location: Path | None = None) -> str:
    """The newest schema revision this code knows."""
    head = _script(location or migrations_dir()).get_current_head()
    assert head is not None, "migrations/client has no revisions"
    return head


def current_revision(connection: Connection) -> str | None:
    """The schema revision recorded in a store (None for an empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


def is_known(revision: str, location: Path | None = None) -> bool:
    """Whether this code has a script for ``revision`` (False: made by a newer app)."""
    try:
        return _script(location or migrations_dir()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(connection: Connection, location: Path | None = None) -> None:
    """Upgrade the database behind ``connection`` (already keyed) to head, in the caller's
    transaction: the caller commits, so a failed migration leaves the store as it was."""
    location = location or migrations_dir()
    config = _config(location)
    config.attributes["connection"] = connection
    # What alembic.command.upgrade does, on the process's one ScriptDirectory: the command
    # builds a new one each time, executing every script file again (a third of the time).
    script = _script(location)
    with EnvironmentContext(config, script, destination_rev="head",
                            fn=lambda rev, _context: script._upgrade_revs("head", rev)):
        script.run_env()


# --- the fresh schema ----------------------------------------------------------------------


@dataclass(frozen=True)
class FreshSchema:
    """What the migrations make of an empty database: the ``CREATE`` statements in the
    order SQLite recorded them, and the rows they wrote (Alembic's revision, the audit
    anchor, the planner statistics)."""

    tables: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]], ...]
    others: tuple[str, ...]  # indexes, views, triggers: after the rows, as a dump has them

    def replay(self, execute: Callable[..., Any]) -> None:
        """Make this schema in an empty database through ``execute(sql, params)`` (the
        caller's connection, in its transaction)."""
        for sql in self.tables:
            execute(sql, ())
        for table, columns, values in self.rows:
            if table == "sqlite_stat1":  # SQLite makes this table itself, on ANALYZE
                execute("ANALYZE sqlite_schema", ())
                execute("DELETE FROM sqlite_stat1", ())
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            for row in values:
                # Names from the schema the migrations made, not from input.
                execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', row)  # noqa: S608
        for sql in self.others:
            execute(sql, ())


def read_schema(driver: Any) -> FreshSchema:
    """The schema and rows of the database behind a DB-API connection (see FreshSchema)."""
    master = driver.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    tables = [(name, sql) for kind, name, sql in master if kind == "table"]
    rows = []
    for name, _ in tables:
        cursor = driver.execute(f'SELECT * FROM "{name}"')  # noqa: S608 (a schema name)
        values = tuple(tuple(row) for row in cursor.fetchall())
        if values:
            rows.append((name, tuple(d[0] for d in cursor.description), values))
    return FreshSchema(
        tables=tuple(sql for name, sql in tables if not name.startswith("sqlite_")),
        rows=tuple(rows),
        others=tuple(sql for kind, _, sql in master if kind != "table"),
    )


_fresh: dict[Path, FreshSchema] = {}
_fresh_lock = threading.Lock()


def fresh_schema(build: Callable[[], FreshSchema], location: Path | None = None) -> FreshSchema:
    """The schema a new store starts from, made by ``build`` (which runs the migrations at
    ``location`` into an empty plain database and reads it back) once per process."""
    location = location or migrations_dir()
    with _fresh_lock:
        if location not in _fresh:
            _fresh[location] = build()
        return _fresh[location]
