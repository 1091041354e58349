"""At finalize, the visit's member roster goes back to the household's member rows: what
the counselor corrected or learned during the visit (health, occupation, employer, a
corrected ID number) updates the member record, and a member added during the visit becomes
a new member row. Each change goes out through the outbox with its base values, so the sync
merges it field by field with changes made on the server meanwhile. A member left off the
roster is not touched here (see the issue-14 report: marking members as moved out needs a
field both sides know). No Qt here."""

from __future__ import annotations

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


def write_back_roster(session: Session, household_id: str,
                      submitted: Mapping[str, Any]) -> list[str]:
    """Bring the household's member rows in step with the finalized roster; returns the ids
    of the member rows written (new ones included). Only visible answers count."""
    members = submitted.get("members") if isinstance(submitted, Mapping) else None
    people = members.get("people") if isinstance(members, Mapping) else None
    if not isinstance(people, list):
        return []
    rows = {m.id: m for m in session.scalars(
        select(Member).where(Member.household_id == household_id, Member.deleted.is_(False)))}
    written = []
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
    return written
