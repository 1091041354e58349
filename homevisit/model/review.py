"""Verification flags (核查提示) and supervisor reviews (DESIGN §3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, EnumText, Synced, UtcDateTime
from homevisit.model.household import household_fk
from homevisit.model.visit import visit_fk
from homevisit.protocol.vocabulary import (
    FlagCategory,
    FlagDecision,
    FlagSource,
    FlagStatus,
    ReviewDecision,
)


class Flag(Synced, Base):
    """A prompt to verify a parent's employment; never a verdict. A visit with open flags
    cannot be approved."""

    __tablename__ = "flags"

    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    member_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("members.id", deferrable=True, initially="DEFERRED")
    )
    visit_id: Mapped[str | None] = mapped_column(String(36), visit_fk())
    source: Mapped[FlagSource] = mapped_column(EnumText(FlagSource))
    rule_id: Mapped[str] = mapped_column(String(40))
    category: Mapped[FlagCategory] = mapped_column(EnumText(FlagCategory))
    evidence: Mapped[str] = mapped_column(Text, default="")
    trigger: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    suggested_question: Mapped[str | None] = mapped_column(Text)
    status: Mapped[FlagStatus] = mapped_column(EnumText(FlagStatus), default=FlagStatus.OPEN)
    explanation: Mapped[str | None] = mapped_column(Text)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "household_id"), Index(None, "visit_id", "status"))


class Review(Synced, Base):
    """A supervisor's decision on one finalized version: approve, or return with comments
    (a list of ``{"id", "field", "member_id", "text"}``: a member's field is anchored to the
    member's id, so it survives reordering). Supervisors never edit answers."""

    __tablename__ = "reviews"

    visit_id: Mapped[str] = mapped_column(String(36), visit_fk())
    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    visit_version: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(String(100))
    decision: Mapped[ReviewDecision] = mapped_column(EnumText(ReviewDecision))
    comments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "visit_id"),)


class FlagRuling(Synced, Base):
    """A supervisor's decision on one flag (the ``flag_decision`` record): confirm or
    dismiss, with a reason. The server applies it to the flag; until then the flag itself
    still says what the server last said."""

    __tablename__ = "flag_decisions"

    flag_id: Mapped[str] = mapped_column(String(36))
    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    visit_id: Mapped[str | None] = mapped_column(String(36), visit_fk())
    decision: Mapped[FlagDecision] = mapped_column(EnumText(FlagDecision))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "flag_id"), Index(None, "visit_id"))


class CommentAnswer(Synced, Base):
    """The counselor's answer to one comment of a review (notes both ways)."""

    __tablename__ = "comment_answers"

    review_id: Mapped[str] = mapped_column(String(36))
    comment_id: Mapped[str] = mapped_column(String(36))
    visit_id: Mapped[str] = mapped_column(String(36), visit_fk())
    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(100))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "visit_id"),)
