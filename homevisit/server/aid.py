"""A student's aid history (资助成长档案): the server is its only writer (DESIGN §3).

Three sources, one record kind (``Entity.AID_ENTRY``, pushed by no device):
- ``import_aid``: grants, fee waivers, loans and rewards from a CSV/XLSX file
  (``homevisit-server aid import``), with the assignment import's reading, limits and
  all-or-nothing rule (:mod:`homevisit.server.importer`); students matched by ID number.
- ``record_level``: a supervisor approved a visit — the recognised level, for each student
  of the household, in the approval's transaction (``review_flow.review_visit``).
- ``derive_case_entries``: a help-desk case whose applicant's ID number is a student's in a
  household of the desk's team or region — a minimal summary (date, the desk's township,
  loan type, outcome; never the phone or the co-borrower), in the case push's transaction.

Entry ids are UUID5 of what they come from, so importing a file again or pushing a case
again updates its entries instead of adding more.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.ids import InvalidResidentId, parse_resident_id
from homevisit.protocol.records import MAX_AMOUNT_FEN, MAX_SCHOOL_YEAR, MIN_SCHOOL_YEAR, Entity
from homevisit.protocol.types import text_fault
from homevisit.protocol.vocabulary import AID_RECEIVED, AidKind, AidSource
from homevisit.server.changes import bump, record_change
from homevisit.server.importer import MAX_PROBLEMS, ImportRejected, read_rows
from homevisit.server.models import (
    AidEntry,
    HelpDesk,
    HelpDeskCase,
    Household,
    Member,
    Student,
    Visit,
    utc_now,
)
from homevisit.server.scope import region_prefix

NAMESPACE = uuid.UUID("0d6c1f0e-8a57-4c0e-9f55-2b7a3f6e1d42")
CHINA = dt.timezone(dt.timedelta(hours=8))
_AMOUNT = re.compile(r"\d{1,12}(?:\.\d{1,2})?")

AID_COLUMNS = ("id_number", "kind", "school_year", "amount")
OPTIONAL_AID_COLUMNS = ("title", "date", "note")

# What a file may call each kind: the protocol word or the office's Chinese word.
KIND_WORDS: dict[str, AidKind] = {
    **{k.value: k for k in AID_RECEIVED},
    "助学金": AidKind.GRANT, "国家助学金": AidKind.GRANT, "学费减免": AidKind.FEE_WAIVER,
    "减免": AidKind.FEE_WAIVER, "助学贷款": AidKind.LOAN, "贷款": AidKind.LOAN,
    "奖学金": AidKind.REWARD, "奖励": AidKind.REWARD,
}

# Row problems, in both languages; never the cell's value (it may be an ID number).
REQUIRED = Text("必填", "required")
BAD_TEXT = Text("含有无法保存的字符（NUL 或孤立代理项），请删除后重新导出",
                "holds a character that cannot be stored (NUL or a lone surrogate); remove "
                "it and export again")
BAD_ID = Text("不是有效的身份证号码", "not a valid resident ID number")
NO_STUDENT = Text("找不到这个身份证号码的学生，请先导入该生", "no student with this ID number; "
                  "import the student first")
BAD_KIND = Text("应为 助学金/学费减免/助学贷款/奖学金（grant, fee_waiver, loan, reward）",
                "must be grant, fee_waiver, loan or reward (助学金/学费减免/助学贷款/奖学金)")
BAD_YEAR = Text(f"应为 {MIN_SCHOOL_YEAR}–{MAX_SCHOOL_YEAR} 之间的学年起始年份，如 2026 或 "
                "2026-2027", f"must be the year the school year starts, {MIN_SCHOOL_YEAR}–"
                f"{MAX_SCHOOL_YEAR}, e.g. 2026 or 2026-2027")
BAD_AMOUNT = Text("应为以元计的金额，最多两位小数，如 1500 或 1500.50（不能为 NaN、无穷或负数）",
                  "must be an amount in yuan with at most two decimals, e.g. 1500 or 1500.50 "
                  "(not NaN, infinity or negative)")
TOO_LARGE = Text("金额过大", "amount too large")
BAD_DATE = Text("应为 YYYY-MM-DD 格式的日期", "must be a date as YYYY-MM-DD")
TOO_LONG = Text("过长", "too long")


def school_year_of(day: dt.date) -> int:
    """The school year a day falls in, by the year it starts: 2026-09-01 … 2027-08-31 is
    2026."""
    return day.year if day.month >= 9 else day.year - 1


def parse_school_year(text: str) -> int | None:
    """``2026``, ``2026-2027``, ``2026—2027学年`` → 2026; None when it is not one."""
    digits = text.replace("学年", "").replace("—", "-").replace("–", "-").strip()
    first, _, second = digits.partition("-")
    if not first.isdigit() or (second and (not second.isdigit() or int(second) != int(first) + 1)):
        return None
    year = int(first)
    return year if MIN_SCHOOL_YEAR <= year <= MAX_SCHOOL_YEAR else None


def parse_amount_fen(text: str) -> int | None:
    """Yuan as written (``1500``, ``1,500.50``, ``¥1500``) → integer fen; None for NaN,
    infinity, a negative or more than two decimals. Never through a float."""
    cleaned = text.replace(",", "").replace("¥", "").replace("元", "").strip()
    if not _AMOUNT.fullmatch(cleaned):  # digits only: no NaN, inf, sign or exponent
        return None
    return int(Decimal(cleaned) * 100)


@dataclass(frozen=True, slots=True)
class AidImportReport:
    entries: int
    students: int


def import_aid(session: Session, path: Path) -> AidImportReport:
    """Store every aid entry of ``path`` in the caller's transaction, or none:
    :class:`ImportRejected` (row, column, bilingual reason) when any row is wrong."""
    problems: list[tuple[int, str, str | Text]] = []
    parsed: list[tuple[int, dict[str, Any]]] = []
    for n, cells in read_rows(path):
        row = _parse_row(session, n, cells, problems)
        if row is not None:
            parsed.append((n, row))
        if len(problems) >= MAX_PROBLEMS:
            raise ImportRejected(problems)
    if problems:
        raise ImportRejected(problems)
    now, students = utc_now(), set()
    for _, row in parsed:
        for student in row.pop("students"):
            key = f"import:{student.id}:{row['kind']}:{row['school_year']}:{row['title']}:" \
                  f"{row['amount_fen']}:{row['recorded_at']}"
            _write(session, str(uuid.uuid5(NAMESPACE, key)), student, now,
                   source=AidSource.IMPORT, **row)
            students.add(student.id)
    return AidImportReport(len(parsed), len(students))


def _parse_row(session: Session, n: int, cells: dict[str, str],
               problems: list[tuple[int, str, str | Text]]) -> dict[str, Any] | None:
    before = len(problems)
    for column, text in cells.items():
        if text_fault(text) or text_fault(column):
            problems.append((n, column, BAD_TEXT))
    if len(problems) > before:
        return None  # the rest would only repeat it
    for column in AID_COLUMNS:
        if not cells.get(column):
            problems.append((n, column, REQUIRED))
    if len(problems) > before:
        return None
    students: list[Student] = []
    try:
        number = parse_resident_id(cells["id_number"].upper()).number
    except InvalidResidentId:
        problems.append((n, "id_number", BAD_ID))
    else:
        students = students_with_id(session, number)
        if not students:
            problems.append((n, "id_number", NO_STUDENT))
    kind = KIND_WORDS.get(cells["kind"].strip().lower()) or KIND_WORDS.get(cells["kind"].strip())
    if kind is None:
        problems.append((n, "kind", BAD_KIND))
    year = parse_school_year(cells["school_year"])
    if year is None:
        problems.append((n, "school_year", BAD_YEAR))
    fen = parse_amount_fen(cells["amount"])
    if fen is None:
        problems.append((n, "amount", BAD_AMOUNT))
    elif fen > MAX_AMOUNT_FEN:
        problems.append((n, "amount", TOO_LARGE))
    recorded: dt.datetime | None = None
    if cells.get("date"):
        try:
            recorded = dt.datetime.combine(dt.date.fromisoformat(cells["date"]),
                                           dt.time(12), CHINA)
        except ValueError:
            problems.append((n, "date", BAD_DATE))
    for column, limit in (("title", 100), ("note", 1000)):
        if len(cells.get(column, "")) > limit:
            problems.append((n, column, TOO_LONG))
    if len(problems) > before:
        return None
    return {"students": students, "kind": kind, "school_year": year, "amount_fen": fen,
            "title": cells.get("title", ""), "note": cells.get("note", ""),
            "recorded_at": recorded}


def students_with_id(session: Session, id_number: str,
                     households: ColumnElement[bool] | None = None) -> list[Student]:
    """The students (not deleted) whose member has ``id_number``; optionally only in the
    households a WHERE clause on ``Household`` picks."""
    query = (select(Student).join(Member, Member.id == Student.member_id)
             .where(Member.id_number == id_number, Member.deleted.is_(False),
                    Student.deleted.is_(False)))
    if households is not None:
        query = query.join(Household, Household.id == Student.household_id).where(households)
    return list(session.scalars(query.order_by(Student.id)))


def _write(session: Session, entry_id: str, student: Student, now: dt.datetime, *,
           device_id: str | None = None, flush: bool = True, **fields: Any) -> AidEntry:
    """Create or update one entry; a new rev and change row only when something changed.
    ``flush=False`` inside a push's no-autoflush block (its new case has no rev yet)."""
    row = session.get(AidEntry, entry_id)
    values = {"student_id": student.id, "household_id": student.household_id,
              "deleted": False, **fields}
    if row is None:
        row = AidEntry(id=entry_id, rev=0, **values)
        session.add(row)
    elif all(getattr(row, k) == v for k, v in values.items()):
        return row
    else:
        for k, v in values.items():
            setattr(row, k, v)
    row.updated_by_device = device_id
    bump(row, now)
    if flush:
        session.flush()  # a file naming one entry twice finds it again
    record_change(session, Entity.AID_ENTRY, row, device_id=device_id)
    return row


def record_level(session: Session, visit: Visit, *, device_id: str | None) -> list[AidEntry]:
    """The level a just-approved visit recognised, as an entry of each student of its
    household (the approval's transaction). No level recommended: nothing written."""
    level = visit.recommended_level or visit.suggested_level
    if not level:
        return []
    now = utc_now()
    students = session.scalars(select(Student).where(
        Student.household_id == visit.household_id, Student.deleted.is_(False))
        .order_by(Student.id))
    return [_write(session, str(uuid.uuid5(NAMESPACE, f"level:{visit.id}:{s.id}")), s, now,
                   device_id=device_id, kind=AidKind.LEVEL, source=AidSource.APPROVAL,
                   school_year=school_year_of(now.astimezone(CHINA).date()), level=level,
                   visit_id=visit.id, recorded_at=now)
            for s in students]


def derive_case_entries(session: Session, cases: Iterable[HelpDeskCase], *,
                        device_id: str | None) -> None:
    """Each case's summary on the growth record of the students with its applicant's ID
    number, in households of the desk's team or region (the desk's scope). A deleted case,
    or one whose ID number changed, takes its old entries away."""
    now = utc_now()
    for case in cases:
        wanted: set[str] = set()
        desk = session.get(HelpDesk, case.desk_id)
        if not case.deleted and case.student_id_number and desk is not None:
            day = case.desk_date or (case.called_at or now).astimezone(CHINA).date()
            for student in students_with_id(session, case.student_id_number,
                                            _desk_households(desk)):
                entry_id = str(uuid.uuid5(NAMESPACE, f"helpdesk:{case.id}:{student.id}"))
                wanted.add(entry_id)
                # Loan desks open in summer for the school year about to start.
                _write(session, entry_id, student, now, device_id=device_id, flush=False,
                       kind=AidKind.HELPDESK_CASE, source=AidSource.HELPDESK,
                       school_year=day.year if day.month >= 6 else day.year - 1,
                       title=(desk.township or desk.site)[:100], loan_type=case.loan_type,
                       outcome=case.outcome, case_id=case.id,
                       recorded_at=dt.datetime.combine(day, dt.time(12), CHINA))
        for old in session.scalars(select(AidEntry).where(
                AidEntry.case_id == case.id, AidEntry.deleted.is_(False))):
            if old.id not in wanted:
                old.deleted = True
                bump(old, now)
                record_change(session, Entity.AID_ENTRY, old, device_id=device_id)


def _desk_households(desk: HelpDesk) -> ColumnElement[bool]:
    clauses = []
    if desk.team_id is not None:
        clauses.append(Household.team_id == desk.team_id)
    if desk.region_code:
        clauses.append(Household.region_code.startswith(region_prefix(desk.region_code)))
    return or_(*clauses) if clauses else Household.id.is_(None)
