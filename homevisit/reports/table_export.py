"""Any table as XLSX the way plaintext leaves the app (issue 18, item 3): the dashboard's
tables, or any other list a page shows. Re-authenticated, audited first, temp file and
rename, streamed (:func:`homevisit.reports.xlsx.write_table_xlsx`).

    export_table(workspace, rows, ["乡镇", "家访户数"], "各乡镇家访", out,
                 kind="dashboard_townships")

The rows are written as given: mask ID numbers and phones before passing them (a
dashboard's tables are counts and shares, so they carry none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from homevisit.reports.output import write_audited
from homevisit.reports.xlsx import write_table_xlsx
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
