"""The growth record (资助成长档案) of a household's students, as one timeline each: visits,
the level recognised each school year, aid received, loan help-desk cases and notes
(reviewers' comments, the counselor's notes on the student). Headless: the counselor's
household detail, the supervisor's review view and the printed record all read this.

Everything comes from the local store: aid entries are server-written records pulled like
the rest (imported aid, approval levels, help-desk summaries without phone or co-borrower).
No 贫困 headline anywhere (无痕资助): kinds are named by what the aid is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.ids import mask_id
from homevisit.model import AidEntry, Member, Review, Student, Visit
from homevisit.protocol.vocabulary import AID_RECEIVED, AidKind, VisitStatus

CHINA = dt.timezone(dt.timedelta(hours=8))


class EventKind(StrEnum):
    VISIT = "visit"
    LEVEL = "level"
    AID = "aid"
    HELPDESK = "helpdesk"
    NOTE = "note"


KIND_LABELS: dict[str, Text] = {
    AidKind.GRANT: Text("助学金", "Grant"),
    AidKind.FEE_WAIVER: Text("学费减免", "Fee waiver"),
    AidKind.LOAN: Text("助学贷款", "Student loan"),
    AidKind.REWARD: Text("奖学金/奖励", "Scholarship or reward"),
    AidKind.LEVEL: Text("认定档次", "Recognised level"),
    AidKind.HELPDESK_CASE: Text("贷款办理点咨询", "Loan help desk"),
    EventKind.VISIT: Text("家访", "Home visit"),
    EventKind.NOTE: Text("备注", "Note"),
}
"""What each event is called, in both languages (the GUI and the printed record)."""


@dataclass(frozen=True, slots=True)
class GrowthEvent:
    """One line of the timeline. ``code`` is the aid kind, the visit status or empty;
    ``level`` a level code (levels codelist); ``text`` the title, place or note."""

    day: dt.date | None
    kind: EventKind
    code: str = ""
    school_year: int | None = None
    text: str = ""
    amount_fen: int | None = None
    level: str | None = None
    loan_type: str | None = None
    outcome: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class StudentGrowth:
    student_id: str
    name: str
    masked_id: str
    """The student's ID number masked (3201**********123X): the record never holds it whole."""
    school: str
    grade: str
    levels_by_year: tuple[tuple[int, str], ...]
    """(school year, level code), oldest first: the last level recognised in each year."""
    aid_total_fen: int
    events: tuple[GrowthEvent, ...]
    """Oldest first; undated events last."""

    @property
    def is_empty(self) -> bool:
        return not self.events


def yuan(fen: int) -> str:
    """``150050`` → ``￥1,500.50`` (exact: integer fen, never a float). The full-width sign,
    as Chinese text sets it: the printed record's font has it, not the Latin-1 ¥."""
    return f"￥{Decimal(fen) / 100:,.2f}"


def school_year_text(year: int) -> str:
    return f"{year}—{year + 1}"


def _day(value: dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(CHINA).date()


def growth_record(session: Session, household_id: str) -> list[StudentGrowth]:
    """Each (not deleted) student of the household with their timeline."""
    students = list(session.scalars(select(Student).where(
        Student.household_id == household_id, Student.deleted.is_(False))
        .order_by(Student.id)))
    if not students:
        return []
    people = {member_id: (name, number) for member_id, name, number in session.execute(
        select(Member.id, Member.name, Member.id_number)
        .where(Member.household_id == household_id))}
    shared = _household_events(session, household_id)
    entries = list(session.scalars(select(AidEntry).where(
        AidEntry.household_id == household_id, AidEntry.deleted.is_(False))))
    result = []
    for student in students:
        own = [e for e in entries if e.student_id == student.id]
        events = [*shared, *(_entry_event(e) for e in own)]
        events.sort(key=lambda e: (e.day is None, e.day or dt.date.min, e.kind != EventKind.VISIT))
        levels: dict[int, tuple[dt.datetime, str]] = {}
        for e in own:
            if e.kind == AidKind.LEVEL and e.level:
                at = e.recorded_at or dt.datetime.min
                if e.school_year not in levels or levels[e.school_year][0] <= at:
                    levels[e.school_year] = (at, e.level)
        total = sum(e.amount_fen or 0 for e in own if e.kind in AID_RECEIVED)
        name, number = people.get(student.member_id, ("", None))
        result.append(StudentGrowth(
            student.id, name, mask_id(number) if number else "", student.school,
            student.grade, tuple((year, levels[year][1]) for year in sorted(levels)), total,
            tuple(events)))
    return result


def _household_events(session: Session, household_id: str) -> list[GrowthEvent]:
    """Visits and notes: about the family, so on each student's timeline."""
    events = []
    for visit in session.scalars(select(Visit).where(
            Visit.household_id == household_id, Visit.deleted.is_(False))):
        day = _day(visit.started_at) or _day(visit.updated_at)
        events.append(GrowthEvent(day, EventKind.VISIT, str(visit.status),
                                  level=visit.recommended_level or visit.suggested_level))
        if visit.traits and visit.status != VisitStatus.DRAFT:
            events.append(GrowthEvent(day, EventKind.NOTE, text=visit.traits))
    for review in session.scalars(select(Review).where(Review.household_id == household_id)):
        for comment in review.comments or []:
            if text := str(comment.get("text", "")):
                events.append(GrowthEvent(_day(review.created_at), EventKind.NOTE, text=text))
    return events


def _entry_event(entry: AidEntry) -> GrowthEvent:
    kind = {AidKind.LEVEL: EventKind.LEVEL, AidKind.HELPDESK_CASE: EventKind.HELPDESK}.get(
        entry.kind, EventKind.AID)
    return GrowthEvent(
        _day(entry.recorded_at) or dt.date(entry.school_year, 9, 1), kind, str(entry.kind),
        entry.school_year, entry.title, entry.amount_fen, entry.level,
        None if entry.loan_type is None else str(entry.loan_type),
        None if entry.outcome is None else str(entry.outcome), entry.note)
