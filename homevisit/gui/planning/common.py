"""The frame shared by the planning dialogs (delegations, proposals): a message line that
shows a refusal in the user's language, the action button and Cancel. A refusal keeps the
dialog open as it was, so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from homevisit.gui.messages import error_text
from homevisit.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_store
from homevisit.workspace import Workspace

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #5f6368;"


def editor(parent: QWidget, name: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().height() * lines + 14)
    return box


class PlanningDialog(QDialog):
    """Emits :attr:`saved` with the written record's id, then closes."""

    saved = Signal(str)

    def __init__(self, workspace: Workspace, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setMinimumWidth(480)
        self.body = QVBoxLayout(self)
        self.message = QLabel(self)
        self.message.setObjectName("planningError")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(self)
        self.action = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action.setObjectName("saveButton")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.action.clicked.connect(self._save)
        cancel.clicked.connect(self.reject)

    def finish_layout(self) -> None:
        self.body.addWidget(self.message)
        self.body.addWidget(self.buttons)

    def _save(self) -> None:
        raise NotImplementedError

    def write(self, work: Callable[[Session], Any]) -> None:
        """Run ``work`` (returns the record, or its id) on the store worker."""
        self.action.setEnabled(False)
        self.message.setText("")
        run_in_store(self.workspace.store, lambda s: _id_of(work(s)), self._done,
                     self._failed, owner=self)

    def _done(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.action.setEnabled(True)
        self.message.setText(error_text(error))


def _id_of(result: Any) -> str:
    return result if isinstance(result, str) else str(result.id)
