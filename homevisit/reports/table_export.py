"""Any table as XLSX the way plaintext leaves the app (issue 18, item 3): the dashboard's
tables, or any other list a page shows. Re-authenticated, audited first, temp file and
rename, streamed (:func:`homevisit.reports.xlsx.write_table_xlsx`).

    export_table(workspace, rows, ["乡镇", "家访户数"], "各乡镇家访", out,
                 kind="dashboard_townships")

The rows are written as given: mask ID numbers and phones before passing them (a
dashboard's tables are counts and shares, so they carry none). :func:`export_dashboard`
writes every table of the dashboard, one sheet per chart, as the page shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from homevisit.reports.dashboard import Chart, Dashboard
from homevisit.reports.output import write_audited
from homevisit.reports.xlsx import write_table_xlsx, write_tables_xlsx
from homevisit.workspace import Workspace


def export_table(workspace: Workspace, rows: Iterable[Sequence[Any]], columns: Sequence[str],
                 sheet_name: str, out: Path, *, kind: str, passphrase: str | None = None,
                 widths: Sequence[float] | None = None) -> int:
    """Write ``rows`` under ``columns`` to ``out`` (XLSX); returns the row count.
    ``kind`` is a code for the audit log (e.g. ``"dashboard_levels"``). Re-authenticates
    (``passphrase``, or None within the grace period; runs the KDF: call it off the GUI
    thread)."""
    workspace.reauth.confirm(passphrase)
    written = 0

    def write(temp: Path) -> None:
        nonlocal written
        written = write_table_xlsx(rows, columns, sheet_name, temp, widths=widths)

    write_audited(workspace.store, actor=workspace.actor, out=out, entity="report",
                  entity_id=None, detail={"kind": kind}, write=write)
    return written


def chart_table(chart: Chart, category_title: str, lang: str
                ) -> tuple[list[list[Any]], list[str]]:
    """A chart's numbers as the dashboard's table shows them: a row per category, a column
    per series, then the table-only columns."""
    columns = [category_title or chart.title.in_language(lang),
               *(s.name.in_language(lang) for s in chart.series),
               *(c.in_language(lang) for c in chart.extra_columns)]
    rows = []
    for index, category in enumerate(chart.categories):
        extra = chart.extra_cells[index] if index < len(chart.extra_cells) else ()
        rows.append([category, *(s.values[index] for s in chart.series), *extra])
    return rows, columns


def export_dashboard(workspace: Workspace, board: Dashboard, category_titles: dict[str, str],
                     out: Path, *, lang: str, passphrase: str | None = None) -> int:
    """Every chart's table of ``board`` to ``out`` (one sheet per chart, named by its
    title); returns the number of rows. Re-authenticated and audited first."""
    workspace.reauth.confirm(passphrase)
    tables = []
    for chart in board.charts:
        rows, columns = chart_table(chart, category_titles.get(chart.key, ""), lang)
        tables.append((rows, columns, chart.title.in_language(lang)))
    written = 0

    def write(temp: Path) -> None:
        nonlocal written
        written = write_tables_xlsx(tables, temp)

    write_audited(workspace.store, actor=workspace.actor, out=out, entity="report",
                  entity_id=None, write=write,
                  detail={"kind": "dashboard", "sheets": len(tables)})
    return written
