"""Help-desk cases (助学贷款咨询) logged by volunteers at a township desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.orm_types import EnumText
from homevisit.protocol.vocabulary import LoanType
from homevisit.server.models.base import Base, Json, SyncedColumns


class HelpDeskCase(SyncedColumns, Base):
    __tablename__ = "helpdesk_cases"

    desk_id: Mapped[str] = mapped_column(ForeignKey("help_desks.id"), index=True)
    desk_site: Mapped[str] = mapped_column(String(100), default="")
    desk_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    volunteer: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    loan_type: Mapped[LoanType] = mapped_column(EnumText(LoanType, 10))
    student_name: Mapped[str] = mapped_column(String(100), default="")
    student_id_number: Mapped[str | None] = mapped_column(String(18), default=None)
    co_borrower_name: Mapped[str] = mapped_column(String(100), default="")
    co_borrower_id_number: Mapped[str | None] = mapped_column(String(18), default=None)
    checklist: Mapped[dict[str, bool]] = mapped_column(Json, default=dict)
    steps: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    outcome: Mapped[str | None] = mapped_column(String(40), default=None)
    minutes_spent: Mapped[int | None] = mapped_column(Integer, default=None)
    follow_up: Mapped[str | None] = mapped_column(Text, default=None)
