"""Asking someone else to visit (请求联合/委托家访) and answering such a request.

A counselor asks a colleague to visit together (联合家访) or instead (代为家访); a supervisor
asks another office or county (委托家访), whose supervisor accepts and names the counselor
who goes, or declines with a reason. Each writes through :mod:`homevisit.planning.delegation`
(the record with its outbox row, pushed at the next sync)."""

from __future__ import annotations

from homevisit.gui.planning.common import HINT_STYLE, PlanningDialog, editor
from homevisit.gui.qt import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)
from homevisit.planning import delegation
from homevisit.planning.delegation import DelegationRow
from homevisit.protocol.vocabulary import DelegationKind
from homevisit.workspace import Workspace


class DelegationRequestDialog(PlanningDialog):
    """``households``: (id, address) to choose from; one entry: that household, fixed."""

    def __init__(self, workspace: Workspace, actor: str, households: list[tuple[str, str]],
                 kinds: tuple[DelegationKind, ...], parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("Send &request"), parent)
        self.actor = actor
        self.setWindowTitle(self.tr("Ask for a joint or delegated visit"))
        form = QFormLayout()
        self.household = QComboBox(self)
        self.household.setObjectName("householdChoice")
        for household_id, address in households:
            self.household.addItem(address, household_id)
        self.household.setEnabled(len(households) > 1)
        form.addRow(self.tr("Household"), self.household)
        labels = {
            DelegationKind.JOINT: self.tr("Visit together with a colleague (joint visit)"),
            DelegationKind.INSTEAD: self.tr("A colleague visits instead of me"),
            DelegationKind.OFFICE: self.tr("Another office or county visits on our behalf"),
        }
        self.kind_group = QButtonGroup(self)
        kind_box = QWidget(self)
        kind_rows = QFormLayout(kind_box)
        kind_rows.setContentsMargins(0, 0, 0, 0)
        for number, kind in enumerate(kinds):
            button = QRadioButton(labels[kind], kind_box)
            button.setObjectName(f"kind_{kind.value}")
            button.setChecked(number == 0)
            self.kind_group.addButton(button, number)
            kind_rows.addRow(button)
        self.kinds = kinds
        form.addRow(self.tr("Kind"), kind_box)
        self.delegate = QLineEdit(self)
        self.delegate.setObjectName("delegateEdit")
        self.delegate.setMaxLength(100)
        self.delegate.textChanged.connect(lambda: self.message.setText(""))
        form.addRow(self.tr("Username of the person asked"), self.delegate)
        self.note = editor(self, "noteEdit")
        form.addRow(self.tr("Note"), self.note)
        self.body.addLayout(form)
        hint = QLabel(self.tr("While the request stands, the person asked sees this household "
                              "on their laptop; the access ends when the visit is approved."),
                      self)
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.body.addWidget(hint)
        self.finish_layout()

    def _save(self) -> None:
        household_id = self.household.currentData()
        kind = self.kinds[max(self.kind_group.checkedId(), 0)]
        delegate, note, actor = self.delegate.text(), self.note.toPlainText(), self.actor
        self.write(lambda s: delegation.request(
            s, household_id=household_id, kind=kind, delegate=delegate, actor=actor,
            note=note))


class DelegationAnswerDialog(PlanningDialog):
    """The person asked accepts (an office names its counselor) or declines with a reason."""

    def __init__(self, workspace: Workspace, actor: str, row: DelegationRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("&Save answer"), parent)
        self.actor, self.row = actor, row
        self.setWindowTitle(self.tr("Answer a visit request"))
        form = QFormLayout()
        form.addRow(self.tr("Household"), QLabel(row.address or "—", self))
        form.addRow(self.tr("Asked by"), QLabel(
            f"{row.requested_by or '—'} · {row.delegating_office or '—'}", self))
        if row.note:
            note = QLabel(row.note, self)
            note.setWordWrap(True)
            form.addRow(self.tr("Note"), note)
        self.accept_button = QRadioButton(self.tr("Accept"), self)
        self.accept_button.setObjectName("acceptChoice")
        self.accept_button.setChecked(True)
        self.decline_button = QRadioButton(self.tr("Decline"), self)
        self.decline_button.setObjectName("declineChoice")
        group = QButtonGroup(self)
        group.addButton(self.accept_button)
        group.addButton(self.decline_button)
        form.addRow(self.accept_button)
        self.assignee = QLineEdit(self)
        self.assignee.setObjectName("assigneeEdit")
        self.assignee.setMaxLength(100)
        if row.kind == DelegationKind.OFFICE:
            form.addRow(self.tr("Counselor who visits (username)"), self.assignee)
        else:
            self.assignee.hide()
        form.addRow(self.decline_button)
        self.reason = editor(self, "reasonEdit")
        self.reason.textChanged.connect(lambda: self.message.setText(""))
        form.addRow(self.tr("Reason for declining"), self.reason)
        self.body.addLayout(form)
        self.finish_layout()

    def _save(self) -> None:
        accept = self.accept_button.isChecked()
        assignee = self.assignee.text() if self.row.kind == DelegationKind.OFFICE else None
        reason, actor, row_id = self.reason.toPlainText(), self.actor, self.row.id
        self.write(lambda s: delegation.answer(s, row_id, accept=accept, actor=actor,
                                               reason=reason, assignee=assignee))
