"""The supervisor's review queue as store queries (no Qt), like the households list: the
queue holds only visit ids; rows are read a page at a time when the view needs them.

Everything here reads what the last sync brought, so the queue works offline. The
supervisor's store never holds drafts (the server sends finalized versions only); the
queries still leave drafts out, so a counselor's own store never lists one either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import false, literal, or_, select
from sqlalchemy.orm import Session

from homevisit.households.search import search_filter
from homevisit.model import (
    Account,
    Delegation,
    Flag,
    FlagStatus,
    Household,
    Member,
    Student,
    Visit,
    VisitStatus,
)

QUEUED_STATUSES = (VisitStatus.FINALIZED, VisitStatus.SUBMITTED, VisitStatus.REVISED,
                   VisitStatus.RETURNED, VisitStatus.APPROVED)
UNDECIDED = (FlagStatus.OPEN.value, FlagStatus.EXPLAINED.value)
# A township is the first 9 digits of a GB/T 2260 code extended to the township level.
TOWNSHIP_DIGITS = 9
SELF = "self"  # the roster's relation code of the student


class QueueSort(StrEnum):
    NEWEST = "newest"  # most recently visited first (the default: what came in last)
    OLDEST = "oldest"  # waiting longest first
    STUDENT = "student"
    SCORE = "score"  # highest indicator score first
    FLAGS = "flags"  # most undecided flags first


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What the supervisor narrowed the queue to; every part is optional (None = any)."""

    statuses: frozenset[VisitStatus] | None = None
    undecided_flags: bool | None = None  # True: only visits with an open or explained flag
    township: str | None = None  # region code prefix
    school: str | None = None
    counselor: str | None = None
    visited_from: dt.date | None = None
    visited_to: dt.date | None = None
    level: str | None = None  # the counselor's recommended level
    text: str = ""  # student or family name, pinyin initials, ID tail (households search)
    visit_ids: frozenset[str] | None = None  # only these (the records behind a dashboard bar)

    def without_status(self) -> QueueFilter:
        return replace(self, statuses=None)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One line of the queue; nothing in it is an ID number or a phone."""

    visit_id: str
    household_id: str
    student: str
    school: str
    grade: str
    township: str
    address: str
    counselor: str
    status: str
    version: int
    visited_on: dt.date | None
    score: float | None
    level: str | None
    undecided_flags: int
    rejection: str = ""  # why the server refused this supervisor's last decision, if it did


@dataclass(frozen=True, slots=True)
class QueueChoices:
    """The values the filter boxes offer, from what the store holds."""

    townships: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    counselors: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)


class QueueEntry(NamedTuple):
    """What the filters and sorts of one queued visit look at; nothing personal but the
    household's sort key (kept in memory only, never shown). A tuple: thousands are made
    at each read, and a frozen dataclass costs several times more to build."""

    visit_id: str
    household_id: str
    status: str
    visited_on: dt.date | None
    started: float  # seconds since the epoch (0 when unknown), for sorting
    score: float | None
    undecided: int
    region_code: str
    schools: frozenset[str]
    counselor: str
    level: str
    sort_name: str


def delegated_to_me(session: Session) -> set[str]:
    """Households on this device only because a delegation names its user."""
    me = session.scalar(select(Account.username))
    if me is None:
        return set()
    return set(session.scalars(select(Delegation.household_id).where(
        Delegation.deleted == false(),
        or_(Delegation.delegate == me, Delegation.assignee == me))))


def queue_entries(session: Session) -> list[QueueEntry]:
    """Every queued visit's filter columns, read in one pass (a few narrow queries).

    The queue filters and sorts these in memory: a supervisor's queue is thousands of
    visits, and each visit row is wide (its answers), so filtering in SQL re-reads every
    row on each click while this list costs a few hundred kilobytes."""
    visits = session.execute(
        select(Visit.id, Visit.household_id, Visit.status, Visit.started_at, Visit.score,
               Visit.counselor, Visit.recommended_level)
        .where(Visit.deleted == false(),
               Visit.status.in_([s.value for s in QUEUED_STATUSES]))).all()
    households = {row.id: row for row in session.execute(
        select(Household.id, Household.region_code, Household.search_text)
        .where(Household.deleted == false()))}
    found: dict[str, set[str]] = {}
    for household_id, school in session.execute(
            select(Student.household_id, Student.school).where(Student.deleted == false())):
        if school:
            found.setdefault(household_id, set()).add(school)
    schools = {household_id: frozenset(names) for household_id, names in found.items()}
    none: frozenset[str] = frozenset()
    undecided: dict[str, int] = {}
    for visit_id in session.scalars(select(Flag.visit_id).where(
            Flag.deleted == false(), Flag.status.in_(UNDECIDED), Flag.visit_id.is_not(None))):
        if visit_id is not None:
            undecided[visit_id] = undecided.get(visit_id, 0) + 1
    entries = []
    delegated = delegated_to_me(session)
    for visit in visits:
        if visit.household_id in delegated:
            continue  # 委托家访: the delegating office reviews it, not the office asked
        household = households.get(visit.household_id)
        started = visit.started_at
        entries.append(QueueEntry(
            visit.id, visit.household_id, str(visit.status),
            started.date() if started else None, started.timestamp() if started else 0.0,
            visit.score, undecided.get(visit.id, 0),
            household.region_code if household else "",
            schools.get(visit.household_id, none), visit.counselor or "",
            visit.recommended_level or "", household.search_text if household else ""))
    return entries


def matching_households(session: Session, text: str) -> frozenset[str] | None:
    """Households the search ``text`` finds (the households search: names, pinyin
    initials, ID tails); None when there is no text (everything matches)."""
    if not text.strip():
        return None
    return frozenset(session.scalars(select(Household.id).where(
        Household.deleted == false(), search_filter(text, session, wanted=100_000))))


def _fits(entry: QueueEntry, chosen: QueueFilter, found: frozenset[str] | None,
          *, statuses: bool = True) -> bool:
    if chosen.visit_ids is not None and entry.visit_id not in chosen.visit_ids:
        return False
    if statuses and chosen.statuses is not None and entry.status not in {
            s.value for s in chosen.statuses}:
        return False
    if chosen.undecided_flags is not None and (entry.undecided > 0) != chosen.undecided_flags:
        return False
    if chosen.township and not entry.region_code.startswith(chosen.township):
        return False
    if chosen.school and chosen.school not in entry.schools:
        return False
    if chosen.counselor and entry.counselor != chosen.counselor:
        return False
    if chosen.visited_from and (entry.visited_on is None
                                or entry.visited_on < chosen.visited_from):
        return False
    if chosen.visited_to and (entry.visited_on is None or entry.visited_on > chosen.visited_to):
        return False
    if chosen.level and entry.level != chosen.level:
        return False
    return found is None or entry.household_id in found


_SORTS = {
    QueueSort.NEWEST: lambda e: (-e.started, e.visit_id),
    QueueSort.OLDEST: lambda e: (e.started or float("inf"), e.visit_id),
    QueueSort.SCORE: lambda e: (-(e.score if e.score is not None else float("-inf")),
                                e.visit_id),
    QueueSort.FLAGS: lambda e: (-e.undecided, e.started, e.visit_id),
    # The household's search text starts with the names, guardian first.
    QueueSort.STUDENT: lambda e: (e.sort_name, e.visit_id),
}


def select_ids(entries: list[QueueEntry], chosen: QueueFilter, sort: QueueSort,
               found: frozenset[str] | None) -> list[str]:
    """Ids of ``entries`` matching ``chosen`` (``found``: the households its text finds),
    in ``sort`` order; the id breaks ties, so the order never jumps between two reads."""
    picked = [e for e in entries if _fits(e, chosen, found)]
    picked.sort(key=_SORTS[sort])
    return [e.visit_id for e in picked]


def count_statuses(entries: list[QueueEntry], chosen: QueueFilter,
                   found: frozenset[str] | None) -> dict[str, int]:
    """How many entries of each status match ``chosen`` apart from its statuses (the
    numbers on the status filter's buttons)."""
    counts = {status.value: 0 for status in QUEUED_STATUSES}
    for entry in entries:
        if _fits(entry, chosen, found, statuses=False):
            counts[entry.status] = counts.get(entry.status, 0) + 1
    return counts


def choices_of(entries: list[QueueEntry]) -> QueueChoices:
    """The townships, schools, counselors and levels present in the queue, sorted."""
    return QueueChoices(
        tuple(sorted({e.region_code[:TOWNSHIP_DIGITS] for e in entries if e.region_code})),
        tuple(sorted({school for e in entries for school in e.schools})),
        tuple(sorted({e.counselor for e in entries if e.counselor})),
        tuple(sorted({e.level for e in entries if e.level})),
        count_statuses(entries, QueueFilter(), None))


def queue_ids(session: Session, chosen: QueueFilter = QueueFilter(),
              sort: QueueSort = QueueSort.NEWEST) -> list[str]:
    """Ids of the queued visits matching ``chosen``, in ``sort`` order."""
    return select_ids(queue_entries(session), chosen, sort,
                      matching_households(session, chosen.text))


def status_counts(session: Session, chosen: QueueFilter = QueueFilter()
                  ) -> dict[str, int]:
    """:func:`count_statuses` straight on the store."""
    return count_statuses(queue_entries(session), chosen,
                          matching_households(session, chosen.text))


def queue_choices(session: Session) -> QueueChoices:
    """:func:`choices_of` straight on the store."""
    return choices_of(queue_entries(session))


def queue_rows(session: Session, ids: list[str],
               rejections: dict[str, str] | None = None) -> list[QueueRow]:
    """The rows of ``ids`` in that order (visits no longer present are skipped); plain
    column tuples, not ORM objects, as :func:`homevisit.households.listing.household_rows`.
    ``rejections`` maps a visit id to the reason the server refused a decision on it."""
    if not ids:
        return []
    visits = {row.id: row for row in session.execute(
        select(Visit.id, Visit.household_id, Visit.status, Visit.version, Visit.counselor,
               Visit.started_at, Visit.score, Visit.recommended_level)
        .where(Visit.id.in_(ids)))}
    household_ids = {row.household_id for row in visits.values()}
    households = {row.id: row for row in session.execute(
        select(Household.id, Household.region_code, Household.address)
        .where(Household.id.in_(household_ids)))}
    students = first_students(session, household_ids)
    named = _students_in_answers(session, [v.id for v in visits.values()
                                           if v.household_id not in students])
    flags: dict[str, int] = {}
    for visit_id in session.scalars(select(Flag.visit_id).where(
            Flag.visit_id.in_(ids), Flag.deleted == false(), Flag.status.in_(UNDECIDED))):
        if visit_id is not None:
            flags[visit_id] = flags.get(visit_id, 0) + 1
    rows = []
    for visit_id in ids:
        visit = visits.get(visit_id)
        if visit is None:
            continue
        household = households.get(visit.household_id)
        student = students.get(visit.household_id)
        rows.append(QueueRow(
            visit_id=visit_id, household_id=visit.household_id,
            student=student.name if student else named.get(visit_id, ""),
            school=(student.school or "") if student else "",
            grade=(student.grade or "") if student else "",
            township=household.region_code[:TOWNSHIP_DIGITS] if household else "",
            address=household.address if household else "",
            counselor=visit.counselor or "", status=str(visit.status),
            version=visit.version,
            visited_on=visit.started_at.date() if visit.started_at else None,
            score=visit.score, level=visit.recommended_level,
            undecided_flags=flags.get(visit_id, 0),
            rejection=(rejections or {}).get(visit_id, ""),
        ))
    return rows


def _students_in_answers(session: Session, visit_ids: list[str]) -> dict[str, str]:
    """The student's name as the visit's roster has it, for families with no member or
    student record of the student (read for the few rows that need it)."""
    if not visit_ids:
        return {}
    found = {}
    for visit_id, answers in session.execute(
            select(Visit.id, Visit.answers).where(Visit.id.in_(visit_ids))):
        members = (answers or {}).get("members") or {}
        people = members.get("people") if isinstance(members, dict) else None
        name = next((str(p.get("name") or "") for p in people or []
                     if isinstance(p, dict) and p.get("relation") == SELF), "")
        if name:
            found[visit_id] = name
    return found


def first_students(session: Session, household_ids: Collection[str]) -> dict[str, Any]:
    """Per household, the student the visit is about (the first by name when several)."""
    found: dict[str, Any] = {}
    for row in session.execute(
        select(Student.household_id, Member.name, Student.school, Student.grade)
        .join(Member, Member.id == Student.member_id)
        .where(Student.household_id.in_(list(household_ids)), Student.deleted == false(),
               Member.deleted == false())
        .order_by(Student.household_id, Member.name)
    ):
        found.setdefault(row.household_id, row)
    # A family known only from the visit (no student record imported): the member the
    # roster calls the student ("self"), with no school.
    missing = [h for h in household_ids if h not in found]
    if missing:
        for row in session.execute(
            select(Member.household_id, Member.name, literal("").label("school"),
                   literal("").label("grade"))
            .where(Member.household_id.in_(missing), Member.relation == SELF,
                   Member.deleted == false()).order_by(Member.household_id, Member.name)
        ):
            found.setdefault(row.household_id, row)
    return found
