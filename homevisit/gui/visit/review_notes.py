"""A supervisor's comments shown next to the fields they are about, in the wizard of a
returned visit, each with a box to answer it (notes both ways, issue 15).

A comment on a member's field follows that member, wherever the roster puts them now
(:func:`homevisit.review.anchors.path_of_anchor`). Comments on the whole visit, and those
whose member is no longer listed, sit at the top of the page, so none is ever hidden. What
the counselor types in an answer box survives the notes being placed again (the roster
rebuilds its boxes when a member is removed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from homevisit.gui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QTextCursor,
    QVBoxLayout,
    QWidget,
    Signal,
    qt_is_valid,
)
from homevisit.gui.visit.rows import FieldRow
from homevisit.gui.visit.step_page import StepPage
from homevisit.review.comments import CommentView, by_path, latest_return

NOTE_STYLE = ("QFrame#commentNote { background: #fff4e5; border: 1px solid #f0b35a;"
              " border-radius: 4px; }")


class CommentNote(QFrame):
    """One comment, its answers so far, and (while the visit is editable) an answer box."""

    answer_requested = Signal(str, str)  # comment id, text

    def __init__(self, comment: CommentView, draft: str, editable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comment = comment
        self.setObjectName("commentNote")
        self.setProperty("comment_id", comment.id)
        self.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.text = QLabel(self.tr("Supervisor's comment: %1").replace("%1", comment.text),
                           self)
        self.text.setObjectName("commentText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setStyleSheet("font-weight: bold; color: #8a4b00;")
        layout.addWidget(self.text)
        self.answers = QLabel(self)
        self.answers.setObjectName("commentAnswers")
        self.answers.setWordWrap(True)
        self.answers.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.answers)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("answerEdit")
        self.editor.setPlaceholderText(self.tr("Answer the supervisor (what you checked or "
                                               "changed)"))
        self.editor.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.editor.setPlainText(draft)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)  # typing goes on after it
        self.button = QPushButton(self.tr("Send answer"), self)
        self.button.setObjectName("answerButton")
        self.status = QLabel(self)
        self.status.setObjectName("answerStatus")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.button)
        layout.addWidget(self.editor)
        layout.addLayout(row)
        self.button.clicked.connect(self._send)
        self.editor.textChanged.connect(lambda: self.status.setText(""))
        self._show_answers()
        self.set_editable(editable)

    def _show_answers(self) -> None:
        lines = []
        for answer in self.comment.answers:
            state = self.tr("sent") if answer.sent else self.tr("waiting for sync")
            lines.append(self.tr("Your answer (%1): %2").replace("%1", state)
                         .replace("%2", answer.text))
        self.answers.setText("\n".join(lines))
        self.answers.setVisible(bool(lines))
        if self.comment.answers and not self.editor.toPlainText():
            self.button.setText(self.tr("Change answer"))

    def set_editable(self, editable: bool) -> None:
        self.editor.setVisible(editable)
        self.button.setVisible(editable)
        # The whole page is disabled when the visit is read-only; the note stays readable.
        self.setEnabled(True)

    def draft(self) -> str:
        return self.editor.toPlainText()

    def _send(self) -> None:
        text = self.editor.toPlainText().strip()
        if not text:
            self.status.setText(self.tr("Write an answer first."))
            self.status.setStyleSheet("color: #b3261e;")
            return
        self.button.setEnabled(False)
        self.answer_requested.emit(self.comment.id, text)

    def show_failure(self, text: str) -> None:
        self.button.setEnabled(True)
        self.status.setStyleSheet("color: #b3261e;")
        self.status.setText(text)


def row_at(steps: Mapping[str, StepPage], path: str) -> FieldRow | None:
    """The row of the field at a positional path (``step.field`` or
    ``step.roster.index.field``), if a step page shows it."""
    bits = path.split(".")
    step = steps.get(bits[0])
    if step is None or len(bits) < 2:
        return None
    if len(bits) == 2:
        return step.rows.get(bits[1])
    roster = step.rosters.get(bits[1])
    if roster is None or len(bits) != 4 or not bits[2].isdigit() \
            or int(bits[2]) >= len(roster.items):
        return None
    return roster.items[int(bits[2])].rows.get(bits[3])


HostOf = Callable[[str], QWidget | None]
"""Where the note for a positional field path goes: a field's row (or None: the top)."""


class CommentNotes:
    """Places one :class:`CommentNote` per comment: at its field's row when the field is
    on a page, else in ``top``. Re-placing keeps what was typed in the answer boxes."""

    def __init__(self, top: QVBoxLayout, on_answer: Callable[[str, str], None]) -> None:
        self.top = top
        self.on_answer = on_answer
        self.comments: list[CommentView] = []
        self.notes: dict[str, CommentNote] = {}
        self.drafts: dict[str, str] = {}

    def set_comments(self, comments: Sequence[CommentView]) -> None:
        self.comments = latest_return(comments)

    def place(self, answers: Mapping[str, Any], host_of: HostOf, editable: bool) -> None:
        self.clear()
        for path, comments in by_path(self.comments, answers).items():
            host = host_of(path) if path is not None else None
            for comment in comments:
                note = CommentNote(comment, self.drafts.get(comment.id, ""), editable)
                note.answer_requested.connect(self.on_answer)
                note.editor.textChanged.connect(
                    lambda c=comment.id, n=note: self.drafts.__setitem__(c, n.draft()))
                add_note = getattr(host, "add_note", None)
                if callable(add_note):
                    add_note(note)
                else:
                    self.top.addWidget(note)
                note.show()  # a child added to a window already shown stays hidden otherwise
                self.notes[comment.id] = note

    def clear(self) -> None:
        for comment_id, note in self.notes.items():
            if qt_is_valid(note):
                self.drafts[comment_id] = note.draft()
                note.setParent(None)
                note.deleteLater()
        self.notes = {}

    def answered(self, comment_id: str) -> None:
        """The answer is stored: its box starts empty next time."""
        note = self.notes.get(comment_id)
        if note is not None and qt_is_valid(note):
            note.editor.clear()
        self.drafts.pop(comment_id, None)

    def note(self, comment_id: str) -> CommentNote:
        return self.notes[comment_id]
