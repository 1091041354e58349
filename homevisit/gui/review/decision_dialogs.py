"""A supervisor's decision dialogs, each standalone (a visit or flag id and the workspace):
return a visit with comments, confirm or dismiss a flag with a reason, raise a flag by hand.

Each writes through :mod:`homevisit.review.decisions` on the store worker (a record and its
outbox row, pushed at the next sync), emits :attr:`decided` with the new record's id and
closes. A refusal (no comment, no reason for a dismissal, …) is shown in the dialog in the
user's language and nothing typed is lost: the dialog stays open as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from homevisit.gui.messages import error_text
from homevisit.gui.qt import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_store
from homevisit.gui.visit.fields import text_of
from homevisit.protocol.vocabulary import FlagCategory, FlagDecision
from homevisit.review import briefs, decisions
from homevisit.review.anchors import CommentAnchor
from homevisit.workspace import Workspace

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #5f6368;"


def _editor(parent: QWidget, name: str, lines: int = 3) -> QPlainTextEdit:
    editor = QPlainTextEdit(parent)
    editor.setObjectName(name)
    editor.setTabChangesFocus(True)
    editor.setFixedHeight(editor.fontMetrics().height() * lines + 14)
    return editor


def _clears(dialog: _DecisionDialog, editor: QPlainTextEdit) -> QPlainTextEdit:
    """A refusal shown in ``dialog`` goes once the user types again."""
    editor.textChanged.connect(lambda: dialog.message.setText(""))
    return editor


class _DecisionDialog(QDialog):
    """The common frame: a message line, the action button and Cancel."""

    decided = Signal(str)  # the new record's id
    loaded = Signal()

    def __init__(self, workspace: Workspace, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setMinimumWidth(460)
        self.body = QVBoxLayout(self)
        self.message = QLabel(self)
        self.message.setObjectName("decisionError")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(self)
        self.action = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action.setObjectName("decideButton")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)  # Qt's words
        self.action.clicked.connect(self._decide)
        cancel.clicked.connect(self.reject)

    def finish_layout(self) -> None:
        self.body.addWidget(self.message)
        self.body.addWidget(self.buttons)

    def _decide(self) -> None:
        raise NotImplementedError

    def _write(self, work: Callable[[Session], str]) -> None:
        self.action.setEnabled(False)
        self.message.setText("")
        run_in_store(self.workspace.store, work, self._done, self._failed, owner=self)

    def _done(self, record_id: str) -> None:
        self.decided.emit(record_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.action.setEnabled(True)
        self.message.setText(error_text(error))


@dataclass
class _CommentRow:
    anchor: CommentAnchor
    editor: QPlainTextEdit
    box: QWidget


class ReturnDialog(_DecisionDialog):
    """Return a visit with comments: one for the whole visit, and one per field the
    supervisor picked (:meth:`add_comment`, a member's field anchored to the member)."""

    def __init__(self, workspace: Workspace, visit_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("Return to the counselor"), parent)
        self.visit_id = visit_id
        self.setObjectName("returnDialog")
        self.setWindowTitle(self.tr("Return for revision"))
        intro = QLabel(self.tr("Say what the counselor should check, add or change. Each "
                               "comment is shown next to its field in the counselor's form."),
                       self)
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        self.rows: list[_CommentRow] = []
        self.comment_area = QVBoxLayout()
        self.body.addLayout(self.comment_area)
        self.whole = self.add_comment(CommentAnchor(), self.tr("The whole visit"))
        self.finish_layout()

    def add_comment(self, anchor: CommentAnchor, label: str, text: str = "") -> QPlainTextEdit:
        """A comment box for ``anchor`` (shown as ``label``, e.g. "家庭成员 · 职业 · 李秀英");
        a second request for the same anchor returns the box already there."""
        for row in self.rows:
            if row.anchor == anchor:
                row.editor.setFocus()
                return row.editor
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        title = QLabel(label, box)
        title.setStyleSheet("font-weight: bold;")
        head.addWidget(title, 1)
        editor = _clears(self, _editor(
            box, f"comment:{anchor.field or 'visit'}:{anchor.member_id or ''}"))
        editor.setPlainText(text)
        row = _CommentRow(anchor, editor, box)
        if not anchor.whole_visit:
            remove = QPushButton(self.tr("Remove"), box)
            remove.setObjectName("removeComment")
            remove.clicked.connect(lambda: self._remove(row))
            head.addWidget(remove)
        layout.addLayout(head)
        layout.addWidget(editor)
        self.comment_area.addWidget(box)
        box.show()  # added to a dialog already on screen: hidden otherwise
        self.rows.append(row)
        editor.setFocus()
        return editor

    def _remove(self, row: _CommentRow) -> None:
        self.rows.remove(row)
        row.box.setParent(None)
        row.box.deleteLater()

    def comments(self) -> list[decisions.Comment]:
        return [decisions.Comment(r.anchor, r.editor.toPlainText()) for r in self.rows]

    def _decide(self) -> None:
        comments, visit_id, actor = self.comments(), self.visit_id, self.workspace.actor
        self._write(lambda s: decisions.return_in(s, visit_id, comments, actor=actor))


class FlagDecisionDialog(_DecisionDialog):
    """Confirm or dismiss one flag; a dismissal needs a reason."""

    def __init__(self, workspace: Workspace, flag_id: str,
                 decision: FlagDecision = FlagDecision.CONFIRM,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("Save the decision"), parent)
        self.flag_id = flag_id
        self.setObjectName("flagDecisionDialog")
        self.setWindowTitle(self.tr("Decide a flag"))
        self.summary = QLabel(self)
        self.summary.setObjectName("flagSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(self.summary)
        self.confirm = QRadioButton(self.tr("Confirm: the flag holds"), self)
        self.confirm.setObjectName("confirmFlag")
        self.dismiss = QRadioButton(self.tr("Dismiss: the flag does not hold"), self)
        self.dismiss.setObjectName("dismissFlag")
        group = QButtonGroup(self)
        for button in (self.confirm, self.dismiss):
            group.addButton(button)
            self.body.addWidget(button)
        (self.dismiss if decision == FlagDecision.DISMISS else self.confirm).setChecked(True)
        self.reason_label = QLabel(self)
        self.reason_label.setStyleSheet(HINT_STYLE)
        self.body.addWidget(self.reason_label)
        self.reason = _clears(self, _editor(self, "decisionReason"))
        self.body.addWidget(self.reason)
        self.finish_layout()
        group.buttonToggled.connect(lambda *_: self._hint())
        self._hint()
        self.action.setEnabled(False)
        run_in_store(workspace.store, lambda s: briefs.flag_brief_in(s, flag_id),
                     self._show, self._failed, owner=self)

    def _hint(self) -> None:
        self.reason_label.setText(
            self.tr("Reason (required), e.g. retired, not the custodial parent, company "
                    "deregistered:") if self.dismiss.isChecked() else
            self.tr("Note (optional): what you checked"))

    def _show(self, brief: briefs.FlagBrief) -> None:
        lines = [text_of(brief.category) + (f" · {brief.member}" if brief.member else ""),
                 self.tr("Status: %1").replace("%1", text_of(brief.status))]
        lines += [f"• {text_of(line)}" for line in brief.evidence if text_of(line)]
        if brief.explanation:
            lines.append(self.tr("Counselor's explanation: %1").replace("%1", brief.explanation))
        self.summary.setText("\n".join(lines))
        self.action.setEnabled(True)
        self.loaded.emit()

    def decision(self) -> FlagDecision:
        return FlagDecision.DISMISS if self.dismiss.isChecked() else FlagDecision.CONFIRM

    def _decide(self) -> None:
        flag_id, decision, actor = self.flag_id, self.decision(), self.workspace.actor
        reason = self.reason.toPlainText()
        self._write(lambda s: decisions.decide_flag_in(s, flag_id, decision, reason,
                                                       actor=actor))


class RaiseFlagDialog(_DecisionDialog):
    """Raise a flag by hand on a member (or the household) of a visit under review."""

    def __init__(self, workspace: Workspace, visit_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("Raise the flag"), parent)
        self.visit_id = visit_id
        self.setObjectName("raiseFlagDialog")
        self.setWindowTitle(self.tr("Raise a flag"))
        intro = QLabel(self.tr("A flag asks the counselor to verify; it is never a verdict. "
                               "The visit cannot be approved until it is decided."), self)
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        form = QFormLayout()
        self.member = QComboBox(self)
        self.member.setObjectName("flagMember")
        self.member.addItem(self.tr("The household (no one member)"), None)
        self.category = QComboBox(self)
        self.category.setObjectName("flagCategory")
        for category, label in briefs.CATEGORY_LABELS.items():
            self.category.addItem(text_of(label), category.value)
        self.reason = _clears(self, _editor(self, "flagReason"))
        form.addRow(self.tr("Member:"), self.member)
        form.addRow(self.tr("Kind:"), self.category)
        form.addRow(self.tr("What you found:"), self.reason)
        self.body.addLayout(form)
        self.finish_layout()
        self.action.setEnabled(False)
        run_in_store(workspace.store, lambda s: briefs.members_in(s, visit_id),
                     self._members, self._failed, owner=self)

    def _members(self, members: list[briefs.MemberChoice]) -> None:
        for member in members:
            self.member.addItem(member.label, member.id)
        self.action.setEnabled(True)
        self.loaded.emit()

    def _decide(self) -> None:
        visit_id, actor = self.visit_id, self.workspace.actor
        member_id = self.member.currentData()
        category = FlagCategory(self.category.currentData())
        reason = self.reason.toPlainText()
        self._write(lambda s: decisions.raise_flag_in(s, visit_id, member_id, category, reason,
                                                      actor=actor))
