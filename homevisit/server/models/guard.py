"""State that guards the server and must be shared by every worker and host: failed-login
counters, and the fingerprint of the roster-matching secret."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.server.models.base import Base, UtcDateTime, utc_now


class LoginLimit(Base):
    """Failed logins counted in a fixed window, per key: ``account:<username>`` (across
    addresses) or ``address:<ip>`` (across accounts). In the database so that several
    workers (``run --workers N``) and hosts count together."""

    __tablename__ = "login_limits"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)


class ServerKey(Base):
    """The fingerprint of a secret kept outside the database (the roster-matching key): a
    server started with another file refuses to run instead of matching nothing."""

    __tablename__ = "server_keys"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)
