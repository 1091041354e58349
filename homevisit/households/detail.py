"""The household detail snapshot: members, categories, flags, visits and the student's
growth record (资助成长档案). Read once on the store worker, IDs and phones masked.

Full numbers come only from :meth:`homevisit.workspace.Workspace.reveal_household`, which
re-authenticates and then calls :func:`revealed_detail`: the audit row and the unmasked read
commit in one transaction, so no plaintext leaves the store unaudited (DESIGN §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import audit
from homevisit.errors import StoreError
from homevisit.i18n import Text
from homevisit.ids import mask_id, mask_phone
from homevisit.model import Flag, Household, Member, Review, Student, Visit, VisitVersion
from homevisit.protocol.vocabulary import VisitStatus

HOUSEHOLD_GONE = Text("这户家庭已不在本机数据中。", "This household is no longer on this computer.")


@dataclass(frozen=True, slots=True)
class MemberLine:
    id: str
    name: str
    relation: str
    id_number: str
    phone: str
    health: str
    occupation: str
    employer: str
    is_guardian: bool
    is_student: bool


@dataclass(frozen=True, slots=True)
class FlagLine:
    category: str
    source: str
    status: str
    evidence: str
    question: str
    explanation: str


@dataclass(frozen=True, slots=True)
class VisitLine:
    id: str
    status: str
    version: int
    started_at: dt.datetime | None
    recommended_level: str | None
    score: float | None
    visitors: tuple[str, ...] = ()  # everyone who went (a joint visit names several)
    delegated_by_office: str | None = None  # 委托家访: the office that asked for it


@dataclass(frozen=True, slots=True)
class StudentRecord:
    """资助成长档案 of one student: school, aid history, applications and reviewers' notes."""

    name: str
    school: str
    grade: str
    aid_history: list[dict[str, Any]]
    applications: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class HouseholdDetail:
    id: str
    address: str
    region_code: str
    rural: bool
    due_date: dt.date | None
    visit_status: str | None
    special_categories: list[str]
    members: list[MemberLine]
    flags: list[FlagLine]
    visits: list[VisitLine]
    students: list[StudentRecord]
    review_notes: list[str] = field(default_factory=list)
    open_visit_id: str | None = None


def household_detail(session: Session, household_id: str) -> HouseholdDetail:
    """The household as the detail shows it, ID numbers and phones masked."""
    return _detail(session, household_id, reveal=False)


def revealed_detail(session: Session, household_id: str, *, actor: str) -> HouseholdDetail:
    """The household with full ID numbers and phones, audited in the caller's transaction.
    Only the workspace calls this, after the user re-entered the passphrase."""
    detail = _detail(session, household_id, reveal=True)
    audit.append(session, actor=actor, action="reveal", entity="household",
                 entity_id=household_id)
    return detail


def _detail(session: Session, household_id: str, *, reveal: bool) -> HouseholdDetail:
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise StoreError(HOUSEHOLD_GONE)
    members = list(session.scalars(
        select(Member).where(Member.household_id == household_id, Member.deleted.is_(False))
        .order_by(Member.is_guardian.desc(), Member.name)))
    students = list(session.scalars(
        select(Student).where(Student.household_id == household_id, Student.deleted.is_(False))))
    student_members = {s.member_id for s in students}
    names = {m.id: m.name for m in members}  # moved-out members too: the history names them

    def shown_id(number: str | None) -> str:
        return "" if not number else number if reveal else mask_id(number)

    def shown_phone(number: str | None) -> str:
        return "" if not number else number if reveal else mask_phone(number)

    lines = [MemberLine(m.id, m.name, m.relation, shown_id(m.id_number), shown_phone(m.phone),
                        m.health or "", m.occupation or "", m.employer or "", m.is_guardian,
                        m.id in student_members) for m in members if m.moved_out_on is None]
    flags = [FlagLine(str(f.category), str(f.source), str(f.status), f.evidence,
                      f.suggested_question or "", f.explanation or "")
             for f in session.scalars(select(Flag).where(
                 Flag.household_id == household_id, Flag.deleted.is_(False)))]
    visits = list(session.scalars(select(Visit).where(
        Visit.household_id == household_id, Visit.deleted.is_(False))
        .order_by(Visit.updated_at.desc())))
    versions = list(session.scalars(select(VisitVersion).where(
        VisitVersion.household_id == household_id).order_by(VisitVersion.version.desc())))
    visit_lines = [VisitLine(v.id, str(v.status), v.version, v.started_at, v.recommended_level,
                             v.score, tuple(v.visitors or ()), v.delegated_by_office)
                   for v in visits]
    visit_lines += [VisitLine(v.visit_id, "finalized", v.version, v.started_at,
                              v.recommended_level, v.score)
                    for v in versions if all(line.id != v.visit_id or line.version != v.version
                                             for line in visit_lines)]
    notes = [str(c.get("text", "")) for r in session.scalars(
        select(Review).where(Review.household_id == household_id)) for c in (r.comments or [])]
    open_visit = next((v.id for v in visits
                       if v.status in (VisitStatus.DRAFT, VisitStatus.RETURNED)), None)
    return HouseholdDetail(
        id=household.id, address=household.address, region_code=household.region_code,
        rural=household.rural, due_date=household.due_date,
        visit_status=household.visit_status,
        special_categories=list(household.special_categories or []),
        members=lines, flags=flags, visits=visit_lines,
        students=[StudentRecord(names.get(s.member_id, ""), s.school, s.grade,
                                list(s.aid_history or []), list(s.applications or []))
                  for s in students],
        review_notes=[n for n in notes if n], open_visit_id=open_visit)
