"""At finalize, the visit's member roster goes back to the household's member rows: what
the counselor corrected or learned during the visit (health, occupation, employer, a
corrected ID number) updates the member record, and a member added during the visit becomes
a new member row. A member the counselor took off the roster is marked moved out
(``moved_out_on``), never deleted: the visit history still names them, and a later roster
that has them again marks them present. Each change goes out through the outbox with its
base values, so the sync merges it field by field with changes made on the server meanwhile;
a changed ID number makes the server match rosters again where consent allows. No Qt
here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import outbox
from homevisit.model import Member

# Roster fields that are also member columns (the rest, e.g. custody, belong to the visit).
MEMBER_FIELDS = ("name", "relation", "id_number", "health", "occupation", "employer",
                 "employer_type", "position", "employer_credit_code")
ITEM_ID = "_id"


def write_back_roster(session: Session, household_id: str, submitted: Mapping[str, Any],
                      today: dt.date | None = None) -> list[str]:
    """Bring the household's member rows in step with the finalized roster; returns the ids
    of the member rows written (new ones included). Only visible answers count. Members
    missing from the roster are marked moved out ``today``; an empty roster (or none: the
    step was not shown) says nothing about who lives there and moves nobody out."""
    members = submitted.get("members") if isinstance(submitted, Mapping) else None
    people = members.get("people") if isinstance(members, Mapping) else None
    if not isinstance(people, list):
        return []
    rows = {m.id: m for m in session.scalars(
        select(Member).where(Member.household_id == household_id, Member.deleted.is_(False)))}
    written = []
    on_roster: set[str] = set()
    for item in people:
        if not isinstance(item, Mapping) or not item.get("name"):
            continue
        item_id = item.get(ITEM_ID)
        member = rows.get(item_id) if isinstance(item_id, str) else None
        if member is None:  # added in the visit: written once (a revision finds it again)
            member = next((m for m in rows.values() if (m.name, m.relation) == (
                item["name"], item.get("relation"))), None)
        if member is None:
            member = Member(household_id=household_id, name=str(item["name"]),
                            relation=str(item.get("relation") or ""))
        changed = member.id is None
        if member.moved_out_on is not None:  # back in the household
            member.moved_out_on = None
            changed = True
        for field in MEMBER_FIELDS:
            value = item.get(field)
            if value in (None, ""):
                continue  # an unanswered field never erases what the record knows
            value = str(value).upper() if field == "id_number" else str(value)
            if getattr(member, field) != value:
                setattr(member, field, value)
                changed = True
        if changed:
            outbox.save(session, member)
            rows[member.id] = member
            written.append(member.id)
        on_roster.add(member.id)
    if not on_roster:
        return written
    for member in rows.values():
        if member.id not in on_roster and member.moved_out_on is None:
            member.moved_out_on = today or dt.date.today()
            outbox.save(session, member)
            written.append(member.id)
    return written
