"""Alembic environment of the local store (an SQLCipher file, one per profile).

Always run through ``homevisit.store.upgrade(connection)``, which hands over the already-keyed
connection in ``config.attributes["connection"]``: the encryption key never appears in a URL
or a config file, and there is no offline (SQL script) mode.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.types import TypeDecorator

from homevisit.model import Base

config = context.config
target_metadata = Base.metadata


def render_item(kind: str, obj: Any, autogen_context: Any) -> str | bool:
    # Our TypeDecorators (UtcDateTime, EnumText) are rendered as their plain SQL type, so a
    # migration script never imports application code that may later change or move.
    if kind == "type" and isinstance(obj, TypeDecorator):
        impl = obj.impl_instance
        return f"sa.{impl!r}"
    return False


connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run client migrations through homevisit.store.upgrade(connection)")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables in later migrations.
    render_as_batch=True,
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
