"""Help-desk cases (助学贷款咨询) logged by volunteers at a township desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.orm_types import EnumText
from homevisit.protocol.vocabulary import LoanType, StudentStatus
from homevisit.server.models.base import Base, Json, SyncedColumns, UtcDateTime


class HelpDeskCase(SyncedColumns, Base):
    __tablename__ = "helpdesk_cases"

    desk_id: Mapped[str] = mapped_column(ForeignKey("help_desks.id"), index=True)
    desk_site: Mapped[str] = mapped_column(String(100), default="")
    desk_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    volunteer: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    loan_type: Mapped[LoanType] = mapped_column(EnumText(LoanType, 10))
    student_name: Mapped[str] = mapped_column(String(100), default="")
    student_id_number: Mapped[str | None] = mapped_column(String(18), default=None, index=True)
    co_borrower_name: Mapped[str] = mapped_column(String(100), default="")
    co_borrower_id_number: Mapped[str | None] = mapped_column(String(18), default=None)
    co_borrower_relation: Mapped[str | None] = mapped_column(String(40), default=None)
    student_phone: Mapped[str | None] = mapped_column(String(20), default=None)
    school: Mapped[str] = mapped_column(String(100), default="")
    stage: Mapped[str | None] = mapped_column(String(40), default=None)
    student_status: Mapped[StudentStatus | None] = mapped_column(
        EnumText(StudentStatus, 10), default=None)
    ticket_number: Mapped[int | None] = mapped_column(Integer, default=None)
    checklist: Mapped[dict[str, bool]] = mapped_column(Json, default=dict)
    steps: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    problems: Mapped[str] = mapped_column(Text, default="")
    missing_documents: Mapped[list[str]] = mapped_column(Json, default=list)
    called_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True), default=None)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True), default=None)
    seen_elsewhere: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(String(40), default=None)
    minutes_spent: Mapped[int | None] = mapped_column(Integer, default=None)
    follow_up: Mapped[str | None] = mapped_column(Text, default=None)
