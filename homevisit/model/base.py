"""Declarative base, column types and the columns every synced record shares (DESIGN §5).

Enums are Python ``StrEnum``s stored as plain strings, and timestamps are stored as naive UTC
and handed back timezone-aware: both keep SQLite schemas free of native types that would need
migrations of their own, and both render as ordinary ``sa.String``/``sa.DateTime`` in Alembic
scripts so a migration never imports application code.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import Boolean, DateTime, Integer, MetaData, String
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

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


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime, stored naive in UTC (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; pass an aware one (UTC)")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        stored: dt.datetime = value
        return stored.replace(tzinfo=dt.UTC)


E = TypeVar("E", bound=StrEnum)


class EnumText(TypeDecorator[E], Generic[E]):
    """A ``StrEnum`` stored as its string value; unknown values are refused on write."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 20) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> Any:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


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
