"""XLSX tables, streamed (issue 18, item 3): openpyxl's write-only workbook keeps one row in
memory at a time, so 20,000 visits cost what one row costs.

Every text cell is written as text: a value starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return would be a formula to openpyxl (``=``) or to a spreadsheet that
re-parses it; here it is a string cell (``data_type`` ``'s'``) holding the exact text, so
Excel shows it and never evaluates it. Characters XML cannot hold (NUL and other controls,
lone surrogates) become U+FFFD; NaN and infinities are left empty; text is cut at Excel's
32,767 characters. Sheet names are cut to Excel's rules.

The generic entry point for any table (the dashboard's too)::

    write_table_xlsx(rows, columns=["乡镇", "家访户数"], sheet_name="各乡镇家访", out=path)

writes a file as it is; to export it the way plaintext leaves the app (audited first, temp
file and rename) pass it to :func:`homevisit.reports.output.write_audited`, e.g.
``write_audited(store, ..., write=lambda temp: write_table_xlsx(rows, cols, name, temp))``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import ALL_TEMP_FILES, WorksheetWriter

from homevisit.durable import create_private

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
MAX_SHEET_NAME = 31
# What XML 1.0 cannot carry (openpyxl refuses it) and lone surrogates (UTF-8 cannot).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
HEADER_FONT = Font(bold=True)


def safe_text(value: str) -> str:
    """``value`` as a cell can hold it: unencodable characters replaced, cut to Excel's
    limit (the rest of a longer text stays in the app)."""
    text = _NOT_XML.sub("\ufffd", value)
    return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT - 1] + "…"


def sheet_title(name: str) -> str:
    """A sheet name Excel accepts (no ``[]:*?/\\'``, at most 31 characters, not empty)."""
    cleaned = _SHEET_FORBIDDEN.sub("_", safe_text(name)).strip() or "Sheet"
    return cleaned[:MAX_SHEET_NAME]


def cell_value(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """What to append for ``value``: numbers, dates and booleans as themselves, text as a
    string cell whatever its first character (never a formula)."""
    if value is None or isinstance(value, bool | int | dt.datetime | dt.date):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            # Excel has no time zones: the laptop's local time, as the app shows it.
            return value.astimezone().replace(tzinfo=None)
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    text = safe_text(str(value))
    if text.startswith(FORMULA_START):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl bound '=…' as a formula; text it is
        return cell
    return text


def append_row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    sheet.append([cell_value(sheet, v) for v in values])


def spool_path(out: Path, number: int = 1) -> Path:
    """Where sheet ``number`` of ``out`` is streamed before it is zipped into ``out``: beside
    it, sharing its stem (so the sweep of an interrupted export removes it too,
    :func:`homevisit.exports.sweep_abandoned`), never in the system's temp folder."""
    return out.with_name(f"{out.stem}.sheet{number}{out.suffix}")


def add_table(book: Workbook, rows: Iterable[Sequence[Any]], columns: Sequence[str],
              sheet_name: str, *, spool: Path, widths: Sequence[float] | None = None) -> int:
    """Add a sheet of ``columns`` (bold header row, frozen) and ``rows`` to a write-only
    ``book``, streamed through the file ``spool`` (see :func:`spool_path`; openpyxl removes
    it when the book is saved); returns the number of data rows."""
    sheet = book.create_sheet(sheet_title(sheet_name))
    _spool_beside(sheet, spool)
    for index, width in enumerate(widths or (), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title in columns:
        cell = WriteOnlyCell(sheet, value=safe_text(str(title)))
        cell.data_type = "s"
        cell.font = HEADER_FONT
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        append_row(sheet, row)
        count += 1
    return count


def _spool_beside(sheet: WriteOnlyWorksheet, spool: Path) -> None:
    # openpyxl streams a write-only sheet's XML through a file it names in the system temp
    # folder, where a crash would leave plaintext no sweep knows of. Handing it our own file
    # (created 0600) uses the writer's documented ``out``; openpyxl deletes it after saving.
    create_private(spool).close()
    writer = WorksheetWriter(sheet, out=str(spool))
    ALL_TEMP_FILES.append(str(spool))  # openpyxl's cleanup expects its own list to hold it
    writer.write_top()
    sheet._writer = writer


def write_table_xlsx(rows: Iterable[Sequence[Any]], columns: Sequence[str], sheet_name: str,
                     out: Path, *, widths: Sequence[float] | None = None) -> int:
    """Write one table to the XLSX file ``out`` (streamed: ``rows`` may be a generator);
    returns the number of data rows. ``out`` is written as given (created 0600): route
    exports through :func:`homevisit.reports.output.write_audited`, which hands this its
    temp file."""
    book = Workbook(write_only=True)
    spool = spool_path(out)
    try:
        count = add_table(book, rows, columns, sheet_name, spool=spool, widths=widths)
        save(book, out)
    finally:
        spool.unlink(missing_ok=True)
    return count


def write_tables_xlsx(tables: Sequence[tuple[Iterable[Sequence[Any]], Sequence[str], str]],
                      out: Path) -> int:
    """Several ``(rows, columns, sheet_name)`` tables, one sheet each, to ``out``; returns
    the number of data rows written in all. Sheet names are made unique."""
    book = Workbook(write_only=True)
    spools = [spool_path(out, number) for number in range(1, len(tables) + 1)]
    used: set[str] = set()
    count = 0
    try:
        for (rows, columns, name), spool in zip(tables, spools, strict=True):
            title = sheet_title(name)
            while title in used:
                title = sheet_title(f"{title[:27]}_{len(used) + 1}")
            used.add(title)
            count += add_table(book, rows, columns, title, spool=spool)
        save(book, out)
    finally:
        for spool in spools:
            spool.unlink(missing_ok=True)
    return count


def save(book: Workbook, out: Path) -> None:
    """Write ``book`` to ``out``, created readable by its owner only."""
    with create_private(out) as file:
        book.save(file)
