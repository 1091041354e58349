"""Walk-in cases at a township help desk for the student-origin credit loan (DESIGN §3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, EnumText, Synced
from homevisit.protocol.vocabulary import LoanType


class HelpDeskCase(Synced, Base):
    """One applicant's visit to a desk: checklist, steps done, outcome and time spent."""

    __tablename__ = "helpdesk_cases"

    desk_id: Mapped[str] = mapped_column(String(36))
    desk_site: Mapped[str] = mapped_column(String(100), default="")
    desk_date: Mapped[dt.date | None] = mapped_column(Date)
    volunteer: Mapped[str | None] = mapped_column(String(100))
    loan_type: Mapped[LoanType] = mapped_column(EnumText(LoanType))
    student_name: Mapped[str] = mapped_column(String(100), default="")
    student_id_number: Mapped[str | None] = mapped_column(String(18))
    co_borrower_name: Mapped[str] = mapped_column(String(100), default="")
    co_borrower_id_number: Mapped[str | None] = mapped_column(String(18))
    checklist: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    steps: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    outcome: Mapped[str | None] = mapped_column(String(40))
    minutes_spent: Mapped[int | None] = mapped_column(Integer)
    follow_up: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index(None, "desk_id", "desk_date"),)
