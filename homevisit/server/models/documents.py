"""Data documents published to devices (issue 16): form definitions, code lists, scoring
rule sets, help-desk checklists, policy cards — one row per (kind, id, version)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.orm_types import EnumText
from homevisit.protocol.vocabulary import DocumentKind, DocumentState
from homevisit.server.models.base import Base, BigId, Json, UtcDateTime, utc_now


class DataDocument(Base):
    """One version of a document. A published version is immutable (no code path updates
    its body); a draft is seen only by administrators; a retired one is no longer sent."""

    __tablename__ = "data_documents"
    __table_args__ = (UniqueConstraint("kind", "doc_id", "version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[DocumentKind] = mapped_column(EnumText(DocumentKind, 20))
    doc_id: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[DocumentState] = mapped_column(EnumText(DocumentState, 12))
    body: Mapped[dict[str, Any]] = mapped_column(Json)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)
    created_by: Mapped[str | None] = mapped_column(String(40), default=None)
    published_at: Mapped[dt.datetime | None] = mapped_column(
        UtcDateTime(timezone=True), default=None)
    retired_at: Mapped[dt.datetime | None] = mapped_column(
        UtcDateTime(timezone=True), default=None)
    schema_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """The document schema it was validated against (devices refuse a newer one)."""
    published_seq: Mapped[int | None] = mapped_column(BigInteger, default=None, unique=True)
    """Position in the order of publishing: devices pull ``published_seq > cursor``. Handed
    out under the change-log lock, so a seq is never committed behind a pulled one."""
