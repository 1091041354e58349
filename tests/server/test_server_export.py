"""``homevisit-server export visits --region CODE OUT.xlsx`` (issue 18, item 6): the central
database's visits of a region, masked unless --full-ids, audited before writing."""

from __future__ import annotations

import openpyxl
from sqlalchemy import select

from homevisit.ids import mask_id
from homevisit.protocol.vocabulary import VisitStatus
from homevisit.server import demo
from homevisit.server.cli import main
from homevisit.server.models import AuditEvent, Household, Member, Student, Visit

HOSTILE = '=HYPERLINK("http://x","y")'


def _seeded(db, services) -> tuple[str, dict[str, str]]:
    demo.seed(db, services.passwords, seed=3, households=12)
    visit = db.scalars(select(Visit).where(Visit.status != VisitStatus.DRAFT)).first()
    assert visit is not None
    answers = dict(visit.answers or {})
    answers["observations"] = {**answers.get("observations", {}), "observations": HOSTILE}
    visit.answers = answers
    region = db.get(Household, visit.household_id).region_code
    numbers = {household: number for household, number in db.execute(
        select(Student.household_id, Member.id_number)
        .join(Member, Member.id == Student.member_id))}
    db.commit()
    return region, numbers


def test_a_regions_visits_masked_and_audited(database_url, services, db, tmp_path, capsys):
    region, numbers = _seeded(db, services)
    out = tmp_path / "visits.xlsx"
    assert main(["--database-url", database_url, "export", "visits", "--region", region,
                 str(out)]) == 0
    expected = db.execute(select(Visit.id, Visit.household_id).join(
        Household, Household.id == Visit.household_id).where(
        Household.region_code.startswith(region), Visit.status != VisitStatus.DRAFT,
        Visit.deleted.is_(False))).all()
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows())
    assert sheet.title == "家访记录" and rows[0][2].value == "学生身份证号"
    assert sorted(r[0].value for r in rows[1:]) == sorted(v.id for v in expected)
    households = {v.id: v.household_id for v in expected}
    for row in rows[1:]:
        number = numbers.get(households[row[0].value])
        if number:
            assert row[2].value == mask_id(number)
    hostile = [r[18] for r in rows[1:] if r[18].value == HOSTILE]
    assert hostile and hostile[0].data_type == "s"
    assert not any(n.encode() in out.read_bytes() for n in numbers.values() if n)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.detail == {"kind": "visit_list", "region": region,
                            "rows": len(expected), "full_ids": False}
    assert f"exported {len(expected)} visits" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".homevisit")] == []


def test_full_ids_only_with_the_flag_and_audited(database_url, services, db, tmp_path):
    region, numbers = _seeded(db, services)
    out = tmp_path / "full.xlsx"
    assert main(["--database-url", database_url, "export", "visits", "--region", region,
                 str(out), "--full-ids", "--lang", "en"]) == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    shown = {r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert shown & set(numbers.values())
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.detail["full_ids"] is True


def test_a_bad_region_or_folder_writes_nothing(database_url, services, db, tmp_path, capsys):
    _seeded(db, services)
    for region in ("32%", "abc", "3", "3203211011234"):
        assert main(["--database-url", database_url, "export", "visits", "--region",
                     region, str(tmp_path / "x.xlsx")]) == 2
    assert "2 to 9 digits" in capsys.readouterr().err
    missing = tmp_path / "no-such-folder" / "x.xlsx"
    assert main(["--database-url", database_url, "export", "visits", "--region", "32",
                 str(missing)]) == 1
    assert "no-such-folder" not in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists() and not missing.parent.exists()
