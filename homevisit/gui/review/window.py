"""The review view's own window (opened from the queue): the view and, below it, the
decisions a supervisor makes on the visit."""

from __future__ import annotations

from homevisit.gui.qt import QCloseEvent, Qt, QVBoxLayout, QWidget
from homevisit.gui.review.decision_bar import DecisionBar, DecisionState
from homevisit.gui.review.review_view import ReviewViewWidget
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.view = ReviewViewWidget(workspace, visit_id, self)
        layout.addWidget(self.view)
        self.decisions = DecisionBar(workspace, visit_id, self)
        layout.addWidget(self.decisions)
        # A decision written: the view shows the pending state; flags and status change
        # when the server accepts it (next sync).
        self.decisions.decided.connect(lambda _kind: self.view.load())
        self.decisions.state_shown.connect(self._show_pending)
        self.view.loaded.connect(lambda _view: self._show_pending(self.decisions.state))

    def _show_pending(self, state: DecisionState | None) -> None:
        """A flag already decided here (waiting for the sync) cannot be decided again."""
        if state is not None:
            self.view.mark_decided(state.pending.flags)
        self.resize(1280, 860)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.view.clear()  # decrypted pixels go with the window
        super().closeEvent(event)
