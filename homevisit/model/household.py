"""Households, their members and students, and counselor assignments (DESIGN §3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from homevisit.ids import InvalidResidentId, Sex, parse_resident_id
from homevisit.model.base import Base, EnumText, Synced, UtcDateTime

# Children reference their household with a deferred foreign key: a pull page may bring a
# member before its household, and the check then happens at commit, not at each INSERT.
_DEFERRED: dict[str, Any] = {"deferrable": True, "initially": "DEFERRED", "ondelete": "CASCADE"}


def household_fk() -> ForeignKey:
    return ForeignKey("households.id", **_DEFERRED)


class Household(Synced, Base):
    """A family (户). ``search_text`` is derived (see :mod:`homevisit.households.search`),
    never synced."""

    __tablename__ = "households"

    region_code: Mapped[str] = mapped_column(String(9))
    address: Mapped[str] = mapped_column(String(200), default="")
    rural: Mapped[bool] = mapped_column(Boolean, default=False)
    special_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    assigned_counselor: Mapped[str | None] = mapped_column(String(100))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    # Local summary of the latest visit's status for the household list; kept by the visit
    # code, not synced (the visit record carries the truth).
    visit_status: Mapped[str | None] = mapped_column(String(20))
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    members: Mapped[list[Member]] = relationship(
        back_populates="household", passive_deletes=True, order_by="Member.name"
    )

    __table_args__ = (
        # The household list and search-as-you-type both walk this index in due-date order
        # and find id and search_text in it, never touching the wide table rows: a list page
        # at any offset and a search over 50,000 households read only this (cached) index.
        Index("ix_households_listing", "deleted", "due_date", "id", "search_text"),
        Index(None, "assigned_counselor", "due_date"),
    )


class Member(Synced, Base):
    """A family member (家庭成员). Birth date and sex are derived from a valid resident ID."""

    __tablename__ = "members"

    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[str] = mapped_column(String(40))
    id_number: Mapped[str | None] = mapped_column(String(18))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[Sex | None] = mapped_column(EnumText(Sex, 6))
    health: Mapped[str | None] = mapped_column(String(40))
    occupation: Mapped[str | None] = mapped_column(String(100))
    employer: Mapped[str | None] = mapped_column(String(100))
    employer_type: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[str | None] = mapped_column(String(100))
    employer_credit_code: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(20))
    is_guardian: Mapped[bool] = mapped_column(Boolean, default=False)
    income: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    # Set when a finalized visit's roster left the member off (see
    # homevisit.visits.roster_writeback); a moved-out member is kept, never deleted.
    moved_out_on: Mapped[dt.date | None] = mapped_column(Date)

    household: Mapped[Household] = relationship(back_populates="members")

    __table_args__ = (Index(None, "household_id"),)

    @validates("id_number")
    def _derive_from_id(self, _key: str, value: str | None) -> str | None:
        # Forms validate IDs strictly before saving; here an unparseable number (e.g. from an
        # older server record) is kept as given rather than failing a whole sync page.
        if value is None:
            return None
        number = value.strip().upper()
        try:
            parsed = parse_resident_id(number)
        except InvalidResidentId:
            return number
        self.birth_date = parsed.birth_date
        self.sex = parsed.sex
        return number


def new_member_values(values: dict[str, Any]) -> dict[str, Any]:
    """Column values of a new member as the ORM stores them (``Member._derive_from_id``:
    the ID number upper-cased, birth date and sex from it when it parses; keys applied in
    order), for writers that insert members in bulk without ORM objects (the sync pull)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key != "id_number" or value is None:
            out[key] = value
            continue
        out[key] = number = value.strip().upper()
        try:
            parsed = parse_resident_id(number)
        except InvalidResidentId:
            continue
        out["birth_date"], out["sex"] = parsed.birth_date, parsed.sex
    return out


class Student(Synced, Base):
    """A member who is a student: school, grade, aid applications and aid history."""

    __tablename__ = "students"

    member_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("members.id", **_DEFERRED), unique=True
    )
    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    school: Mapped[str] = mapped_column(String(100), default="")
    grade: Mapped[str] = mapped_column(String(100), default="")
    applications: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    aid_history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    __table_args__ = (Index(None, "household_id"),)


class Assignment(Synced, Base):
    """A household assigned to a counselor, with the date the visit is due."""

    __tablename__ = "assignments"

    household_id: Mapped[str] = mapped_column(String(36), household_fk())
    counselor: Mapped[str] = mapped_column(String(100))
    assigned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    due_date: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (Index(None, "household_id"), Index(None, "counselor", "due_date"))
