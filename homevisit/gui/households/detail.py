"""A household's detail: members, special categories, flags with evidence, visit history and
each student's growth record (资助成长档案); start or continue the visit from here.

Full ID numbers and phones appear only after the user re-enters the passphrase; the reveal
is written to the audit log (DESIGN §4).
"""

from __future__ import annotations

import html

from homevisit.changes import HOUSEHOLD_TABLES, StoreChanges
from homevisit.gui.export_flows import ExportFlow
from homevisit.gui.households.growth_view import GrowthView, code_label
from homevisit.gui.messages import error_text
from homevisit.gui.planning.appointment_dialog import AppointmentDialog
from homevisit.gui.planning.handback_dialogs import HandbackDialog
from homevisit.gui.planning.household_plan import plan_html, plan_of
from homevisit.gui.qt import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.store_changes import store_changes
from homevisit.gui.tasks import run_in_background, run_in_store
from homevisit.gui.uiload import child, load_ui
from homevisit.households.detail import HouseholdDetail, VisitLine, household_detail
from homevisit.households.growth import StudentGrowth, growth_record
from homevisit.planning.appointments_schedule import ScheduleLine
from homevisit.planning.handback import HandbackLine
from homevisit.protocol.vocabulary import DelegationKind
from homevisit.reauth import REVEAL_SECONDS
from homevisit.workspace import Workspace


class HouseholdDetailDialog(QDialog):
    """Emits :attr:`visit_requested` with the household id."""

    visit_requested = Signal(str)
    loaded = Signal(object)
    growth_loaded = Signal(object)

    def __init__(self, workspace: Workspace, household_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.household_id = household_id
        self.detail: HouseholdDetail | None = None
        self.revealed = False
        # Revealed numbers hide again after a minute (DESIGN §4); the shell closes this
        # dialog at lock, which hides them too.
        self.hide_timer = QTimer(self)
        self.hide_timer.setSingleShot(True)
        self.hide_timer.setInterval(REVEAL_SECONDS * 1000)
        self.hide_timer.timeout.connect(self.hide_numbers)
        self.setWindowTitle(self.tr("Household"))
        self.resize(860, 580)
        root = load_ui("household_detail", self)
        self.address = child(root, QLabel, "addressLabel")
        self.due = child(root, QLabel, "dueLabel")
        self.categories = child(root, QLabel, "categoriesLabel")
        self.members = child(root, QTableWidget, "membersTable")
        self.flags = child(root, QTextBrowser, "flagsText")
        self.visits = child(root, QTableWidget, "visitsTable")
        self._add_print_row(root)
        # The growth record's timeline replaces the .ui's placeholder text browser.
        placeholder = child(root, QTextBrowser, "growthText")
        growth_tab = child(root, QWidget, "growthTab")
        self.growth = GrowthView(growth_tab)
        self.growth.set_source(workspace, household_id)
        growth_layout = growth_tab.layout()
        assert growth_layout is not None  # the .ui gives the tab its layout
        growth_layout.replaceWidget(placeholder, self.growth)
        placeholder.hide()
        placeholder.setParent(None)
        placeholder.deleteLater()
        self.visit_button = child(root, QPushButton, "visitButton")
        self.appointment_button = child(root, QPushButton, "appointmentButton")
        self.handback_button = child(root, QPushButton, "handbackButton")
        self.plan = child(root, QTextBrowser, "planText")
        self.appointment_button.clicked.connect(self.set_appointment)
        self.handback_button.clicked.connect(self.hand_back)
        self._planning: QDialog | None = None
        self.reveal_button = child(root, QPushButton, "revealButton")
        # A failed reveal says why beside the button; the button keeps its label.
        self.reveal_error = child(root, QLabel, "revealError")
        self.reveal_error.hide()
        child(root, QPushButton, "closeButton").clicked.connect(self.close)
        self.visit_button.clicked.connect(lambda: self.visit_requested.emit(household_id))
        self.delegate_button = child(root, QPushButton, "delegateButton")
        self.delegate_button.clicked.connect(self.ask_delegation)
        self.reveal_button.clicked.connect(self.ask_reveal)
        self._statuses = {
            "draft": self.tr("In progress"), "finalized": self.tr("Finalized"),
            "submitted": self.tr("Submitted"), "approved": self.tr("Approved"),
            "returned": self.tr("Returned"), "revised": self.tr("Revised"),
            "open": self.tr("Open"), "explained": self.tr("Explained"),
            "confirmed": self.tr("Confirmed"), "dismissed": self.tr("Dismissed"),
            "public_employee": self.tr("Public-finance employee"),
            "corporate_officer": self.tr("Corporate officer"),
            "roster": self.tr("Roster match"), "device": self.tr("Visit answers"),
            "supervisor": self.tr("Supervisor"),
        }
        # Reload when a write anywhere (the wizard, a sync) touched this household.
        store_changes(workspace.store).changed.connect(self._store_changed)
        self.load()

    def _store_changed(self, changed: StoreChanges) -> None:
        if changed.touches(*HOUSEHOLD_TABLES) and changed.touches_household(self.household_id):
            self.revealed = False  # the reload shows masked numbers again
            self.load()

    def load(self) -> None:
        """Read the household (again), and its appointments and hand-backs."""
        household_id = self.household_id
        run_in_store(self._workspace.store, lambda s: household_detail(s, household_id),
                     self._show, self._failed, owner=self)
        run_in_store(self._workspace.store, lambda s: growth_record(s, self.household_id),
                     self._show_growth, self._failed, owner=self)
        run_in_store(self._workspace.store, lambda s: plan_of(s, household_id),
                     self._show_plan, self._failed, owner=self)

    def _show_growth(self, records: list[StudentGrowth]) -> None:
        self.growth.show_records(records)
        self.growth_loaded.emit(records)

    # --- appointments and hand-backs (issue 19) --------------------------------------------

    def _show_plan(self, plan: tuple[list[ScheduleLine], list[HandbackLine]]) -> None:
        self.plan.setHtml(plan_html(*plan))
        waiting = any(h.status == "requested" for h in plan[1])
        self.handback_button.setEnabled(not waiting)

    def set_appointment(self) -> None:
        self._planning = AppointmentDialog(self._workspace, self.household_id, parent=self)
        self._planning.open()

    def hand_back(self) -> None:
        self._planning = HandbackDialog(self._workspace, self.household_id, self)
        self._planning.open()

    def _failed(self, error: BaseException) -> None:
        self.address.setText(error_text(error))

    def _word(self, code: str) -> str:
        return self._statuses.get(code, code)

    def _show(self, detail: HouseholdDetail) -> None:
        self.detail = detail
        self.address.setText(detail.address)
        self.due.setText(detail.due_date.isoformat() if detail.due_date else self.tr("—"))
        labels = [code_label("special-categories", c) for c in detail.special_categories]
        self.categories.setText("、".join(labels) or self.tr("None"))
        self._fill(self.members, [
            self.tr("Name"), self.tr("Relation"), self.tr("ID number"), self.tr("Phone"),
            self.tr("Health"), self.tr("Occupation"), self.tr("Employer")],
            [[m.name + (self.tr(" (guardian)") if m.is_guardian else "")
              + (self.tr(" (student)") if m.is_student else ""),
              code_label("relations", m.relation), m.id_number, m.phone,
              code_label("health", m.health),
              code_label("occupations", m.occupation), m.employer] for m in detail.members])
        self._fill(self.visits, [self.tr("Status"), self.tr("Version"), self.tr("Started"),
                                 self.tr("Recommended level"), self.tr("Score"),
                                 self.tr("Visitors"), self.tr("Delegated by")],
                   [[self._word(v.status), str(v.version),
                     v.started_at.astimezone().strftime("%Y-%m-%d") if v.started_at else "",
                     code_label("levels", v.recommended_level or ""),
                     "" if v.score is None else f"{v.score:g}",
                     "、".join(v.visitors), v.delegated_by_office or ""]
                    for v in detail.visits])
        self.flags.setHtml(self._flags_html(detail))
        self.visit_button.setText(self.tr("Continue &visit") if detail.open_visit_id
                                  else self.tr("Start &visit"))
        self.loaded.emit(detail)

    def _fill(self, table: QTableWidget, headers: list[str], rows: list[list[str]]) -> None:
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()

    def _flags_html(self, detail: HouseholdDetail) -> str:
        if not detail.flags:
            return _p(self.tr("No flags."))
        source, evidence = self.tr("Source"), self.tr("Evidence")
        ask, explanation = self.tr("Ask"), self.tr("Explanation")
        parts = []
        for flag in detail.flags:
            parts.append(f"<h4>{_e(self._word(flag.category))} · {_e(self._word(flag.status))}"
                         f"</h4><p>{_e(source)}: {_e(self._word(flag.source))}"
                         f"<br>{_e(evidence)}: {_e(flag.evidence)}")
            if flag.question:
                parts.append(f"<br>{_e(ask)}: {_e(flag.question)}")
            if flag.explanation:
                parts.append(f"<br>{_e(explanation)}: {_e(flag.explanation)}")
            parts.append("</p>")
        return "".join(parts)

    # --- print ----------------------------------------------------------------------------

    def _add_print_row(self, root: QWidget) -> None:
        """Below the visit history: print the chosen visit's record (a finalized version)."""
        row = QHBoxLayout()
        self.print_note = QLabel(root)
        self.print_note.setObjectName("printNote")
        self.print_note.setWordWrap(True)
        self.print_button = QPushButton(self.tr("&Print visit record…"), root)
        self.print_button.setObjectName("printRecord")
        self.print_button.setEnabled(False)
        row.addWidget(self.print_note, 1)
        row.addWidget(self.print_button)
        tab = self.visits.parentWidget()
        layout = tab.layout() if tab is not None else None
        assert isinstance(layout, QVBoxLayout)  # ui/household_detail.ui: visitsLayout
        layout.addLayout(row)
        self.exports = ExportFlow(self._workspace, self)
        self.exports.done.connect(self.print_note.setText)
        self.exports.failed.connect(self.print_note.setText)
        self.print_button.clicked.connect(self.print_selected)
        self.visits.itemSelectionChanged.connect(self._print_enabled)

    def _selected_line(self) -> VisitLine | None:
        row = self.visits.currentRow()
        lines = self.detail.visits if self.detail is not None else []
        return lines[row] if 0 <= row < len(lines) else None

    def _print_enabled(self) -> None:
        line = self._selected_line()
        self.print_button.setEnabled(line is not None and line.version > 0)

    def print_selected(self) -> None:
        line = self._selected_line()
        if line is not None and line.version > 0:
            self.exports.print_record(line.id, line.version)

    # --- joint and delegated visits -----------------------------------------------------

    def ask_delegation(self) -> None:
        """请求联合/委托家访: ask a colleague to visit together or instead."""
        from homevisit.gui.planning.delegation_dialogs import DelegationRequestDialog

        account = self._workspace.account
        address = self.detail.address if self.detail is not None else ""
        self.delegation_dialog = DelegationRequestDialog(
            self._workspace, account.username if account else "", [(self.household_id, address)],
            (DelegationKind.JOINT, DelegationKind.INSTEAD), self)
        self.delegation_dialog.open()

    # --- reveal ----------------------------------------------------------------------------

    def ask_reveal(self) -> None:
        if self._workspace.reauth.fresh():  # passphrase entered within the grace period
            self.reveal(None)
            return
        passphrase, ok = QInputDialog.getText(
            self, self.tr("Show full numbers"),
            self.tr("Enter your passphrase to show full ID numbers and phones. "
                    "This is recorded."), QLineEdit.EchoMode.Password)
        if ok and passphrase:
            self.reveal(passphrase)

    def reveal(self, passphrase: str | None) -> None:
        """Re-authenticate, audit and read full numbers (the workspace does all three, off
        the GUI thread), then show them."""
        workspace, household_id = self._workspace, self.household_id

        def revealed(detail: HouseholdDetail) -> None:
            self.revealed = True
            self.reveal_error.hide()
            self._show(detail)
            self.hide_timer.start()

        run_in_background(lambda: workspace.reveal_household(household_id, passphrase),
                          revealed, self._failed_reveal, owner=self)

    def hide_numbers(self) -> None:
        """Back to masked numbers (read again from the store, masked)."""
        self.hide_timer.stop()
        self.revealed = False
        self.load()

    def _failed_reveal(self, error: BaseException) -> None:
        self.reveal_error.setText(error_text(error))
        self.reveal_error.show()


def _e(text: str) -> str:
    return html.escape(text)


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"
