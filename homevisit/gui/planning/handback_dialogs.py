"""Hand-back dialogs (issue 19): the counselor hands a household back with a reason; the
supervisor accepts — picking the counselor who takes it over — or declines, with a note.
Both write a record with its outbox row; the server acts at the next sync."""

from __future__ import annotations

from homevisit.gui.messages import error_text
from homevisit.gui.qt import (
    QButtonGroup,
    QComboBox,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_store
from homevisit.planning.handback import HandbackLine, answer_handback, request_handback
from homevisit.protocol.vocabulary import HandbackDecision, HandbackReason
from homevisit.workspace import Workspace


def reason_labels() -> dict[HandbackReason, str]:
    translate = QCoreApplication.translate
    return {
        HandbackReason.MOVED_AWAY: translate("Planning", "Moved away"),
        HandbackReason.CONFLICT_OF_INTEREST: translate("Planning", "Conflict of interest"),
        HandbackReason.UNREACHABLE: translate("Planning", "Not reachable"),
        HandbackReason.OTHER: translate("Planning", "Other (say what in the note)"),
    }


class _NoteDialog(QDialog):
    saved = Signal(str)

    def _finish(self, layout: QVBoxLayout) -> None:
        self.error = QLabel(self)
        self.error.setObjectName("handbackError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(error))
        self.error.show()


class HandbackDialog(_NoteDialog):
    """The counselor's hand-back of one household."""

    def __init__(self, workspace: Workspace, household_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handbackDialog")
        self.setWindowTitle(self.tr("Hand back this household"))
        self._workspace, self.household_id = workspace, household_id
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Your supervisor decides. If they accept, the household moves to another "
            "counselor at the next sync; anything not yet sent stays on this computer."), self))
        form = QFormLayout()
        layout.addLayout(form)
        self.reason = QComboBox(self)
        self.reason.setObjectName("handbackReason")
        for value, label in reason_labels().items():
            self.reason.addItem(label, value.value)
        form.addRow(self.tr("&Reason"), self.reason)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("handbackNote")
        self.note.setFixedHeight(90)
        form.addRow(self.tr("&Note"), self.note)
        self._finish(layout)

    def save(self) -> None:
        household_id = self.household_id
        reason = HandbackReason(self.reason.currentData())
        note = self.note.toPlainText()
        self.buttons.setEnabled(False)
        run_in_store(self._workspace.store,
                     lambda s: request_handback(s, household_id, reason, note),
                     self._saved, self._failed, owner=self)


class AnswerDialog(_NoteDialog):
    """The supervisor's answer to one hand-back."""

    def __init__(self, workspace: Workspace, handback: HandbackLine, counselors: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handbackAnswerDialog")
        self.setWindowTitle(self.tr("Answer the hand-back"))
        self._workspace, self.handback = workspace, handback
        layout = QVBoxLayout(self)
        reason = reason_labels().get(handback.reason, handback.reason)
        summary = QLabel(self.tr("{0} hands back {1}: {2}").format(
            handback.requested_by, handback.address, reason), self)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        if handback.note:
            note = QLabel(handback.note, self)
            note.setWordWrap(True)
            layout.addWidget(note)
        choice = QHBoxLayout()
        self.accept_choice = QRadioButton(self.tr("&Accept and reassign"), self)
        self.accept_choice.setObjectName("acceptHandback")
        self.decline_choice = QRadioButton(self.tr("&Decline"), self)
        self.decline_choice.setObjectName("declineHandback")
        group = QButtonGroup(self)
        for button in (self.accept_choice, self.decline_choice):
            group.addButton(button)
            choice.addWidget(button)
        self.accept_choice.setChecked(True)
        layout.addLayout(choice)
        form = QFormLayout()
        layout.addLayout(form)
        self.counselor = QComboBox(self)
        self.counselor.setObjectName("newCounselor")
        self.counselor.setEditable(True)  # a counselor of the team with no household yet
        self.counselor.addItems(counselors)
        form.addRow(self.tr("New &counselor"), self.counselor)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("answerNote")
        self.note.setFixedHeight(80)
        form.addRow(self.tr("&Note"), self.note)
        self.accept_choice.toggled.connect(self.counselor.setEnabled)
        self._finish(layout)

    def save(self) -> None:
        handback_id = self.handback.id
        decision = (HandbackDecision.ACCEPT if self.accept_choice.isChecked()
                    else HandbackDecision.DECLINE)
        note, counselor = self.note.toPlainText(), self.counselor.currentText()
        self.buttons.setEnabled(False)
        run_in_store(self._workspace.store,
                     lambda s: answer_handback(s, handback_id, decision, note, counselor),
                     self._saved, self._failed, owner=self)
