"""The printed growth record (issue 18, item 5): the student's timeline through the PDF
module — levels by year, aid with exact amounts, help-desk cases, visits and notes — the ID
number masked, no 贫困 label; the passphrase first, then the audit row, then the file."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from homevisit.errors import ReauthRequired
from homevisit.ids import id_check_character, mask_id
from homevisit.model import AidEntry, AuditEvent, Household, Member, Student
from homevisit.reports.growth_record import write_growth_record
from tests.reports.conftest import PASSPHRASE, pdf_text

NUMBER = "32032120080303003" + id_check_character("32032120080303003")
CHINA = dt.timezone(dt.timedelta(hours=8))


def _seed(workspace) -> tuple[str, str]:
    def seed(session) -> tuple[str, str]:
        household = Household(region_code="320321", address="丰县欢口镇东村 1 号")
        member = Member(household=household, name="王小明", relation="self", id_number=NUMBER)
        session.add_all([household, member])
        session.flush()
        student = Student(member_id=member.id, household_id=household.id, school="丰县中学",
                          grade="高二")
        session.add(student)
        entries = [
            ("level", 2024, None, "", "difficult", dt.date(2024, 10, 15)),
            ("grant", 2024, 200000, "国家助学金", None, dt.date(2024, 11, 20)),
            ("level", 2025, None, "", "especially_difficult", dt.date(2025, 10, 15)),
            ("reward", 2025, 500000, "励志奖学金", None, dt.date(2025, 12, 18)),
            ("helpdesk_case", 2025, None, "欢口镇办理点", None, dt.date(2025, 7, 22)),
        ]
        for kind, year, fen, title, level, day in entries:
            session.add(AidEntry(
                student_id=student.id, household_id=household.id, kind=kind, school_year=year,
                amount_fen=fen, title=title, level=level,
                source="helpdesk" if kind == "helpdesk_case" else "import",
                loan_type="renewal" if kind == "helpdesk_case" else None,
                outcome="documents_missing" if kind == "helpdesk_case" else None,
                recorded_at=dt.datetime.combine(day, dt.time(10), CHINA),
                note="学习成绩优秀\x00" if kind == "reward" else ""))
        return household.id, student.id

    return workspace.store.run(seed)


def _prints(workspace) -> list[tuple[str, str, str | None, dict]]:
    return workspace.store.run(lambda s: [
        (e.action, e.entity, e.entity_id, e.detail) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action == "print"))])


def test_the_printed_record_has_the_timeline_and_no_full_id_number(workspace, tmp_path):
    household_id, student_id = _seed(workspace)
    workspace.reauth.proved()
    out = write_growth_record(workspace, household_id, student_id, tmp_path / "g.pdf",
                              lang="zh")
    text = pdf_text(out)
    for words in ("学生资助成长档案", "王小明", mask_id(NUMBER), "丰县中学 高二",
                  "2024—2025：比较困难", "2025—2026：特别困难", "￥7,000.00",
                  "国家助学金", "￥2,000.00", "励志奖学金", "￥5,000.00", "学习成绩优秀□",
                  "贷款办理点咨询", "欢口镇办理点", "续贷", "材料不全", "认定档次"):
        assert words in text, words
    assert NUMBER not in text and "贫困" not in text
    lines = [line for line in text.splitlines() if line[:4].isdigit()]
    assert [line[:10] for line in lines] == sorted(line[:10] for line in lines)
    assert _prints(workspace) == [("print", "student", student_id,
                                   {"phase": "started", "kind": "growth_record", "events": 5})]


def test_english_print(workspace, tmp_path):
    household_id, student_id = _seed(workspace)
    workspace.reauth.proved()
    text = pdf_text(write_growth_record(workspace, household_id, student_id,
                                        tmp_path / "g.pdf", lang="en"))
    for words in ("Student aid growth record", "Level by school year", "Grant",
                  "Loan help desk", "Renewal", "Documents missing", "Especially difficult"):
        assert words in text, words


def test_printing_needs_the_passphrase_first_and_writes_nothing_without(workspace, tmp_path):
    household_id, student_id = _seed(workspace)
    workspace.reauth.forget()  # the grace after unlocking has run out
    with pytest.raises(ReauthRequired):
        write_growth_record(workspace, household_id, student_id, tmp_path / "g.pdf")
    assert not (tmp_path / "g.pdf").exists() and _prints(workspace) == []
    write_growth_record(workspace, household_id, student_id, tmp_path / "g.pdf",
                        passphrase=PASSPHRASE)
    assert (tmp_path / "g.pdf").exists() and len(_prints(workspace)) == 1
