"""Who this profile's user is, as the server last said (``/me``): role, display name, team
and region. One row; kept in the encrypted store, since only the server's word decides what
the app shows (the profile chooser's copy in ``profile.json`` is for display only)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.model.base import Base, UtcDateTime, utc_now


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(150))
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(12))
    desk_id: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utc_now)
