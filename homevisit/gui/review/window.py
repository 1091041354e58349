"""The review view's own window (opened from the queue): the view and, below it, the
decisions a supervisor makes on the visit.

Return with comments: the return dialog stays open beside the view; each answer the
supervisor clicks in the view gets a comment box in the dialog, anchored to that field (a
member's field to the member's id). The flags' confirm and dismiss buttons and "raise a
flag" open their dialogs. Every dialog writes through :mod:`homevisit.review.decisions`;
the bar and the view then show the decision waiting for the sync.
"""

from __future__ import annotations

from homevisit.gui.export_flows import ExportFlow
from homevisit.gui.qt import (
    QCloseEvent,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from homevisit.gui.review.decision_bar import DecisionBar, DecisionState
from homevisit.gui.review.decision_dialogs import (
    FlagDecisionDialog,
    RaiseFlagDialog,
    ReturnDialog,
)
from homevisit.gui.review.review_view import ReviewViewWidget
from homevisit.protocol.vocabulary import FlagDecision
from homevisit.review.anchors import CommentAnchor
from homevisit.workspace import Workspace


class ReviewWindow(QWidget):
    def __init__(self, workspace: Workspace, visit_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Review visit"))
        self.workspace = workspace
        self.visit_id = visit_id
        self.dialog: QDialog | None = None  # the decision dialog open now, if any
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.view = ReviewViewWidget(workspace, visit_id, self)
        layout.addWidget(self.view)
        self.decisions = DecisionBar(workspace, visit_id, self)
        layout.addWidget(self.decisions)
        printing = QHBoxLayout()
        self.print_note = QLabel(self)
        self.print_note.setObjectName("printNote")
        printing.addWidget(self.print_note, 1)
        self.print_button = QPushButton(self.tr("&Print visit record…"), self)
        self.print_button.setObjectName("printRecord")
        printing.addWidget(self.print_button)
        layout.addLayout(printing)
        self.exports = ExportFlow(workspace, self)
        # The version on screen (a supervisor may be looking at an older one).
        self.print_button.clicked.connect(
            lambda: self.exports.print_record(
                visit_id, self.view.view.version if self.view.view is not None else None))
        self.exports.done.connect(self.print_note.setText)
        self.exports.failed.connect(self.print_note.setText)
        # A decision written: the view shows the pending state; flags and status change
        # when the server accepts it (next sync).
        self.decisions.decided.connect(lambda _kind: self.view.load())
        self.decisions.state_shown.connect(self._show_pending)
        self.view.loaded.connect(lambda _view: self._show_pending(self.decisions.state))
        self.decisions.return_button.clicked.connect(self.start_return)
        self.decisions.raise_button.clicked.connect(self.raise_flag)
        self.view.flag_decision_wanted.connect(self.decide_flag)
        self.view.answer_clicked.connect(self._answer_clicked)
        self.resize(1280, 860)

    def _show_pending(self, state: DecisionState | None) -> None:
        """A flag already decided here (waiting for the sync) cannot be decided again."""
        if state is not None:
            self.view.mark_decided(state.pending.flags)

    # --- the dialogs -----------------------------------------------------------------------

    def _open(self, dialog: ReturnDialog | RaiseFlagDialog | FlagDecisionDialog,
              kind: str) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.decided.connect(lambda _id: self.decisions.after_decision(kind))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.show()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def start_return(self) -> None:
        """Open the return dialog beside the view: clicking an answer adds its comment."""
        self._open(ReturnDialog(self.workspace, self.visit_id, self), "return")

    def raise_flag(self) -> None:
        self._open(RaiseFlagDialog(self.workspace, self.visit_id, self), "raise")

    def decide_flag(self, flag_id: str, decision: str) -> None:
        self._open(FlagDecisionDialog(self.workspace, flag_id, FlagDecision(decision), self),
                   "flag")

    def _answer_clicked(self, path: str, member_id: str | None) -> None:
        if isinstance(self.dialog, ReturnDialog):
            self.dialog.add_comment(CommentAnchor(path, member_id),
                                    self.view.where(path, member_id))
            self.dialog.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.view.clear()  # decrypted pixels go with the window
        super().closeEvent(event)
