"""Declarative base, column types that behave the same on SQLite and PostgreSQL, and the
columns every synced record carries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Boolean, Integer, MetaData, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from homevisit.orm_types import UtcDateTime, utc_now

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


UTCDateTime = UtcDateTime
"""The name migration scripts rendered before ``homevisit.orm_types`` existed (0001, 0003);
code spells it ``UtcDateTime(timezone=True)`` (tests/test_schema_discipline checks)."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SyncedColumns:
    """Columns of every synced record (DESIGN §5): a client-made UUID, the server revision,
    a tombstone, and when/which device last changed it."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rev: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)
    updated_by_device: Mapped[str | None] = mapped_column(String(36), default=None)
