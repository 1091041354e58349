"""``homevisit-server export visits --region CODE OUT.xlsx``: the central database's visits of
a region as the supervisor's sheet (:mod:`homevisit.reports.visit_columns`), streamed.

ID numbers and phones are masked unless the administrator passes ``--full-ids``; either way
the export is recorded in the server's audit log (and committed) before the first byte is
written. The file appears whole or not at all (temp file beside it, then renamed).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session, sessionmaker

from homevisit.durable import commit_file
from homevisit.protocol.vocabulary import FlagStatus, VisitStatus
from homevisit.reports.visit_columns import (
    SHEET,
    VisitLine,
    answer,
    column_titles,
    column_widths,
    sheet_row,
)
from homevisit.reports.xlsx import write_table_xlsx
from homevisit.server.audit import audit
from homevisit.server.models import Flag, Household, Member, Student, Visit

PAGE = 500
REGION = re.compile(r"\d{2,9}")
UNDECIDED = (FlagStatus.OPEN, FlagStatus.EXPLAINED)


class BadRegion(ValueError):
    """The region code is not 2 to 9 digits (a GB/T 2260 code or its prefix)."""


def _selected(region: str) -> Any:
    return (select(Visit.id).join(Household, Household.id == Visit.household_id)
            .where(Visit.deleted == false(), Visit.status != VisitStatus.DRAFT,
                   Household.region_code.startswith(region, autoescape=True)))


def region_visit_ids(session: Session, region: str) -> list[str]:
    """Ids of the region's visits (drafts never reach the server; deleted ones are left
    out), newest first."""
    if not REGION.fullmatch(region):
        raise BadRegion(region)
    return list(session.scalars(_selected(region).order_by(
        Visit.started_at.desc().nulls_last(), Visit.id)))


def lines(session: Session, ids: Sequence[str]) -> list[VisitLine]:
    """The sheet's lines of ``ids`` (one page), in that order."""
    visits = {v.id: v for v in session.scalars(select(Visit).where(Visit.id.in_(ids)))}
    households = {h.id: h for h in session.scalars(select(Household).where(
        Household.id.in_({v.household_id for v in visits.values()})))}
    students: dict[str, tuple[str, str, str, str]] = {}
    for household_id, name, number, school, grade in session.execute(
            select(Student.household_id, Member.name, Member.id_number, Student.school,
                   Student.grade).join(Member, Member.id == Student.member_id)
            .where(Student.household_id.in_(households), Student.deleted == false())
            .order_by(Student.household_id, Member.name)):
        students.setdefault(household_id, (name, number or "", school, grade))
    guardians: dict[str, tuple[str, str]] = {}
    for household_id, name, phone in session.execute(
            select(Member.household_id, Member.name, Member.phone)
            .where(Member.household_id.in_(households), Member.is_guardian.is_(True),
                   Member.deleted == false()).order_by(Member.household_id, Member.name)):
        guardians.setdefault(household_id, (name, phone or ""))
    undecided: dict[str | None, int] = {visit_id: n for visit_id, n in session.execute(
        select(Flag.visit_id, func.count()).where(
            Flag.visit_id.in_(ids), Flag.deleted == false(), Flag.status.in_(UNDECIDED))
        .group_by(Flag.visit_id))}
    out = []
    for visit_id in ids:
        visit = visits.get(visit_id)
        if visit is None:
            continue
        household = households.get(visit.household_id)
        name, number, school, grade = students.get(visit.household_id, ("", "", "", ""))
        guardian, phone = guardians.get(visit.household_id, ("", ""))
        answers = visit.answers or {}
        out.append(VisitLine(
            visit_id=visit.id, student=name, school=school, grade=grade,
            id_number=number or answer(answers, "consent", "student_id_number"),
            region_code=household.region_code if household else "",
            address=household.address if household else "",
            guardian=guardian or answer(answers, "consent", "guardian_name"),
            phone=phone or answer(answers, "consent", "guardian_phone"),
            counselor=visit.counselor or "", status=str(visit.status),
            version=visit.version,
            visited_on=visit.started_at.date() if visit.started_at else None,
            score=visit.score, suggested_level=visit.suggested_level,
            recommended_level=visit.recommended_level,
            reason=visit.recommendation_reason or "",
            undecided_flags=int(undecided.get(visit.id, 0)),
            observations=answer(answers, "observations", "observations")))
    return out


def export_region_visits(sessions: sessionmaker[Session], region: str, out: Path, *,
                         full_ids: bool, actor: str, lang: str = "zh") -> int:
    """Write the region's visits to ``out`` (XLSX); returns the row count. The audit row
    commits first; the rows are then read a page per transaction."""
    with sessions.begin() as session:
        ids = region_visit_ids(session, region)
        audit(session, actor, "export", "visit", None, {
            "kind": "visit_list", "region": region, "rows": len(ids), "full_ids": full_ids})

    def rows() -> Iterator[list[Any]]:
        for start in range(0, len(ids), PAGE):
            with sessions() as session:
                page = lines(session, ids[start:start + PAGE])
            for line in page:
                yield sheet_row(line, full_ids=full_ids, lang=lang)

    temp = out.with_name(f".homevisit-export-{uuid.uuid4().hex}.part")
    try:
        write_table_xlsx(rows(), column_titles(lang), SHEET.in_language(lang), temp,
                         widths=column_widths())
        commit_file(temp, out)
    finally:
        temp.unlink(missing_ok=True)
    return len(ids)
