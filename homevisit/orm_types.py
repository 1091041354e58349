"""Column types shared by the client's store models and the server's models (one spelling).

- :class:`EnumText`: a vocabulary ``StrEnum`` (``homevisit.protocol.vocabulary``) stored as
  its plain string value. No native enum types: SQLite has none, and a PostgreSQL enum would
  need a migration of its own for every new value.
- :class:`UtcDateTime`: timezone-aware UTC datetimes in and out. SQLite (and the client's
  naive columns) keep naive UTC; PostgreSQL's ``timestamptz`` keeps the offset.

Both render as ordinary ``sa.String``/``sa.DateTime`` in Alembic scripts where possible, so
migrations stay free of application imports.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def utc_now() -> dt.datetime:
    """Now, timezone-aware in UTC: the one clock of both models."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in and out; naive datetimes are refused on write.

    ``timezone=False`` (the client's store) stores naive UTC everywhere; ``timezone=True``
    (the server) stores ``timestamptz`` on PostgreSQL and naive UTC on SQLite, which drops
    offsets."""

    impl = DateTime
    cache_ok = True

    def __init__(self, timezone: bool = False) -> None:
        super().__init__(timezone=timezone)
        self.timezone = timezone

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; pass an aware one (UTC)")
        value = value.astimezone(dt.UTC)
        keeps_offset = self.timezone and dialect.name != "sqlite"
        return value if keeps_offset else value.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        stored: dt.datetime = value
        if stored.tzinfo is None:
            return stored.replace(tzinfo=dt.UTC)
        return stored.astimezone(dt.UTC)


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
