"""Visits and their finalized versions, consent, attachment metadata, flags and reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.orm_types import EnumText
from homevisit.protocol.vocabulary import (
    FlagCategory,
    FlagDecision,
    FlagSource,
    FlagStatus,
    ReviewDecision,
    VisitMode,
    VisitStatus,
)
from homevisit.server.models.base import Base, Json, SyncedColumns, UtcDateTime


class VisitContentColumns:
    """The counselor's record of a visit; the same columns in visits and visit_versions."""

    mode: Mapped[VisitMode | None] = mapped_column(EnumText(VisitMode, 10), default=None)
    visitors: Mapped[list[str]] = mapped_column(Json, default=list)
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))
    form_id: Mapped[str | None] = mapped_column(String(40), default=None)
    form_version: Mapped[int | None] = mapped_column(Integer, default=None)
    rule_set_id: Mapped[str | None] = mapped_column(String(40), default=None)
    rule_set_version: Mapped[int | None] = mapped_column(Integer, default=None)
    answers: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    observations: Mapped[str] = mapped_column(Text, default="")
    traits: Mapped[str] = mapped_column(Text, default="")
    policies_explained: Mapped[list[str]] = mapped_column(Json, default=list)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    score_detail: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    suggested_level: Mapped[str | None] = mapped_column(String(40), default=None)
    recommended_level: Mapped[str | None] = mapped_column(String(40), default=None)
    recommendation_reason: Mapped[str | None] = mapped_column(Text, default=None)


class Visit(SyncedColumns, VisitContentColumns, Base):
    __tablename__ = "visits"

    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    status: Mapped[VisitStatus] = mapped_column(
        EnumText(VisitStatus, 12), default=VisitStatus.DRAFT, index=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    counselor: Mapped[str | None] = mapped_column(
        ForeignKey("users.username"), default=None, index=True
    )
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))
    delegated_by_office: Mapped[str | None] = mapped_column(String(100), default=None)


class VisitVersion(SyncedColumns, VisitContentColumns, Base):
    """One finalized version; never mutated once stored (a revision is a new version)."""

    __tablename__ = "visit_versions"
    __table_args__ = (UniqueConstraint("visit_id", "version"),)

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"))
    version: Mapped[int] = mapped_column(Integer)
    finalized_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))


class ConsentRecord(SyncedColumns, Base):
    __tablename__ = "consent_records"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"))
    guardian_member_id: Mapped[str | None] = mapped_column(String(36), default=None)
    guardian_relation: Mapped[str | None] = mapped_column(String(40), default=None)
    notice_version: Mapped[str] = mapped_column(String(40))
    choices: Mapped[dict[str, bool]] = mapped_column(Json, default=dict)
    roster_check_authorised: Mapped[bool] = mapped_column(Boolean, default=False)
    signature_attachment_id: Mapped[str | None] = mapped_column(String(36), default=None)
    signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))


class Attachment(SyncedColumns, Base):
    """Metadata of an attachment; the bytes are a Blob found by sha256 (may arrive later)."""

    __tablename__ = "attachments"

    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str | None] = mapped_column(String(200), default=None)


class Flag(SyncedColumns, Base):
    __tablename__ = "flags"

    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(String(36), default=None)
    visit_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    source: Mapped[FlagSource] = mapped_column(EnumText(FlagSource, 12))
    rule_id: Mapped[str] = mapped_column(String(40))
    category: Mapped[FlagCategory] = mapped_column(EnumText(FlagCategory, 20))
    evidence: Mapped[str] = mapped_column(Text, default="")
    trigger: Mapped[dict[str, Any] | None] = mapped_column(Json, default=None)
    suggested_question: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[FlagStatus] = mapped_column(
        EnumText(FlagStatus, 12), default=FlagStatus.OPEN, index=True)
    explanation: Mapped[str | None] = mapped_column(Text, default=None)
    decision_reason: Mapped[str | None] = mapped_column(Text, default=None)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))


class Review(SyncedColumns, Base):
    __tablename__ = "reviews"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"))
    visit_version: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(ForeignKey("users.username"))
    decision: Mapped[ReviewDecision] = mapped_column(EnumText(ReviewDecision, 10))
    comments: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    created_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))


class FlagRuling(SyncedColumns, Base):
    """A supervisor's decision on one flag (the ``flag_decision`` record), applied to the
    flag by ``review_flow`` whether it came through the review endpoint or a push."""

    __tablename__ = "flag_decisions"

    flag_id: Mapped[str] = mapped_column(ForeignKey("flags.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    decision: Mapped[FlagDecision] = mapped_column(EnumText(FlagDecision, 10))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))


class CommentAnswer(SyncedColumns, Base):
    """A counselor's answer to one comment of a review."""

    __tablename__ = "comment_answers"

    review_id: Mapped[str] = mapped_column(ForeignKey("reviews.id"), index=True)
    comment_id: Mapped[str] = mapped_column(String(36))
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(ForeignKey("users.username"), default=None)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))
