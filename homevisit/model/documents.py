"""Data documents received from the server (issue 16): forms, code lists, scoring rule sets,
help-desk checklists and policy cards, one row per (kind, id, version).

Rows are never deleted: a visit keeps the form and rule set versions it started with, and
those must open on this laptop for as long as the visit does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, EnumText, UtcDateTime, utc_now
from homevisit.protocol.vocabulary import DocumentKind


class ReceivedDocument(Base):
    """One published version as the server sent it (the body is the document itself)."""

    __tablename__ = "received_documents"

    kind: Mapped[DocumentKind] = mapped_column(EnumText(DocumentKind, 20), primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utc_now)
