"""A student's aid history (资助成长档案), as the server writes it (DESIGN §3).

Read-only on the device: entries arrive by pull (imported aid, the level a visit was
recognised at, help-desk summaries) and are never pushed. The growth record's timeline
(:mod:`homevisit.households.growth`) reads them with the household's visits and notes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, EnumText, Synced, UtcDateTime
from homevisit.model.household import household_fk
from homevisit.protocol.vocabulary import AidKind, AidSource, CaseOutcome, LoanType


class AidEntry(Synced, Base):
    """One entry: aid received, a recognised level, or a help-desk case summary."""

    __tablename__ = "aid_entries"

    # No foreign key to the student: a pull page may bring an entry before its student,
    # and an entry outlives a student record deleted by the counselor (history stays).
    student_id: Mapped[str] = mapped_column(String(36))
    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    kind: Mapped[AidKind] = mapped_column(EnumText(AidKind, 20))
    school_year: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[AidSource] = mapped_column(EnumText(AidSource, 20))
    title: Mapped[str] = mapped_column(String(100), default="")
    level: Mapped[str | None] = mapped_column(String(40))
    loan_type: Mapped[LoanType | None] = mapped_column(EnumText(LoanType, 10))
    outcome: Mapped[CaseOutcome | None] = mapped_column(EnumText(CaseOutcome, 20))
    note: Mapped[str] = mapped_column(Text, default="")
    visit_id: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "household_id"), Index(None, "student_id"))
