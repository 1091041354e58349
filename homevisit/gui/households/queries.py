"""Store queries behind the households list. No Qt here: they run on the store's worker
through :func:`homevisit.gui.tasks.run_in_store` and are measured directly by the bench.

The list holds only ids (Anki's browser); rows are read a page at a time when the view
needs them, and what a row shows is already masked here, so unmasked ID numbers and phones
never reach a Qt model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session

from homevisit.ids import mask_id, mask_phone
from homevisit.model import Flag, FlagStatus, Household, Member, VisitStatus
from homevisit.search import search_filter

DUE_WITHIN_DAYS = 30
_DONE = (VisitStatus.FINALIZED.value, VisitStatus.SUBMITTED.value, VisitStatus.APPROVED.value,
         VisitStatus.REVISED.value)


class ListFilter(StrEnum):
    ALL = "all"
    DUE = "due"  # a visit is due within DUE_WITHIN_DAYS (or overdue) and not yet done
    NOT_VISITED = "not_visited"
    RETURNED = "returned"
    FLAGGED = "flagged"  # an open or explained flag awaits a decision


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    """What one line of the list shows; ID number and phone already masked."""

    id: str
    guardian: str
    id_masked: str
    phone_masked: str
    address: str
    due_date: dt.date | None
    visit_status: str | None
    open_flags: int


def _open_flag() -> object:
    return exists().where(
        Flag.household_id == Household.id,
        Flag.deleted.is_(False),
        Flag.status.in_([FlagStatus.OPEN.value, FlagStatus.EXPLAINED.value]),
    )


def _filtered(list_filter: ListFilter, today: dt.date) -> Select[tuple[str]]:
    query = select(Household.id).where(Household.deleted.is_(False))
    if list_filter is ListFilter.DUE:
        query = query.where(
            Household.due_date.is_not(None),
            Household.due_date <= today + dt.timedelta(days=DUE_WITHIN_DAYS),
            or_(Household.visit_status.is_(None), Household.visit_status.not_in(_DONE)),
        )
    elif list_filter is ListFilter.NOT_VISITED:
        query = query.where(or_(Household.visit_status.is_(None),
                                Household.visit_status == VisitStatus.DRAFT.value))
    elif list_filter is ListFilter.RETURNED:
        query = query.where(Household.visit_status == VisitStatus.RETURNED.value)
    elif list_filter is ListFilter.FLAGGED:
        query = query.where(_open_flag())  # type: ignore[arg-type]
    return query


def household_ids(session: Session, list_filter: ListFilter = ListFilter.ALL, text: str = "",
                  *, today: dt.date | None = None) -> list[str]:
    """Ids of the households matching ``list_filter`` and the search ``text`` (name, pinyin
    initials, ID tail, address), soonest due first."""
    query = _filtered(list_filter, today or dt.date.today()).where(search_filter(text))
    # NULL due dates last, then a stable order.
    query = query.order_by(Household.due_date.is_(None), Household.due_date, Household.id)
    return list(session.scalars(query))


def household_rows(session: Session, ids: list[str]) -> list[HouseholdRow]:
    """The rows of ``ids`` (in that order; ids no longer present are skipped)."""
    if not ids:
        return []
    households = {h.id: h for h in session.scalars(select(Household).where(Household.id.in_(ids)))}
    guardians: dict[str, Member] = {}
    members = session.scalars(
        select(Member).where(and_(Member.household_id.in_(ids), Member.deleted.is_(False)))
        .order_by(Member.is_guardian.desc(), Member.name)
    )
    for member in members:
        guardians.setdefault(member.household_id, member)
    flags: dict[str, int] = {}
    for household_id in session.scalars(
        select(Flag.household_id).where(
            Flag.household_id.in_(ids), Flag.deleted.is_(False),
            Flag.status.in_([FlagStatus.OPEN.value, FlagStatus.EXPLAINED.value]))
    ):
        flags[household_id] = flags.get(household_id, 0) + 1
    rows = []
    for household_id in ids:
        household = households.get(household_id)
        if household is None:
            continue
        guardian = guardians.get(household_id)
        rows.append(HouseholdRow(
            id=household_id,
            guardian=guardian.name if guardian else "",
            id_masked=mask_id(guardian.id_number) if guardian and guardian.id_number else "",
            phone_masked=mask_phone(guardian.phone) if guardian and guardian.phone else "",
            address=household.address,
            due_date=household.due_date,
            visit_status=household.visit_status,
            open_flags=flags.get(household_id, 0),
        ))
    return rows
