"""Households, their members and students, and counselor assignments (DESIGN §3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from homevisit.server.models.base import Base, Json, SyncedColumns, UtcDateTime


class Household(SyncedColumns, Base):
    __tablename__ = "households"

    region_code: Mapped[str] = mapped_column(String(9), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    rural: Mapped[bool] = mapped_column(Boolean, default=False)
    special_categories: Mapped[list[str]] = mapped_column(Json, default=list)
    # Usernames (unique, never renamed) so records convert to wire form without joins.
    assigned_counselor: Mapped[str | None] = mapped_column(
        ForeignKey("users.username"), default=None, index=True
    )
    due_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # Server-only scope column: the team that owns the household (supervisor scope).
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), default=None, index=True)


class Member(SyncedColumns, Base):
    __tablename__ = "members"

    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(40))
    id_number: Mapped[str | None] = mapped_column(String(18), default=None, index=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    sex: Mapped[str | None] = mapped_column(String(6), default=None)
    health: Mapped[str | None] = mapped_column(String(40), default=None)
    occupation: Mapped[str | None] = mapped_column(String(100), default=None)
    employer: Mapped[str | None] = mapped_column(String(100), default=None)
    employer_type: Mapped[str | None] = mapped_column(String(40), default=None)
    position: Mapped[str | None] = mapped_column(String(100), default=None)
    employer_credit_code: Mapped[str | None] = mapped_column(String(18), default=None)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    is_guardian: Mapped[bool] = mapped_column(Boolean, default=False)
    income: Mapped[dict[str, float]] = mapped_column(Json, default=dict)
    moved_out_on: Mapped[dt.date | None] = mapped_column(Date, default=None)


class Student(SyncedColumns, Base):
    __tablename__ = "students"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    school: Mapped[str] = mapped_column(String(100), default="")
    grade: Mapped[str] = mapped_column(String(100), default="")
    applications: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    aid_history: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)


class Assignment(SyncedColumns, Base):
    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_counselor_household", "counselor", "household_id"),)

    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    counselor: Mapped[str] = mapped_column(ForeignKey("users.username"))
    assigned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(timezone=True))
    due_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    assigned_by: Mapped[int | None] = mapped_column(Integer, default=None)
