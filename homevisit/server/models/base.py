"""Declarative base, column types that behave the same on SQLite and PostgreSQL, and the
columns every synced record carries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Integer, MetaData, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Json = JSON().with_variant(JSONB(), "postgresql")
"""JSON everywhere; JSONB on PostgreSQL (smaller, and indexable if a query ever needs it)."""

BigId = BigInteger().with_variant(Integer(), "sqlite")
"""64-bit on PostgreSQL; on SQLite only INTEGER PRIMARY KEY is the rowid alias that
autoincrements, so the variant keeps identity columns working there."""


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in and out. SQLite drops the offset, so store naive UTC and put
    the zone back on the way out; PostgreSQL keeps timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SyncedColumns:
    """Columns of every synced record (DESIGN §5): a client-made UUID, the server revision,
    a tombstone, and when/which device last changed it."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rev: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_device: Mapped[str | None] = mapped_column(String(36), default=None)
