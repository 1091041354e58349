"""Appointments and hand-backs (issue 19): visits planned with a household, and
assignments handed back to a supervisor with the supervisor's answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, EnumText, Synced, UtcDateTime
from homevisit.model.household import household_fk
from homevisit.protocol.vocabulary import (
    HandbackDecision,
    HandbackReason,
    HandbackStatus,
    VisitMode,
)


class Appointment(Synced, Base):
    """A visit arranged with a household: when (aware, shown in Asia/Shanghai), how, and a
    note (personal data, like everything in the encrypted store). Cancelled, never deleted."""

    __tablename__ = "appointments"

    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    visit_id: Mapped[str | None] = mapped_column(String(36))
    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    mode: Mapped[VisitMode] = mapped_column(EnumText(VisitMode))
    note: Mapped[str] = mapped_column(Text, default="")
    counselor: Mapped[str | None] = mapped_column(String(100))
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index(None, "household_id"), Index(None, "starts_at"))


class Handback(Synced, Base):
    """An assignment handed back by its counselor; status and answer are the server's."""

    __tablename__ = "handbacks"

    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    reason: Mapped[HandbackReason] = mapped_column(EnumText(HandbackReason))
    note: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[str | None] = mapped_column(String(100))
    requested_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    status: Mapped[HandbackStatus] = mapped_column(
        EnumText(HandbackStatus), default=HandbackStatus.REQUESTED)
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "household_id"),)


class HandbackRuling(Synced, Base):
    """A supervisor's answer to a hand-back (the ``handback_decision`` record); until the
    server applies it the hand-back still says what the server last said."""

    __tablename__ = "handback_decisions"

    handback_id: Mapped[str] = mapped_column(String(36))
    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    decision: Mapped[HandbackDecision] = mapped_column(EnumText(HandbackDecision))
    note: Mapped[str] = mapped_column(Text)
    reassign_to: Mapped[str | None] = mapped_column(String(100))
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "handback_id"),)
