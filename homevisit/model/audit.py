"""The append-only audit log's rows; :mod:`homevisit.audit` writes and verifies the chain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Index, Integer, String
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
