"""委托与提议 / Requests: joint and delegated visits and proposed households, for counselors
and supervisors alike.

- Counselor: the requests asked of them (answer), their own requests (withdraw), their
  proposals with the supervisor's decision and reason, and 提议新家庭.
- Supervisor: requests asked of their office (accept and name a counselor, or decline),
  委托家访 to another office for a household of theirs, and the proposals to decide.

Lists are short (open requests and proposals), so item tables serve; everything is read
and written on the store worker, and the page reloads when a sync or a dialog wrote them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.account import AccountInfo
from homevisit.changes import StoreChanges
from homevisit.gui.messages import core_language, error_text
from homevisit.gui.planning.delegation_dialogs import (
    DelegationAnswerDialog,
    DelegationRequestDialog,
)
from homevisit.gui.planning.proposal_dialogs import ProposalDecisionDialog, ProposalDialog
from homevisit.gui.qt import (
    QGroupBox,
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
from homevisit.gui.store_changes import store_changes
from homevisit.gui.tasks import run_in_store
from homevisit.model import Household
from homevisit.planning import delegation, proposals
from homevisit.planning.delegation import DelegationRow
from homevisit.planning.proposals import REASON_LABELS, ProposalRow
from homevisit.protocol.vocabulary import (
    DelegationKind,
    DelegationStatus,
    ProposalReason,
    ProposalStatus,
    Role,
)
from homevisit.workspace import Workspace

TABLES = ("delegations", "proposals", "households")


def _load(session: Session, me: AccountInfo) -> tuple[list[DelegationRow], list[ProposalRow]]:
    delegations = delegation.open_delegations(session, tuple(DelegationStatus))
    if me.role is Role.SUPERVISOR:
        shown = proposals.listing(session, (ProposalStatus.PROPOSED,))
    else:
        shown = proposals.listing(session, proposed_by=me.username)
    return delegations, shown


def _own_households(session: Session) -> list[tuple[str, str]]:
    return [(h.id, h.address) for h in session.scalars(
        select(Household).where(Household.deleted.is_(False)).order_by(Household.address))]


class RequestsPage(QWidget):
    loaded = Signal()

    def __init__(self, workspace: Workspace, account: AccountInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestsPage")
        self.workspace, self.account = workspace, account
        self.delegations: list[DelegationRow] = []
        self.proposals: list[ProposalRow] = []
        supervisor = account.role is Role.SUPERVISOR
        self._words = {
            "requested": self.tr("Requested"), "accepted": self.tr("Accepted"),
            "declined": self.tr("Declined"), "ended": self.tr("Ended"),
            "proposed": self.tr("Waiting for decision"),
            "joint": self.tr("Joint visit"), "instead": self.tr("Visit instead"),
            "office": self.tr("Office delegation (委托家访)"),
        }
        root = QVBoxLayout(self)
        box = QGroupBox(self.tr("Joint and delegated visits"), self)
        inner = QVBoxLayout(box)
        self.delegation_table = self._table(box, "delegationTable")
        inner.addWidget(self.delegation_table)
        buttons = QHBoxLayout()
        self.answer_button = self._button(box, "answerButton", self.tr("&Answer…"),
                                          self._answer, buttons)
        self.withdraw_button = self._button(box, "withdrawButton", self.tr("&Withdraw"),
                                            self._withdraw, buttons)
        self.delegate_button = self._button(
            box, "delegateButton", self.tr("Ask another &office to visit…"), self._delegate,
            buttons)
        self.delegate_button.setVisible(supervisor)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        root.addWidget(box, 1)

        box = QGroupBox(self.tr("Proposed households to decide") if supervisor
                        else self.tr("My proposed households"), self)
        inner = QVBoxLayout(box)
        self.proposal_table = self._table(box, "proposalTable")
        inner.addWidget(self.proposal_table)
        buttons = QHBoxLayout()
        self.decide_button = self._button(box, "decideButton", self.tr("&Decide…"),
                                          self._decide, buttons)
        self.decide_button.setVisible(supervisor)
        self.propose_button = self._button(box, "proposeButton",
                                           self.tr("&Propose a household…"), self.propose,
                                           buttons)
        self.propose_button.setVisible(not supervisor)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        root.addWidget(box, 1)
        self.status = QLabel(self)
        self.status.setObjectName("requestsStatus")
        self.status.setWordWrap(True)
        root.addWidget(self.status)
        self.delegation_table.itemSelectionChanged.connect(self._selection_changed)
        self.proposal_table.itemSelectionChanged.connect(self._selection_changed)
        store_changes(workspace.store).changed.connect(self._store_changed)
        self.load()

    # --- building --------------------------------------------------------------------------

    def _table(self, parent: QWidget, name: str) -> QTableWidget:
        table = QTableWidget(parent)
        table.setObjectName(name)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        return table

    def _button(self, parent: QWidget, name: str, text: str, slot, row: QHBoxLayout):
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _fill(self, table: QTableWidget, headers: list[str], rows: list[list[str]]) -> None:
        table.clearContents()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    # --- loading ---------------------------------------------------------------------------

    def _store_changed(self, changed: StoreChanges) -> None:
        if changed.touches(*TABLES):
            self.load()

    def load(self) -> None:
        me = self.account
        run_in_store(self.workspace.store, lambda s: _load(s, me), self._show,
                     self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(error_text(error))

    def _word(self, code: str) -> str:
        return self._words.get(code, code)

    def _show(self, loaded: tuple[list[DelegationRow], list[ProposalRow]]) -> None:
        self.delegations, self.proposals = loaded
        pending = self.tr("(waiting to sync)")
        self._fill(self.delegation_table, [
            self.tr("Household"), self.tr("Kind"), self.tr("Status"), self.tr("Asked by"),
            self.tr("Person asked"), self.tr("Note or reason")],
            [[d.address or "—", self._word(d.kind), self._word(d.status)
              + ("" if d.synced else f" {pending}"),
              " · ".join(x for x in (d.requested_by, d.delegating_office) if x) or "—",
              d.delegate + (f" → {d.assignee}" if d.assignee else ""),
              d.decline_reason or d.note] for d in self.delegations])
        lang = core_language()
        self._fill(self.proposal_table, [
            self.tr("Address"), self.tr("Code"), self.tr("Contact"), self.tr("Why"),
            self.tr("Status"), self.tr("Decision reason")],
            [[p.address, p.region_code, p.contact_name,
              "、".join(REASON_LABELS[ProposalReason(r)].in_language(lang) for r in p.reasons
                       if r in ProposalReason.__members__.values()),
              self._word(p.status) + ("" if p.synced else f" {pending}"),
              p.decision_reason or ""] for p in self.proposals])
        self._selection_changed()
        self.loaded.emit()

    def _selected(self, table: QTableWidget, rows: list):
        picked = table.selectionModel().selectedRows() if table.selectionModel() else []
        return rows[picked[0].row()] if picked and picked[0].row() < len(rows) else None

    def selected_delegation(self) -> DelegationRow | None:
        return self._selected(self.delegation_table, self.delegations)

    def selected_proposal(self) -> ProposalRow | None:
        return self._selected(self.proposal_table, self.proposals)

    def _selection_changed(self) -> None:
        me, row = self.account.username, self.selected_delegation()
        answerable = withdrawable = False
        if row is not None and row.status in (DelegationStatus.REQUESTED,
                                              DelegationStatus.ACCEPTED):
            answerable = row.delegate == me and row.status == DelegationStatus.REQUESTED
            withdrawable = row.requested_by in (me, None) and row.delegate != me
        self.answer_button.setEnabled(answerable)
        self.withdraw_button.setEnabled(withdrawable)
        proposal = self.selected_proposal()
        self.decide_button.setEnabled(proposal is not None and proposal.synced
                                      and proposal.status == ProposalStatus.PROPOSED)

    # --- actions ---------------------------------------------------------------------------

    def _open(self, dialog) -> None:
        dialog.saved.connect(lambda _id: self.load())
        dialog.open()
        self.dialog = dialog  # kept for tests and so it is not collected while open

    def _answer(self) -> None:
        row = self.selected_delegation()
        if row is not None:
            self._open(DelegationAnswerDialog(self.workspace, self.account.username, row, self))

    def _withdraw(self) -> None:
        row = self.selected_delegation()
        if row is None:
            return
        me = self.account.username
        run_in_store(self.workspace.store,
                     lambda s: delegation.withdraw(s, row.id, actor=me).id,
                     lambda _id: self.load(), self._failed, owner=self)

    def _delegate(self) -> None:
        run_in_store(self.workspace.store, _own_households, self._ask_office,
                     self._failed, owner=self)

    def _ask_office(self, households: list[tuple[str, str]]) -> None:
        if not households:
            self.status.setText(self.tr("Sync first: no household of your office is on this "
                                        "computer yet."))
            return
        self._open(DelegationRequestDialog(self.workspace, self.account.username, households,
                                           (DelegationKind.OFFICE,), self))

    def _decide(self) -> None:
        row = self.selected_proposal()
        if row is not None:
            self._open(ProposalDecisionDialog(self.workspace, self.account.username, row,
                                              self))

    def propose(self) -> None:
        self._open(ProposalDialog(self.workspace, self.account.username,
                                  self.account.region_code or "", self))

    def clear(self) -> None:
        self.delegations, self.proposals = [], []
        self.delegation_table.setRowCount(0)
        self.proposal_table.setRowCount(0)
