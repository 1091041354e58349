"""How plaintext leaves the app from the supervisor's and counselor's pages: the review list
and the dashboard's tables as XLSX, a visit record as PDF (the print artifact). Each asks with
:class:`ExportDialog`, then writes off the GUI thread through the core
(:mod:`homevisit.reports.visit_export`, :mod:`homevisit.reports.visit_record`), which
re-authenticates and audits before any byte is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from homevisit.gui.export_dialog import ExportChoice, ExportDialog
from homevisit.gui.messages import core_language, error_text
from homevisit.gui.qt import QObject, QWidget, Signal
from homevisit.gui.tasks import run_in_background, run_in_store
from homevisit.reports.dashboard import Dashboard
from homevisit.reports.table_export import export_dashboard
from homevisit.reports.visit_export import export_visits, full_ids_allowed
from homevisit.reports.visit_record import write_visit_record
from homevisit.review.queue import QueueFilter, QueueSort
from homevisit.workspace import Workspace


class ExportFlow(QObject):
    """Runs one export or print at a time for ``parent`` (a page or window)."""

    done = Signal(str)  # a sentence for the user
    failed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._parent = parent
        self.dialog: ExportDialog | None = None

    # --- the review list -------------------------------------------------------------------

    def export_queue(self, chosen: QueueFilter, sort: QueueSort) -> None:
        """Ask where and how, then export the visits ``chosen`` picks, in ``sort`` order."""
        run_in_store(self._workspace.store, full_ids_allowed,
                     lambda allowed: self._ask_queue(chosen, sort, allowed),
                     lambda error: self.failed.emit(error_text(error)), owner=self)

    def _ask_queue(self, chosen: QueueFilter, sort: QueueSort, allowed: bool) -> None:
        note = self.tr("Full ID numbers and phones are not offered: the server's policy "
                       "does not allow your role to export them. Ask your administrator "
                       "if your office needs them.")
        self._open(ExportDialog(self._parent, title=self.tr("Export the review list"),
                                suggested=str(Path.home() / "家访列表.xlsx"),
                                file_filter="Excel (*.xlsx)", full_ids_allowed=allowed,
                                full_ids_note=note, fresh=self._workspace.reauth.fresh()),
                   lambda choice: self._export_queue(chosen, sort, choice))

    def _export_queue(self, chosen: QueueFilter, sort: QueueSort,
                      choice: ExportChoice) -> None:
        workspace, lang = self._workspace, core_language()
        run_in_background(
            lambda: export_visits(workspace, choice.out, chosen, sort,
                                  full_ids=choice.full_ids, passphrase=choice.passphrase,
                                  lang=lang),
            lambda count: self.done.emit(self.tr("%1 visits exported to %2.")
                                         .replace("%1", str(count))
                                         .replace("%2", choice.out.name)),
            lambda error: self.failed.emit(error_text(error)), owner=self)

    # --- a visit record --------------------------------------------------------------------

    def print_record(self, visit_id: str, version: int | None = None) -> None:
        """Ask where and how, then print the visit's record to a PDF."""
        self._open(ExportDialog(self._parent, title=self.tr("Print visit record"),
                                suggested=str(Path.home() / "家访记录.pdf"),
                                file_filter="PDF (*.pdf)", full_ids_allowed=True,
                                full_ids_note="", fresh=self._workspace.reauth.fresh()),
                   lambda choice: self._print(visit_id, version, choice))

    def _print(self, visit_id: str, version: int | None, choice: ExportChoice) -> None:
        workspace, lang = self._workspace, core_language()
        run_in_background(
            lambda: write_visit_record(workspace, visit_id, choice.out, version=version,
                                       full_ids=choice.full_ids,
                                       passphrase=choice.passphrase, lang=lang),
            lambda path: self.done.emit(self.tr("The visit record was saved as %1.")
                                        .replace("%1", path.name)),
            lambda error: self.failed.emit(error_text(error)), owner=self)

    # --- the dashboard's tables -----------------------------------------------------------

    def export_dashboard(self, board: Dashboard, category_titles: dict[str, str]) -> None:
        """Ask where, then write every table of the dashboard (one sheet per chart)."""
        self._open(ExportDialog(self._parent, title=self.tr("Export the dashboard's tables"),
                                suggested=str(Path.home() / "家访统计.xlsx"),
                                file_filter="Excel (*.xlsx)", full_ids_allowed=False,
                                full_ids_note="", fresh=self._workspace.reauth.fresh(),
                                offer_full_ids=False),
                   lambda choice: self._export_dashboard(board, category_titles, choice))

    def _export_dashboard(self, board: Dashboard, category_titles: dict[str, str],
                          choice: ExportChoice) -> None:
        workspace, lang = self._workspace, core_language()
        run_in_background(
            lambda: export_dashboard(workspace, board, category_titles, choice.out,
                                     lang=lang, passphrase=choice.passphrase),
            lambda _rows: self.done.emit(self.tr("The dashboard's tables were saved as %1.")
                                         .replace("%1", choice.out.name)),
            lambda error: self.failed.emit(error_text(error)), owner=self)

    # ---------------------------------------------------------------------------------------

    def _open(self, dialog: ExportDialog, then: Callable[[ExportChoice], None]) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog

        def accepted() -> None:
            choice = dialog.choice()
            dialog.passphrase.clear()
            then(choice)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()  # window-modal, not a nested event loop: tests and users drive it

    def _closed(self, dialog: ExportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
