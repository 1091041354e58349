"""Walk-in cases at a township help desk for the student-origin credit loan (DESIGN §3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, EnumText, Synced, UtcDateTime
from homevisit.protocol.vocabulary import LoanType, StudentStatus


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
    co_borrower_relation: Mapped[str | None] = mapped_column(String(40), default=None)
    student_phone: Mapped[str | None] = mapped_column(String(20), default=None)
    school: Mapped[str] = mapped_column(String(100), default="")
    stage: Mapped[str | None] = mapped_column(String(40), default=None)
    student_status: Mapped[StudentStatus | None] = mapped_column(
        EnumText(StudentStatus, 10), default=None)
    ticket_number: Mapped[int | None] = mapped_column(Integer, default=None)
    checklist: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    steps: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    problems: Mapped[str] = mapped_column(Text, default="")
    missing_documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    called_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), default=None)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), default=None)
    seen_elsewhere: Mapped[int] = mapped_column(Integer, default=0)
    unsaved_input: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    """Local only, never sent: what was typed into a field whose check refused it (an ID
    number with a wrong check character …), shown back so nothing typed is lost."""
    outcome: Mapped[str | None] = mapped_column(String(40))
    minutes_spent: Mapped[int | None] = mapped_column(Integer)
    follow_up: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index(None, "desk_id", "desk_date"), Index(None, "student_id_number"))


class DeskShift(Base):
    """A day this volunteer staffs a desk, as the server listed it (not synced as a record:
    refreshed whole at each sync). The desk's name and hours are kept for the slip."""

    __tablename__ = "desk_shifts"

    desk_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    site: Mapped[str] = mapped_column(String(100), default="")
    township: Mapped[str] = mapped_column(String(100), default="")
    hours: Mapped[str] = mapped_column(String(20), default="")
    picked: Mapped[bool] = mapped_column(Boolean, default=False)
    """Chosen on this laptop for that day (asked once a day when there are several)."""
    desk_totals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The desk's figures of that day from the server at the last sync (every volunteer's
    cases, counted: no names, no ID numbers)."""
