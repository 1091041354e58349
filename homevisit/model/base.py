"""Declarative base and the columns every synced record shares (DESIGN §5).

Column types (``EnumText``, ``UtcDateTime``) come from :mod:`homevisit.orm_types`, shared
with the server: enums stored as plain strings, timestamps naive UTC handed back aware.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from homevisit.orm_types import EnumText, UtcDateTime, utc_now

# Named constraints: SQLite ALTERs go through Alembic's batch mode, which needs names to find
# constraints again in later migrations.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_id() -> str:
    """A client-made record id: a random UUID in lower-case canonical form."""
    return str(uuid.uuid4())


class Synced:
    """Columns of every record that syncs: client-made id, server rev, tombstone, change time.

    ``rev`` is the server revision last seen (0 = never synced). Deleting a synced record sets
    ``deleted`` so the tombstone can be pushed; rows are only physically removed by purges.
    """

    def __init__(self, **values: Any) -> None:
        # The id exists from construction, so an outbox row or a child can name the record
        # in the same transaction before anything is flushed.
        values.setdefault("id", new_id())
        super().__init__(**values)

    # sort_order puts these first in every table, where a reader of the schema expects them.
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id, sort_order=-4)
    rev: Mapped[int] = mapped_column(Integer, default=0, server_default="0", sort_order=-3)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0", sort_order=-2)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime(), default=utc_now, onupdate=utc_now, sort_order=-1
    )


__all__ = ["NAMING_CONVENTION", "Base", "EnumText", "Synced", "UtcDateTime", "new_id", "utc_now"]
