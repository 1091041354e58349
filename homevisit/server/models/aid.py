"""A student's aid history (资助成长档案): server-written entries (``server/aid``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.orm_types import EnumText
from homevisit.protocol.vocabulary import AidKind, AidSource, CaseOutcome, LoanType
from homevisit.server.models.base import Base, SyncedColumns, UtcDateTime


class AidEntry(SyncedColumns, Base):
    __tablename__ = "aid_entries"

    student_id: Mapped[str] = mapped_column(ForeignKey("students.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    kind: Mapped[AidKind] = mapped_column(EnumText(AidKind, 20))
    school_year: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int | None] = mapped_column(Integer, default=None)
    source: Mapped[AidSource] = mapped_column(EnumText(AidSource, 20))
    title: Mapped[str] = mapped_column(String(100), default="")
    level: Mapped[str | None] = mapped_column(String(40), default=None)
    loan_type: Mapped[LoanType | None] = mapped_column(EnumText(LoanType, 10), default=None)
    outcome: Mapped[CaseOutcome | None] = mapped_column(EnumText(CaseOutcome, 20), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    # The approved visit (source approval) or the help-desk case (source helpdesk): what
    # the entry was derived from, so deriving again updates it instead of adding another.
    visit_id: Mapped[str | None] = mapped_column(String(36), default=None)
    case_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    recorded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True),
                                                            default=None)
