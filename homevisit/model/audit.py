"""The append-only audit log's rows; :mod:`homevisit.audit` writes and verifies the chain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base


class AuditEvent(Base):
    """One audited action. ``detail`` holds ids and codes only, never personal data."""

    __tablename__ = "audit_events"
    # AUTOINCREMENT: a sequence number is never reused, even if the last row were removed.
    __table_args__ = (Index(None, "synced"), {"sqlite_autoincrement": True})

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wall_time: Mapped[str] = mapped_column(String(40))
    mono_ns: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    synced: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class AuditAnchor(Base):
    """The one row (``id`` is always 1) that anchors the audit chain: which hash the chain
    uses, and the head the server last acknowledged (a log shorter than it, or holding
    another hash at its seq, was trimmed or rolled back)."""

    __tablename__ = "audit_anchor"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1, autoincrement=False)
    chain_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """0: the old unkeyed SHA-256 chain (re-chained with the store's key at the next open);
    1: HMAC-SHA-256 with a key derived from the store key."""
    acked_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    acked_hash: Mapped[str | None] = mapped_column(String(64), default=None)


class PendingExport(Base):
    """A plaintext export in progress: its audit row committed, its temp file maybe on disk.
    The row goes when the file is renamed into place; one left by a crash makes the next
    start remove the temp file (DESIGN §4: nothing leaves unaudited, no stray plaintext)."""

    __tablename__ = "pending_exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    audit_seq: Mapped[int] = mapped_column(Integer)
    temp_path: Mapped[str] = mapped_column(Text)
