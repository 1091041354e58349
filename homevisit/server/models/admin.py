"""Server-only data: rosters, policies, the server audit trail, devices' audit logs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.server.models.base import Base, BigId, Json, UtcDateTime, utc_now


class RosterEntry(Base):
    """One person on a roster (public-finance payroll or market-regulation register).

    Rosters never leave the server. The ID number is kept only as HMAC-SHA-256 under the
    roster secret, a file outside the database (:mod:`homevisit.server.roster_key`): the ID
    space is small enough to enumerate, so a plain hash would give the numbers back.
    """

    __tablename__ = "roster_entries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # payroll | market_register
    id_number_hash: Mapped[str] = mapped_column(String(64), index=True)
    employer: Mapped[str] = mapped_column(String(200), default="")
    credit_code: Mapped[str | None] = mapped_column(String(18), default=None)
    position: Mapped[str] = mapped_column(String(100), default="")
    evidence: Mapped[str] = mapped_column(String(200), default="")
    batch: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)


class Policy(Base):
    __tablename__ = "policies"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[Any] = mapped_column(Json)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)
    updated_by: Mapped[str | None] = mapped_column(String(40), default=None)


class AuditEvent(Base):
    """Every admin and supervisor action on the server. Append-only: no code path updates
    or deletes these rows. ``detail`` holds ids and codes, never personal data."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now, index=True)
    actor: Mapped[str | None] = mapped_column(String(40), default=None)
    role: Mapped[str | None] = mapped_column(String(20), default=None)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(64), default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)


class DeviceAuditLog(Base):
    """A device's own hash-chained audit events, as received (append-only, one per seq)."""

    __tablename__ = "device_audit_log"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    user_id: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    wall_time: Mapped[str] = mapped_column(String(40))
    mono_ns: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(100), default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)
    note: Mapped[str | None] = mapped_column(Text, default=None)
