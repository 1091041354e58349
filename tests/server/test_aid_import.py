"""``homevisit-server aid import FILE.csv|.xlsx`` (issue 18, item 5): a good file stores every
entry, matched to students by ID number, audited; importing it again changes nothing; a file
with one bad row stores nothing and names each bad row and column in Chinese and English,
never the cell's value; NUL, lone surrogates and NaN amounts are refused with a clear error.
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from homevisit.ids import id_check_character
from homevisit.protocol.records import Entity
from homevisit.server.changes import bump, record_change
from homevisit.server.cli import main
from homevisit.server.models import AidEntry, AuditEvent, Change, Household, Member, Student


def resident_id(first17: str) -> str:
    return first17 + id_check_character(first17)


CHILD = resident_id("32032120080303003")
SISTER = resident_id("32032120100505005")
UNKNOWN = resident_id("32032120110606006")


@pytest.fixture
def students(services, world) -> dict[str, str]:
    """Two students of one household, by ID number → student id."""
    found = {}
    with services.sessions.begin() as s:
        household = Household(id=str(uuid.uuid4()), region_code="320321", rev=0)
        bump(household)
        s.add(household)
        s.flush()
        record_change(s, Entity.HOUSEHOLD, household)
        for number, name in ((CHILD, "王小明"), (SISTER, "王小红")):
            member = Member(id=str(uuid.uuid4()), household_id=household.id, name=name,
                            relation="child", id_number=number, rev=0)
            student = Student(id=str(uuid.uuid4()), member_id=member.id,
                              household_id=household.id, school="丰县中学", rev=0)
            for row, entity in ((member, Entity.MEMBER), (student, Entity.STUDENT)):
                bump(row)
                s.add(row)
                s.flush()
                record_change(s, entity, row)
            found[number] = student.id
    return found


GOOD = [
    {"id_number": CHILD, "kind": "grant", "school_year": "2024-2025", "amount": "2000",
     "title": "国家助学金", "date": "2024-11-15"},
    {"id_number": CHILD, "kind": "学费减免", "school_year": "2025", "amount": "1,200.50",
     "title": "学费减免", "note": "县教育局"},
    {"id_number": SISTER.lower(), "kind": "reward", "school_year": "2025—2026学年",
     "amount": "500", "title": "励志奖学金"},
]


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = ["id_number", "kind", "school_year", "amount", "title", "date", "note"]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = ["id_number", "kind", "school_year", "amount", "title", "date", "note"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        # Numbers and dates as a spreadsheet holds them, not as text.
        cells = {**row}
        if cells.get("amount", "").isdigit():
            cells["amount"] = int(cells["amount"])  # type: ignore[assignment]
        if cells.get("date"):
            cells["date"] = dt.date.fromisoformat(cells["date"])  # type: ignore[assignment]
        sheet.append([cells.get(c) for c in columns])
    book.save(path)
    return path


def stored(db) -> list[tuple[str, str, int, int | None, str]]:
    db.expire_all()
    return sorted((e.student_id, e.kind, e.school_year, e.amount_fen, e.title)
                  for e in db.scalars(select(AidEntry).where(AidEntry.deleted.is_(False))))


def run(url: str, *args: str) -> int:
    return main(["--database-url", url, *args])


@pytest.mark.parametrize("write", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_a_good_file_stores_every_entry_audited_and_importing_again_changes_nothing(
        write, database_url, students, db, tmp_path, capsys):
    path = write(tmp_path / f"aid.{'csv' if write is write_csv else 'xlsx'}", GOOD)
    assert run(database_url, "aid", "import", str(path)) == 0
    assert "imported 3 aid entries for 2 students" in capsys.readouterr().out
    expected = sorted([
        (students[CHILD], "grant", 2024, 200000, "国家助学金"),
        (students[CHILD], "fee_waiver", 2025, 120050, "学费减免"),
        (students[SISTER], "reward", 2025, 50000, "励志奖学金"),
    ])
    assert stored(db) == expected
    changes = db.scalar(select(func.count()).select_from(Change).where(
        Change.entity == "aid_entry"))
    assert changes == 3  # each entry reaches the household's devices through the change log
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "aid.import")).all()
    assert event.actor == "cli" and event.detail == {"entries": 3, "students": 2}
    assert run(database_url, "aid", "import", str(path)) == 0
    assert stored(db) == expected
    assert db.scalar(select(func.count()).select_from(Change).where(
        Change.entity == "aid_entry")) == 3  # nothing changed, nothing re-sent


@pytest.mark.parametrize("write", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_one_bad_row_refuses_the_whole_file_with_row_numbered_zh_en_errors(
        write, database_url, students, db, tmp_path, capsys):
    rows = [*GOOD, {"id_number": UNKNOWN, "kind": "grant", "school_year": "2025",
                    "amount": "1000"},
            {"id_number": CHILD, "kind": "present", "school_year": "1999",
             "amount": "12.345"}]
    path = write(tmp_path / f"aid.{'csv' if write is write_csv else 'xlsx'}", rows)
    assert run(database_url, "aid", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "第 5 行，id_number 列：找不到这个身份证号码的学生" in err
    assert "row 5, column id_number: no student with this ID number" in err
    assert "第 6 行，kind 列：" in err and "row 6, column kind: must be grant" in err
    assert "row 6, column school_year:" in err
    assert "row 6, column amount: must be an amount in yuan" in err
    assert "nothing imported (4 problem(s))" in err and "未导入任何内容" in err
    assert UNKNOWN not in err and CHILD not in err  # never the value
    assert stored(db) == []
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "aid.import")) == 0


@pytest.mark.parametrize("amount", ["NaN", "nan", "Infinity", "-inf", "-5", "1e400", "sNaN"])
def test_nan_infinite_or_negative_amounts_are_refused(
        amount, database_url, students, db, tmp_path, capsys):
    path = write_csv(tmp_path / "aid.csv", [GOOD[0], {**GOOD[1], "amount": amount}])
    assert run(database_url, "aid", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "row 3, column amount: must be an amount in yuan" in err
    assert "（不能为 NaN、无穷或负数）" in err
    assert stored(db) == []


def test_nul_in_a_cell_is_refused_with_a_clear_error(
        database_url, students, db, tmp_path, capsys):
    path = write_csv(tmp_path / "aid.csv", [GOOD[0], {**GOOD[1], "title": "学费\x00减免"}])
    assert run(database_url, "aid", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "row 3, column title: holds a character that cannot be stored (NUL" in err
    assert "第 3 行，title 列：含有无法保存的字符" in err
    assert stored(db) == []


def test_a_lone_surrogate_is_refused_with_a_clear_error(
        database_url, students, db, tmp_path, capsys):
    # A lone surrogate has no UTF-8: written raw (as CESU-8 would) the file is not UTF-8.
    path = write_csv(tmp_path / "aid.csv", [GOOD[0]])
    with path.open("ab") as f:
        f.write(f"{CHILD},grant,2025,100,".encode() + b"\xed\xa0\x80" + b",,\r\n")
    assert run(database_url, "aid", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "nothing imported: not UTF-8 text" in err
    assert stored(db) == []
    # Through a spreadsheet's XML it is a character reference no XML parser accepts.
    book = tmp_path / "aid.xlsx"
    write_xlsx(book, [GOOD[0], {**GOOD[1], "title": "PLACEHOLDER"}])
    _replace_in_xlsx(book, b"PLACEHOLDER", b"&#xD800;")
    assert run(database_url, "aid", "import", str(book)) == 1
    assert "nothing imported: not a readable file" in capsys.readouterr().err
    assert stored(db) == []


def _replace_in_xlsx(path: Path, old: bytes, new: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data.replace(old, new))


def test_required_columns_and_bad_id_numbers_are_named(
        database_url, students, db, tmp_path, capsys):
    path = write_csv(tmp_path / "aid.csv", [
        {"id_number": "32032120080303004", "kind": "grant", "school_year": "2025",
         "amount": "100"},
        {"id_number": CHILD, "kind": "", "school_year": "2025", "amount": ""},
        {"id_number": CHILD, "kind": "loan", "school_year": "2025", "amount": "100",
         "date": "2025-13-01"}])
    assert run(database_url, "aid", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "row 2, column id_number: not a valid resident ID number" in err
    assert "row 3, column kind: required" in err and "第 3 行，amount 列：必填" in err
    assert "row 4, column date: must be a date as YYYY-MM-DD" in err
    assert stored(db) == []
