"""Local sync bookkeeping (DESIGN §5): the outbox, the sync state and unresolved conflicts."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, EnumText, UtcDateTime, utc_now


class OutboxOperation(StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


class Outbox(Base):
    """One local change waiting to be pushed, written in the same transaction as the change.

    ``op_id`` is the device's monotonic op id; the server de-duplicates on (device, op_id),
    so SQLite's AUTOINCREMENT guarantees an id is never handed out twice, even after the
    acknowledged rows have been deleted.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index(None, "entity", "entity_id"),
        {"sqlite_autoincrement": True},
    )

    op_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    operation: Mapped[OutboxOperation] = mapped_column(EnumText(OutboxOperation, 10))
    base_rev: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utc_now)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)


class SyncState(Base):
    """The one row of sync state (``id`` is always 1): pull cursor, device identity, server,
    the device token (the database is encrypted), last contact, and the server's policies."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1, autoincrement=False)
    pull_cursor: Mapped[int] = mapped_column(Integer, default=0)
    device_id: Mapped[str | None] = mapped_column(String(36))
    server_url: Mapped[str | None] = mapped_column(String(500))
    device_token: Mapped[str | None] = mapped_column(String(200))
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    last_server_contact_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    policies: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_server_time: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), default=None)
    """The server's clock at the last contact: a laptop clock behind it was set back."""
    server_ca_pem: Mapped[str | None] = mapped_column(Text, default=None)
    """The CA pinned at enrolment (``sync enrol --ca``): the server is verified against it
    alone. None: the system's trusted CAs."""
    documents_cursor: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Where the pull of published documents continues (the server's publishing order)."""
    documents_refused: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default="[]")
    """Documents the last pulls refused (kind, id, version, why), for the sync page."""


class Conflict(Base):
    """A record changed on both sides with overlapping fields; the user resolves it."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    local: Mapped[dict[str, Any]] = mapped_column(JSON)
    server: Mapped[dict[str, Any]] = mapped_column(JSON)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utc_now)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "entity", "entity_id"),)
