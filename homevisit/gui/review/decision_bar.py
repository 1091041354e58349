"""The decisions under the review view: approve (disabled, saying why, while flags are
undecided), return with comments, confirm or dismiss a flag, raise a flag; what is decided
and waiting for the next sync; and a decision the server refused, with its reason.

Every decision is :mod:`homevisit.review.decisions` on the store worker: a record and its
outbox row, pushed at the next sync. Nothing here talks to the network.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from homevisit.errors import ApproveBlocked
from homevisit.gui.messages import error_text
from homevisit.gui.qt import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, Signal
from homevisit.gui.tasks import run_in_store
from homevisit.gui.visit.fields import text_of
from homevisit.review import decisions
from homevisit.workspace import Workspace

ERROR_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: #1e6b1e;"


@dataclass(frozen=True, slots=True)
class DecisionState:
    """What the bar needs to know about one visit, read in one transaction."""

    status: str
    undecided: tuple[str, ...]
    pending: decisions.Pending
    refused: tuple[decisions.Rejection, ...]

    @property
    def reviewable(self) -> bool:
        return self.status == "submitted" and self.pending.review is None


def decision_state(session: Session, visit_id: str) -> DecisionState:
    visit = decisions.visit_of(session, visit_id)
    return DecisionState(
        str(visit.status), tuple(decisions.undecided_in(session, visit_id)),
        decisions.pending_in(session, visit_id),
        tuple(r for r in decisions.rejections_in(session) if r.visit_id == visit_id))


class DecisionBar(QWidget):
    """Emits :attr:`decided` after a decision is written (the view re-reads the visit)."""

    decided = Signal(str)  # "approve", "return", "flag", "raise"
    state_shown = Signal(object)

    def __init__(self, workspace: Workspace, visit_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionBar")
        self.workspace = workspace
        self.visit_id = visit_id
        self.state: DecisionState | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.refused = QLabel(self)
        self.refused.setObjectName("refusedDecision")
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("background: #fdecea; color: #b3261e; padding: 6px;")
        self.refused_ok = QPushButton(self.tr("I have read this"), self)
        self.refused_ok.setObjectName("forgetRejection")
        refused_row = QHBoxLayout()
        refused_row.addWidget(self.refused, 1)
        refused_row.addWidget(self.refused_ok)
        layout.addLayout(refused_row)
        row = QHBoxLayout()
        self.message = QLabel(self)
        self.message.setObjectName("decisionMessage")
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        self.raise_button = QPushButton(self.tr("Raise a flag…"), self)
        self.raise_button.setObjectName("raiseFlag")
        self.return_button = QPushButton(self.tr("Return with comments…"), self)
        self.return_button.setObjectName("returnVisit")
        self.approve_button = QPushButton(self.tr("Approve"), self)
        self.approve_button.setObjectName("approveVisit")
        for button in (self.raise_button, self.return_button, self.approve_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.approve_button.clicked.connect(self.approve)
        self.refused_ok.clicked.connect(self._forget_refused)
        self._show(None)
        self.refresh()

    # --- state -----------------------------------------------------------------------------

    def refresh(self) -> None:
        visit_id = self.visit_id
        run_in_store(self.workspace.store, lambda s: decision_state(s, visit_id),
                     self._show, self._failed, owner=self)

    def _show(self, state: DecisionState | None) -> None:
        self.state = state
        refused = state.refused if state else ()
        self.refused.setVisible(bool(refused))
        self.refused_ok.setVisible(bool(refused))
        if refused:
            self.refused.setText(self.tr("The server refused your decision: %1").replace(
                "%1", text_of(refused[-1].reason)))
        reviewable = state is not None and state.reviewable
        blocked = bool(state and state.undecided)
        self.approve_button.setEnabled(reviewable and not blocked)
        self.return_button.setEnabled(reviewable)
        self.raise_button.setEnabled(state is not None and state.status in (
            "submitted", "returned"))
        why = ""
        if state is not None and state.pending.review is not None:
            why = self.tr("Your decision is saved and goes to the server at the next sync.")
            self.message.setStyleSheet(NOTE_STYLE)
        elif state is not None and not reviewable:
            why = self.tr("This visit is not awaiting review; there is nothing to decide.")
            self.message.setStyleSheet("")
        elif blocked and state is not None:
            why = error_text(ApproveBlocked(list(state.undecided)))
            self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(why)
        self.approve_button.setToolTip(why if blocked else "")
        if state is not None:
            self.state_shown.emit(state)

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(error_text(error))

    # --- decisions -------------------------------------------------------------------------

    def approve(self) -> None:
        visit_id, actor = self.visit_id, self.workspace.actor
        self.approve_button.setEnabled(False)
        run_in_store(self.workspace.store,
                     lambda s: decisions.approve_in(s, visit_id, actor=actor),
                     lambda _id: self.after_decision("approve"), self._refused_here, owner=self)

    def after_decision(self, kind: str) -> None:
        """A decision was written (here or by a decision dialog): show what waits for the
        sync."""
        self.decided.emit(kind)
        self.refresh()

    def _refused_here(self, error: BaseException) -> None:
        self._failed(error)
        self.refresh()

    def _forget_refused(self) -> None:
        if self.state is None or not self.state.refused:
            return
        op_id = self.state.refused[-1].op_id
        run_in_store(self.workspace.store,
                     lambda s: decisions.forget_rejection_in(s, op_id),
                     lambda _none: self.refresh(), self._failed, owner=self)
