"""The growth record (资助成长档案) as a timeline: pick a student, see the level recognised
each school year, the aid received and every event in date order — visits, levels, aid,
loan help-desk cases and notes. Shared by the counselor's household detail and the
supervisor's review view; the data is :func:`homevisit.households.growth.growth_record`,
read on the store worker by the owner. "Print…" writes the shown student's record through
the PDF module (:mod:`homevisit.reports.growth_record`): passphrase, audit, then the file.
"""

from __future__ import annotations

from pathlib import Path

from homevisit.errors import HomevisitError
from homevisit.gui.export_dialog import ExportDialog
from homevisit.gui.messages import core_language, error_text
from homevisit.gui.qt import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_background
from homevisit.households.growth import (
    KIND_LABELS,
    EventKind,
    GrowthEvent,
    StudentGrowth,
    school_year_text,
    yuan,
)
from homevisit.reports.growth_record import write_growth_record
from homevisit.workspace import Workspace


def code_label(codelist: str, code: str) -> str:
    """The label of ``code`` in the app's language; the code itself if unknown (records
    from the server may carry labels already)."""
    if not code:
        return ""
    from homevisit.visits.codelists import load_codelist  # jsonschema: only when a detail opens

    try:
        codes = load_codelist(codelist)
    except HomevisitError:
        return code
    found = codes.get(code)
    return found.label.in_language(core_language()) if found else code


class GrowthView(QWidget):
    """Prints the shown student's record (re-authenticated, audited) once the owner has
    named the household with :meth:`set_source`; emits :attr:`printed` with the file."""

    printed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[StudentGrowth] = []
        self._workspace: Workspace | None = None
        self._household_id = ""
        self.dialog: ExportDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.student_label = QLabel(self.tr("Student:"))
        self.students = QComboBox()
        self.students.setObjectName("growthStudents")
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("growthPrint")
        self.print_button.setToolTip(self.tr("Print the growth record"))
        self.print_button.clicked.connect(self.ask_print)
        top.addWidget(self.student_label)
        top.addWidget(self.students, 1)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.print_note = QLabel()
        self.print_note.setObjectName("growthPrintNote")
        self.print_note.setWordWrap(True)
        self.print_note.hide()
        layout.addWidget(self.print_note)
        self.levels = QLabel()
        self.levels.setObjectName("growthLevels")
        self.levels.setWordWrap(True)
        self.aid_total = QLabel()
        self.aid_total.setObjectName("growthAidTotal")
        self.empty = QLabel(self.tr("None yet."))
        self.empty.setObjectName("growthEmpty")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("growthTimeline")
        self.table.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("School year"), self.tr("What"), self.tr("Details"),
            self.tr("Amount")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for widget in (self.levels, self.aid_total, self.empty, self.table):
            layout.addWidget(widget)
        self.students.currentIndexChanged.connect(self._show_student)
        self.show_records([])

    def show_records(self, records: list[StudentGrowth]) -> None:
        """Show these students' records (the first one selected)."""
        self.records = records
        self.students.blockSignals(True)
        self.students.clear()
        for record in records:
            self.students.addItem(" ".join(p for p in (record.name, record.school,
                                                       record.grade) if p), record.student_id)
        self.students.blockSignals(False)
        self.student_label.setVisible(bool(records))
        self.students.setVisible(bool(records))
        self.print_button.setVisible(bool(records) and self._workspace is not None)
        if not records:
            self.empty.setText(self.tr("No student recorded in this household."))
        self._show_student(0 if records else -1)

    def set_source(self, workspace: Workspace, household_id: str) -> None:
        """The household shown (printing reads it again from the store)."""
        self._workspace, self._household_id = workspace, household_id

    # --- printing --------------------------------------------------------------------------

    def ask_print(self) -> None:
        """Where to save the PDF and, when the last one is not fresh, the passphrase: the
        export dialog every print uses (window-modal; full numbers are never offered)."""
        record, workspace = self.current(), self._workspace
        if record is None or workspace is None:
            return
        if self.dialog is not None:
            self.dialog.close()
        dialog = ExportDialog(
            self, title=self.tr("Print the growth record"),
            suggested=str(Path.home() / "成长档案.pdf"),  # no name in a file name
            file_filter="PDF (*.pdf)", full_ids_allowed=False,
            full_ids_note=self.tr("The growth record shows ID numbers masked; printing is "
                                  "recorded in the audit log."),
            fresh=workspace.reauth.fresh())
        self.dialog = dialog

        def accepted() -> None:
            choice = dialog.choice()
            dialog.passphrase.clear()
            self.print_to(choice.out, choice.passphrase)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: ExportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def print_to(self, out: Path, passphrase: str | None = None) -> None:
        """Re-authenticate, audit and write the shown student's record (off the GUI thread)."""
        record, workspace = self.current(), self._workspace
        if record is None or workspace is None:
            return
        household_id, lang = self._household_id, core_language()
        self.print_button.setEnabled(False)
        run_in_background(
            lambda: write_growth_record(workspace, household_id, record.student_id, out,
                                        lang=lang, passphrase=passphrase),
            self._printed, self._print_failed, owner=self)

    def _printed(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.print_note.setText(self.tr("Saved to %1").replace("%1", str(path)))
        self.print_note.setStyleSheet("")
        self.print_note.show()
        self.printed.emit(path)

    def _print_failed(self, error: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.print_note.setText(error_text(error))
        self.print_note.setStyleSheet("color: #b3261e;")
        self.print_note.show()

    def current(self) -> StudentGrowth | None:
        index = self.students.currentIndex()
        return self.records[index] if 0 <= index < len(self.records) else None

    def _show_student(self, _index: int) -> None:
        record = self.current()
        has_events = record is not None and not record.is_empty
        if record is not None and record.is_empty:
            self.empty.setText(self.tr("None yet."))
        self.empty.setVisible(not has_events)
        for widget in (self.levels, self.aid_total, self.table):
            widget.setVisible(has_events)
        if record is None or not has_events:
            self.table.setRowCount(0)
            return
        years = "　".join(f"{school_year_text(y)}：{code_label('levels', level)}"
                         for y, level in record.levels_by_year)
        self.levels.setText(self.tr("Level by school year: %1").replace(
            "%1", years or self.tr("none recognised yet")))
        self.aid_total.setText(self.tr("Aid received: %1").replace(
            "%1", yuan(record.aid_total_fen)))
        self.table.setRowCount(len(record.events))
        for row, event in enumerate(record.events):
            cells = [event.day.isoformat() if event.day else "",
                     school_year_text(event.school_year) if event.school_year else "",
                     self._what(event), self._details(event),
                     yuan(event.amount_fen) if event.amount_fen is not None else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long note is elided in its cell
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def _what(self, event: GrowthEvent) -> str:
        label = KIND_LABELS.get(event.code if event.kind in (
            EventKind.AID, EventKind.LEVEL, EventKind.HELPDESK) else event.kind)
        return label.in_language(core_language()) if label else event.code

    def _details(self, event: GrowthEvent) -> str:
        words = {
            "draft": self.tr("In progress"), "finalized": self.tr("Finalized"),
            "submitted": self.tr("Submitted"), "approved": self.tr("Approved"),
            "returned": self.tr("Returned"), "revised": self.tr("Revised"),
            "first": self.tr("First loan"), "renewal": self.tr("Renewal"),
            "accepted": self.tr("Accepted"), "documents_missing": self.tr("Documents missing"),
            "referred": self.tr("Referred"),
        }
        if event.kind == EventKind.VISIT:
            parts = [words.get(event.code, event.code),
                     code_label("levels", event.level or "")]
        elif event.kind == EventKind.LEVEL:
            parts = [code_label("levels", event.level or "") + self.tr("(visit approved)")]
        elif event.kind == EventKind.HELPDESK:
            parts = [event.text, words.get(event.loan_type or "", ""),
                     words.get(event.outcome or "", "")]
        else:
            parts = [event.text, event.note]
        return " · ".join(p for p in parts if p)
