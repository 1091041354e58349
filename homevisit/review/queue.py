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
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, exists, false, func, literal, select
from sqlalchemy.orm import Session

from homevisit.households.search import search_filter
from homevisit.model import Flag, FlagStatus, Household, Member, Student, Visit, VisitStatus

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


_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])  # visits' ids or counts


def _undecided() -> ColumnElement[bool]:
    return exists().where(Flag.visit_id == Visit.id, Flag.deleted == false(),
                          Flag.status.in_(UNDECIDED))


def _where(query: _Query, chosen: QueueFilter, session: Session, *,
           join_households: bool = False) -> _Query:
    query = query.where(Visit.deleted == false(),
                        Visit.status.in_([s.value for s in QUEUED_STATUSES]))
    if chosen.township or chosen.text.strip() or join_households:
        # Only when needed: joining 5,000 households costs more than the rest of the query.
        query = query.join(Household, Household.id == Visit.household_id)
    if chosen.statuses is not None:
        query = query.where(Visit.status.in_([s.value for s in chosen.statuses]))
    if chosen.undecided_flags is True:
        query = query.where(_undecided())
    elif chosen.undecided_flags is False:
        query = query.where(~_undecided())
    if chosen.township:
        query = query.where(Household.region_code.startswith(chosen.township))
    if chosen.school:
        query = query.where(exists().where(
            Student.household_id == Visit.household_id, Student.deleted == false(),
            Student.school == chosen.school))
    if chosen.counselor:
        query = query.where(Visit.counselor == chosen.counselor)
    if chosen.visited_from:
        query = query.where(func.date(Visit.started_at) >= chosen.visited_from.isoformat())
    if chosen.visited_to:
        query = query.where(func.date(Visit.started_at) <= chosen.visited_to.isoformat())
    if chosen.level:
        query = query.where(Visit.recommended_level == chosen.level)
    if chosen.text.strip():
        query = query.where(search_filter(chosen.text, session, wanted=100_000))
    return query


def queue_ids(session: Session, chosen: QueueFilter = QueueFilter(),
              sort: QueueSort = QueueSort.NEWEST) -> list[str]:
    """Ids of the queued visits matching ``chosen``, in ``sort`` order (id breaks ties, so
    the order never jumps between two reads)."""
    query = _where(select(Visit.id), chosen, session,
                   join_households=sort is QueueSort.STUDENT)
    if sort is QueueSort.NEWEST:
        query = query.order_by(Visit.started_at.desc().nulls_last(), Visit.id)
    elif sort is QueueSort.OLDEST:
        query = query.order_by(Visit.started_at.asc().nulls_last(), Visit.id)
    elif sort is QueueSort.SCORE:
        query = query.order_by(Visit.score.desc().nulls_last(), Visit.id)
    elif sort is QueueSort.FLAGS:
        undecided = (select(func.count()).where(
            Flag.visit_id == Visit.id, Flag.deleted == false(), Flag.status.in_(UNDECIDED))
            .correlate(Visit).scalar_subquery())
        query = query.order_by(undecided.desc(), Visit.started_at.asc(), Visit.id)
    else:  # the household's search text starts with the names, guardian first
        query = query.order_by(Household.search_text, Visit.id)
    return list(session.scalars(query))


def status_counts(session: Session, chosen: QueueFilter = QueueFilter()
                  ) -> dict[str, int]:
    """How many queued visits of each status match ``chosen`` apart from its statuses (the
    numbers on the status filter's buttons)."""
    query = _where(select(Visit.status, func.count(Visit.id)), chosen.without_status(),
                   session).group_by(Visit.status)
    counts = {status.value: 0 for status in QUEUED_STATUSES}
    for status, count in session.execute(query):
        counts[str(status)] = int(count)
    return counts


def queue_choices(session: Session) -> QueueChoices:
    """The townships, schools, counselors and levels present in the queue, sorted."""
    base = _where(select(Visit.id), QueueFilter(), session).subquery()
    townships = session.scalars(
        select(func.distinct(func.substr(Household.region_code, 1, TOWNSHIP_DIGITS)))
        .join(Visit, Visit.household_id == Household.id).where(Visit.id.in_(select(base)))
    ).all()
    schools = session.scalars(
        select(func.distinct(Student.school)).join(Visit, Visit.household_id ==
                                                   Student.household_id)
        .where(Visit.id.in_(select(base)), Student.deleted == false(),
               Student.school.is_not(None))).all()
    counselors = session.scalars(
        select(func.distinct(Visit.counselor)).where(Visit.id.in_(select(base)),
                                                     Visit.counselor.is_not(None))).all()
    levels = session.scalars(
        select(func.distinct(Visit.recommended_level)).where(
            Visit.id.in_(select(base)), Visit.recommended_level.is_not(None))).all()
    return QueueChoices(tuple(sorted(t for t in townships if t)),
                        tuple(sorted(s for s in schools if s)),
                        tuple(sorted(c for c in counselors if c)),
                        tuple(sorted(lv for lv in levels if lv)),
                        status_counts(session))


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
    students = _first_students(session, household_ids)
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


def _first_students(session: Session, household_ids: Collection[str]) -> dict[str, Any]:
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
