"""Alembic plumbing of the local store: where the scripts are, head, current, upgrade.

New stores are made and old ones upgraded only through these migrations (never
``metadata.create_all``), so every store on every laptop has a schema some script produced.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
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
    config = _config(location or migrations_dir())
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
