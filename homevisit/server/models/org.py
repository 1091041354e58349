"""Who is who: regions, teams, help desks, users, their devices and tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from homevisit.orm_types import EnumText
from homevisit.protocol.vocabulary import Role
from homevisit.server.models.base import Base, UtcDateTime, utc_now


class Region(Base):
    """A GB/T 2260 division (6 digits) or a township under a county (9 digits)."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), default=None)


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), default=None)


class HelpDesk(Base):
    """A temporary township help desk (临时办理点) for the student-origin credit loan."""

    __tablename__ = "help_desks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), default=None)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), default=None)
    opens_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    closes_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    township: Mapped[str] = mapped_column(String(100), default="")
    hours: Mapped[str] = mapped_column(String(20), default="")


class DeskShift(Base):
    """A volunteer staffs a desk on a day. ``users.desk_id`` stays as the desk a volunteer
    belongs to by default; shifts are what the laptop offers to pick from each morning and
    what a push to a desk is checked against."""

    __tablename__ = "desk_shifts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    desk_id: Mapped[str] = mapped_column(ForeignKey("help_desks.id"), index=True)
    username: Mapped[str] = mapped_column(ForeignKey("users.username"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("desk_id", "username", "day"),)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[Role] = mapped_column(EnumText(Role, 20))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), default=None, index=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), default=None)
    desk_id: Mapped[str | None] = mapped_column(ForeignKey("help_desks.id"), default=None)
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)

    team: Mapped[Team | None] = relationship(lazy="joined")


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")


class Token(Base):
    """An opaque bearer token, stored as its SHA-256 (the token itself has 256 random bits,
    so a fast hash is enough: nobody can guess back from the hash)."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # access | refresh
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True), default=utc_now)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(timezone=True))
