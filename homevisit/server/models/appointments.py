"""Appointments and hand-backs (issue 19): a counselor's planned visits, and assignments
handed back to a supervisor with the supervisor's answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.orm_types import EnumText
from homevisit.protocol.vocabulary import (
    HandbackDecision,
    HandbackReason,
    HandbackStatus,
    VisitMode,
)
from homevisit.server.models.base import Base, SyncedColumns, UtcDateTime


class Appointment(SyncedColumns, Base):
    __tablename__ = "appointments"

    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(String(36), default=None)
    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), index=True)
    mode: Mapped[VisitMode] = mapped_column(EnumText(VisitMode, 10))
    note: Mapped[str] = mapped_column(Text, default="")
    counselor: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)


class Handback(SyncedColumns, Base):
    __tablename__ = "handbacks"

    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    reason: Mapped[HandbackReason] = mapped_column(EnumText(HandbackReason, 30))
    note: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[str | None] = mapped_column(ForeignKey("users.username"),
                                                     default=None)
    requested_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))
    status: Mapped[HandbackStatus] = mapped_column(EnumText(HandbackStatus, 10),
                                                   default=HandbackStatus.REQUESTED)
    decision_note: Mapped[str | None] = mapped_column(Text, default=None)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))


class HandbackRuling(SyncedColumns, Base):
    """A supervisor's answer to a hand-back (the ``handback_decision`` record)."""

    __tablename__ = "handback_decisions"

    handback_id: Mapped[str] = mapped_column(ForeignKey("handbacks.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    decision: Mapped[HandbackDecision] = mapped_column(EnumText(HandbackDecision, 10))
    note: Mapped[str] = mapped_column(Text)
    reassign_to: Mapped[str | None] = mapped_column(String(100), default=None)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))
