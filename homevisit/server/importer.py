"""Importing households with their members, students and counselor assignments, and
rosters, from CSV or XLSX (``homevisit-server assign import`` / ``roster import``).

One row per member; rows sharing ``household_ref`` form one household. Ids are UUID5 of the
references, so importing the same file again updates instead of duplicating. A file with any
bad row writes nothing; the report names rows and columns, never their values.

Files are bounded before and while they are read (size, rows, columns, and for XLSX the
unpacked size of the zip, checked by really unpacking it, and no DTDs: XXE and
billion-laughs files are refused); rows are streamed (openpyxl's read-only mode, its
worksheet dimensions ignored so a claimed A1:XFD1048576 pads nothing). A cell starting with
= + - @ is stored as text with a leading apostrophe, so a spreadsheet that later shows it
never runs it as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from homevisit.errors import InputFileError
from homevisit.i18n import Text
from homevisit.ids import InvalidResidentId, check_credit_code, parse_resident_id
from homevisit.protocol.records import Entity
from homevisit.regular_file import open_regular
from homevisit.server.assignments import assign_household
from homevisit.server.changes import bump, record_change
from homevisit.server.errors import ApiError
from homevisit.server.models import Household, Member, Student
from homevisit.server.roster import RosterRow

NAMESPACE = uuid.UUID("5b0f6f0e-53a4-4a53-9d0c-6b8f1c1f2a10")

HOUSEHOLD_COLUMNS = ("household_ref", "region_code", "member_name", "relation")
OPTIONAL_COLUMNS = (
    "address", "rural", "special_categories", "counselor", "due_date", "id_number",
    "is_guardian", "health", "occupation", "employer", "employer_type", "position",
    "employer_credit_code", "phone", "student_school", "student_grade",
)
ROSTER_COLUMNS = ("id_number",)

# A county's assignment file is ~175,000 member rows for 50,000 households; a roster a few
# tens of thousands. The limits leave room and bound memory (rows are kept until the file is
# known to be good, so nothing is written from a bad file).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 500_000
MAX_COLUMNS = 64
MAX_CELL_CHARS = 1000
MAX_PROBLEMS = 200  # a file this wrong is rejected without listing the rest
# XLSX is a zip: what it unpacks to is checked by unpacking it (headers can lie).
MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_XLSX_MEMBERS = 200
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d ]*(?:\.\d+)?")


Problems = list[tuple[int, str, str]]


class ImportRefused(ValueError):
    """The file as a whole cannot be imported (too big, too many rows or columns, not a
    readable CSV/XLSX, or hostile XML); ``reason`` is one line without values or paths."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ImportRejected(ValueError):
    """The file has problems; ``problems`` are (row number, column, reason) — no values. A
    reason is English text, or a :class:`~homevisit.i18n.Text` in both languages."""

    def __init__(self, problems: Sequence[tuple[int, str, str | Text]]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = list(problems)


def read_rows(path: Path, *, max_rows: int = MAX_ROWS) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, {column: text}) for a .csv or .xlsx file,
    streamed; :class:`ImportRefused` for a file that breaks a limit or cannot be read."""
    try:
        src = open_regular(path)
    except InputFileError as error:
        raise ImportRefused(error.text.en) from None
    with src:
        size = os.fstat(src.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise ImportRefused(f"file larger than {MAX_FILE_BYTES // 2**20} MB")
        reader = _xlsx_rows(src) if path.suffix.lower() == ".xlsx" else _csv_rows(src)
        count = 0
        try:
            for n, cells in reader:
                count += 1
                if count > max_rows:
                    raise ImportRefused(f"more than {max_rows} rows")
                yield n, cells
        except (csv.Error, UnicodeDecodeError, zipfile.BadZipFile, KeyError, ValueError,
                OSError, SyntaxError) as error:
            if isinstance(error, ImportRefused):
                raise
            if isinstance(error, UnicodeDecodeError):  # e.g. GBK, or a lone surrogate's bytes
                raise ImportRefused("not UTF-8 text: save the CSV as UTF-8") from None
            # Parser messages can quote the file's content; the type says enough.
            raise ImportRefused(f"not a readable file ({type(error).__name__})") from None


def _header(values: list[str]) -> list[str]:
    while values and not values[-1].strip():
        values = values[:-1]  # read-only XLSX rows are padded to the columns asked for
    if len(values) > MAX_COLUMNS:
        raise ImportRefused(f"more than {MAX_COLUMNS} columns")
    return [v.strip() for v in values]


def _csv_rows(src: Any) -> Iterator[tuple[int, dict[str, str]]]:
    text = io.TextIOWrapper(src, encoding="utf-8-sig", newline="")
    rows = csv.reader(text)
    header = _header(next(rows, []))
    for n, values in enumerate(rows, start=2):
        if len(values) > MAX_COLUMNS:
            raise ImportRefused(f"row {n}: more than {MAX_COLUMNS} columns")
        cells = {h: as_text(v) for h, v in zip(header, values, strict=False) if h}
        if any(cells.values()):
            yield n, cells


def _xlsx_rows(src: Any) -> Iterator[tuple[int, dict[str, str]]]:
    _check_xlsx_archive(src)
    src.seek(0)
    import openpyxl

    # Formulas come as their text (data_only=False), never as a value a spreadsheet
    # computed; they are stored as text like any cell starting with "=".
    book = openpyxl.load_workbook(src, read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a claimed A1:XFD1048576 must not pad every row
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        header = _header([str(h or "") for h in next(rows, ())])
        for n, values in enumerate(rows, start=2):
            if len(values) > MAX_COLUMNS and any(v is not None for v in values[MAX_COLUMNS:]):
                raise ImportRefused(f"row {n}: more than {MAX_COLUMNS} columns")
            cells = {h: _cell_text(v) for h, v in zip(header, values, strict=False) if h}
            if any(cells.values()):
                yield n, cells
    finally:
        book.close()


def _check_xlsx_archive(src: Any) -> None:
    """Unpack every member once, in chunks, counting what it really unpacks to and
    refusing DTDs (XXE, billion laughs) before openpyxl parses anything."""
    src.seek(0)
    with zipfile.ZipFile(src) as archive:
        members = archive.infolist()
        if len(members) > MAX_XLSX_MEMBERS:
            raise ImportRefused("not a spreadsheet (too many parts)")
        unpacked = 0
        for member in members:
            tail = b""
            with archive.open(member) as part:
                while block := part.read(1 << 20):
                    unpacked += len(block)
                    if unpacked > MAX_XLSX_UNPACKED_BYTES:
                        raise ImportRefused("the spreadsheet unpacks to too much data")
                    if member.filename.endswith((".xml", ".rels")) and _DTD.search(tail + block):
                        raise ImportRefused("the spreadsheet holds XML with a DTD; refused")
                    tail = block[-16:]


def as_text(value: str) -> str:
    """``value`` trimmed and capped; one that a spreadsheet would run as a formula (starting
    with = + - @, tab or CR) gets a leading apostrophe, unless it is a plain number."""
    text = value.strip()[:MAX_CELL_CHARS]
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return as_text(str(value))


def _truthy(text: str) -> bool:
    return text.strip().lower() in {"1", "true", "yes", "y", "是", "√"}


def _split(text: str) -> list[str]:
    for sep in ("、", "；", ";", "|", ","):
        text = text.replace(sep, ";")
    return [part.strip() for part in text.split(";") if part.strip()]


@dataclass
class _Household:
    ref: str
    cells: dict[str, str]
    members: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportReport:
    households: int
    members: int
    students: int
    assigned: int
    flags_raised: int


def import_assignments(session: Session, path: Path, *, actor: str = "cli") -> ImportReport:
    """Create or update households, members and students from ``path`` and assign them.
    Everything happens in the caller's transaction; :class:`ImportRejected` if any row is
    wrong (then the caller rolls back and nothing is written)."""
    problems: list[tuple[int, str, str]] = []
    households: dict[str, _Household] = {}
    for n, cells in read_rows(path):
        for column in HOUSEHOLD_COLUMNS:
            if not cells.get(column):
                problems.append((n, column, "required"))
        if len(problems) >= MAX_PROBLEMS:
            raise ImportRejected(problems)
        ref = cells.get("household_ref", "")
        households.setdefault(ref, _Household(ref, cells)).members.append((n, cells))
    if problems:
        raise ImportRejected(problems)
    counts = {"members": 0, "students": 0, "assigned": 0, "flags": 0}
    for hh in households.values():
        household = _upsert_household(session, hh, problems)
        for n, cells in hh.members:
            member = _upsert_member(session, household.id, n, cells, problems)
            counts["members"] += 1
            if member is not None and cells.get("student_school"):
                _upsert_student(session, member, cells)
                counts["students"] += 1
        counselor = hh.cells.get("counselor")
        if counselor and not problems:
            session.flush()
            try:
                _, flags = assign_household(session, household.id, counselor,
                                            _date(hh.cells.get("due_date")), actor=actor)
            except ApiError:
                problems.append((hh.members[0][0], "counselor", "unknown or not a counselor"))
                continue
            counts["assigned"] += 1
            counts["flags"] += len(flags)
    if problems:
        raise ImportRejected(problems)
    return ImportReport(len(households), counts["members"], counts["students"],
                        counts["assigned"], counts["flags"])


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _upsert_household(session: Session, hh: _Household, problems: Problems) -> Household:
    hid = str(uuid.uuid5(NAMESPACE, f"household:{hh.ref}"))
    row = session.get(Household, hid)
    if row is None:
        row = Household(id=hid, rev=0)
        session.add(row)
    cells, n = hh.cells, hh.members[0][0]
    code = cells["region_code"]
    if not (code.isdigit() and len(code) in (6, 9)):
        problems.append((n, "region_code", "6 or 9 digits"))
    row.region_code = code
    row.address = cells.get("address", "")[:200]
    row.rural = _truthy(cells.get("rural", ""))
    row.special_categories = _split(cells.get("special_categories", ""))
    try:
        row.due_date = _date(cells.get("due_date"))
    except ValueError:
        problems.append((n, "due_date", "YYYY-MM-DD"))
    bump(row)
    session.flush()
    record_change(session, Entity.HOUSEHOLD, row)
    return row


def _upsert_member(session: Session, household_id: str, n: int, cells: dict[str, str],
                   problems: Problems) -> Member | None:
    number = cells.get("id_number", "").upper()
    key = number or cells["member_name"]
    mid = str(uuid.uuid5(NAMESPACE, f"member:{household_id}:{key}"))
    row = session.get(Member, mid)
    if row is None:
        row = Member(id=mid, household_id=household_id, rev=0)
        session.add(row)
    row.name = cells["member_name"][:100]
    row.relation = cells["relation"][:40]
    if number:
        try:
            parsed = parse_resident_id(number)
        except InvalidResidentId:
            problems.append((n, "id_number", "not a valid resident ID"))
            return None
        row.id_number, row.birth_date, row.sex = parsed.number, parsed.birth_date, parsed.sex.value
    credit = cells.get("employer_credit_code", "")
    if credit and check_credit_code(credit).error is not None:
        problems.append((n, "employer_credit_code", "not a credit code"))
    row.employer_credit_code = credit.upper() or None
    row.is_guardian = _truthy(cells.get("is_guardian", ""))
    for column in ("health", "occupation", "employer", "employer_type", "position", "phone"):
        setattr(row, column, cells.get(column) or None)
    bump(row)
    session.flush()
    record_change(session, Entity.MEMBER, row)
    return row


def _upsert_student(session: Session, member: Member, cells: dict[str, str]) -> Student:
    sid = str(uuid.uuid5(NAMESPACE, f"student:{member.id}"))
    row = session.get(Student, sid)
    if row is None:
        row = Student(id=sid, member_id=member.id, household_id=member.household_id, rev=0)
        session.add(row)
    row.school = cells.get("student_school", "")[:100]
    row.grade = cells.get("student_grade", "")[:100]
    bump(row)
    session.flush()
    record_change(session, Entity.STUDENT, row)
    return row


def read_roster(path: Path) -> list[RosterRow]:
    """Roster lines (columns id_number, employer, position, credit_code, evidence)."""
    problems: list[tuple[int, str, str]] = []
    rows: list[RosterRow] = []
    for n, cells in read_rows(path):
        number = cells.get("id_number", "").upper()
        try:
            parse_resident_id(number)
        except InvalidResidentId:
            problems.append((n, "id_number", "not a valid resident ID"))
            if len(problems) >= MAX_PROBLEMS:
                raise ImportRejected(problems) from None
            continue
        rows.append(RosterRow(id_number=number, employer=cells.get("employer", ""),
                              position=cells.get("position", ""),
                              credit_code=cells.get("credit_code") or None,
                              evidence=cells.get("evidence", "")))
    if problems:
        raise ImportRejected(problems)
    return rows
