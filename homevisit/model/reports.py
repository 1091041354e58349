"""The last report figures the server sent (issue 18): one row, replaced at each supervisor
sync, so the dashboard works offline and keeps its numbers when approved visits are purged.
Kept in the encrypted store like everything else (counts only, but a team's counts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Integer
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, UtcDateTime, utc_now


class ReportSnapshot(Base):
    """The server's ``GET /reports/figures`` body as received (``body``), and when it was
    computed there and received here."""

    __tablename__ = "report_snapshot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    schema_version: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utc_now)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
