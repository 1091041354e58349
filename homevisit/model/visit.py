"""Visits, their finalized versions, consent records and attachments (DESIGN §3, §4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from homevisit.model.base import Base, EnumText, Synced, UtcDateTime
from homevisit.model.household import _DEFERRED, household_fk
from homevisit.protocol.vocabulary import VisitMode, VisitStatus


def visit_fk() -> ForeignKey:
    return ForeignKey("visits.id", **_DEFERRED)


class VisitContent:
    """What a counselor records; identical in the live visit and in each finalized version."""

    mode: Mapped[VisitMode | None] = mapped_column(EnumText(VisitMode, 10))
    visitors: Mapped[list[str]] = mapped_column(JSON, default=list)
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    form_id: Mapped[str | None] = mapped_column(String(40))
    form_version: Mapped[int | None] = mapped_column(Integer)
    # The scoring rule set the visit started with: a newer one never rescores it (issue 16).
    rule_set_id: Mapped[str | None] = mapped_column(String(40))
    rule_set_version: Mapped[int | None] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    observations: Mapped[str] = mapped_column(Text, default="")
    traits: Mapped[str] = mapped_column(Text, default="")
    policies_explained: Mapped[list[str]] = mapped_column(JSON, default=list)
    score: Mapped[float | None] = mapped_column(Float)
    score_detail: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    suggested_level: Mapped[str | None] = mapped_column(String(40))
    recommended_level: Mapped[str | None] = mapped_column(String(40))
    recommendation_reason: Mapped[str | None] = mapped_column(Text)


CONTENT_COLUMNS: tuple[str, ...] = tuple(VisitContent.__annotations__)
"""Names of the content columns, which a finalized version never changes."""


class Visit(Synced, VisitContent, Base):
    """The logical visit of a household; its content is the current draft.

    ``version`` is the number of the latest finalized version (0 while never finalized).
    """

    __tablename__ = "visits"

    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    status: Mapped[VisitStatus] = mapped_column(EnumText(VisitStatus), default=VisitStatus.DRAFT)
    version: Mapped[int] = mapped_column(Integer, default=0)
    counselor: Mapped[str | None] = mapped_column(String(100))
    delegated_by_office: Mapped[str | None] = mapped_column(String(100), default=None)
    """The office that delegated this visit (委托家访); None: the household's own."""

    versions: Mapped[list[VisitVersion]] = relationship(
        passive_deletes=True, order_by="VisitVersion.version"
    )

    __table_args__ = (Index(None, "household_id"), Index(None, "status"))


class VisitVersion(Synced, VisitContent, Base):
    """One finalized version of a visit. Never mutated: only rev, deleted and updated_at may
    change (a database trigger of migration 0001 refuses anything else)."""

    __tablename__ = "visit_versions"

    visit_id: Mapped[str] = mapped_column(String(36), visit_fk())
    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    version: Mapped[int] = mapped_column(Integer)
    finalized_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (UniqueConstraint("visit_id", "version"), Index(None, "household_id"))


class ConsentRecord(Synced, Base):
    """The guardian's informed consent, captured before anything else in a visit."""

    __tablename__ = "consent_records"

    visit_id: Mapped[str] = mapped_column(String(36), visit_fk())
    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    guardian_member_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("members.id", deferrable=True, initially="DEFERRED")
    )
    guardian_relation: Mapped[str | None] = mapped_column(String(40))
    notice_version: Mapped[str] = mapped_column(String(40))
    choices: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    roster_check_authorised: Mapped[bool] = mapped_column(Boolean, default=False)
    signature_attachment_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("attachments.id", deferrable=True, initially="DEFERRED")
    )
    signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "visit_id"),)


class Attachment(Synced, Base):
    """A photo, scan or signature. The bytes live encrypted in the vault under
    ``vault_file_id``; ``file_key`` is that file's own AES key (safe here: the database is
    encrypted), so deleting the row crypto-shreds the file."""

    __tablename__ = "attachments"

    # None for a document not yet filed under a household (e.g. `homevisit vault import`);
    # such an attachment stays on the device until it is filed (the wire record needs one).
    household_id: Mapped[str | None] = mapped_column(String(36), household_fk())
    visit_id: Mapped[str | None] = mapped_column(String(36), visit_fk())
    doc_type: Mapped[str] = mapped_column(String(40))
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    vault_file_id: Mapped[str] = mapped_column(String(36), unique=True)
    file_key: Mapped[bytes] = mapped_column(LargeBinary)
    original_name: Mapped[str | None] = mapped_column(String(200))
    # Resumable upload state (DESIGN §5) survives restarts because it lives here.
    upload_offset: Mapped[int] = mapped_column(Integer, default=0)
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index(None, "household_id"),
        Index(None, "visit_id"),
        Index(None, "sha256"),
    )
