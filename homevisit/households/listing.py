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
from typing import Any

from sqlalchemy import Select, exists, false, or_, select
from sqlalchemy.orm import Session

from homevisit.households.search import search_filter
from homevisit.ids import mask_id, mask_phone
from homevisit.model import Flag, FlagStatus, Household, Member, Student, VisitStatus

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
    # The student the visit is about (the first one, when a family has several): a counselor
    # knows the family by the student's name and class more often than by the guardian's.
    student: str = ""
    school: str = ""
    grade: str = ""


def _open_flag() -> object:
    return exists().where(
        Flag.household_id == Household.id,
        Flag.deleted.is_(False),
        Flag.status.in_([FlagStatus.OPEN.value, FlagStatus.EXPLAINED.value]),
    )


def _filtered(list_filter: ListFilter, today: dt.date) -> Select[str]:
    query = select(Household.id).where(Household.deleted == false())
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
                  *, limit: int | None = None, offset: int = 0,
                  today: dt.date | None = None) -> list[str]:
    """Ids of the households matching ``list_filter`` and the search ``text`` (name, pinyin
    initials, ID tail, address), soonest due first; ``limit``/``offset`` read them in
    batches (a one-letter search then stops at the first batch instead of scanning all)."""
    wanted = offset + (limit or 100_000)
    query = _filtered(list_filter, today or dt.date.today()).where(
        search_filter(text, session, wanted=wanted))
    # The order of the covering listing index (deleted, due_date, id, search_text): the
    # whole list and a search for a common word read that index only, never the table rows
    # (a rare word reads its few candidates instead: homevisit.households.search_index).
    # (SQLite puts households without a due date first.)
    query = query.order_by(Household.due_date, Household.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def household_rows(session: Session, ids: list[str]) -> list[HouseholdRow]:
    """The rows of ``ids`` (in that order; ids no longer present are skipped).

    Plain column tuples, not ORM objects: a page is read while the user scrolls or types,
    and building hundreds of mapped objects per page costs more than the SQL."""
    if not ids:
        return []
    households = {row.id: row for row in session.execute(
        select(Household.id, Household.address, Household.due_date, Household.visit_status)
        .where(Household.id.in_(ids)))}
    guardians: dict[str, Any] = {}
    for member in session.execute(
        select(Member.household_id, Member.name, Member.id_number, Member.phone)
        .where(Member.household_id.in_(ids), Member.deleted == false(),
               Member.moved_out_on.is_(None))
        .order_by(Member.household_id, Member.is_guardian.desc(), Member.name)
    ):
        guardians.setdefault(member.household_id, member)
    students: dict[str, Any] = {}
    for enrolled in session.execute(
        select(Student.household_id, Member.name, Student.school, Student.grade)
        .join(Member, Member.id == Student.member_id)
        .where(Student.household_id.in_(ids), Student.deleted == false(),
               Member.deleted == false())
        .order_by(Student.household_id, Member.name)
    ):
        students.setdefault(enrolled.household_id, enrolled)
    flags: dict[str, int] = {}
    for household_id in session.scalars(
        select(Flag.household_id).where(
            Flag.household_id.in_(ids), Flag.deleted == false(),
            Flag.status.in_([FlagStatus.OPEN.value, FlagStatus.EXPLAINED.value]))
    ):
        flags[household_id] = flags.get(household_id, 0) + 1
    rows = []
    for household_id in ids:
        record = households.get(household_id)
        if record is None:
            continue
        guardian = guardians.get(household_id)
        student = students.get(household_id)
        rows.append(HouseholdRow(
            id=household_id,
            guardian=guardian.name if guardian else "",
            id_masked=mask_id(guardian.id_number) if guardian and guardian.id_number else "",
            phone_masked=mask_phone(guardian.phone) if guardian and guardian.phone else "",
            address=record.address,
            due_date=record.due_date,
            visit_status=record.visit_status,
            open_flags=flags.get(household_id, 0),
            student=student.name if student else "",
            school=student.school if student else "",
            grade=student.grade if student else "",
        ))
    return rows
