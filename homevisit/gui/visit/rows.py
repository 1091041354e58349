"""A labelled field of a step: label, editor, help line and inline validation messages.

The message line is reserved whether or not a message shows, so a message appearing never
moves the controls below it (a click aimed at the next field lands on it). A long message is
elided to the line; the whole text is in its tooltip.

A follow-up question (one that an answer on the same page shows, e.g. 车辆用途 under
家庭拥有机动车) keeps its place while hidden, for the same reason: a counselor who answers
"yes" and moves on to the next yes/no question finds it where it was, and the follow-up
fills the gap left for it. Inserting it instead pushed every question below it down under
the pointer.
"""

from __future__ import annotations

from collections.abc import Sequence

from homevisit.gui.messages import core_language
from homevisit.gui.qt import QLabel, QSizePolicy, Qt, QVBoxLayout, QWidget, Signal
from homevisit.gui.visit.fields import FieldEditor, TextAreaField, make_editor, text_of
from homevisit.visits import wording
from homevisit.visits.forms import FieldDef, Message, Severity

ERROR_STYLE = "color: #b3261e;"
WARNING_STYLE = "color: #8a5a00;"


class MessageLine(QLabel):
    """One reserved line for a field's messages: it keeps its height when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setWordWrap(False)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def show_text(self, text: str, style: str) -> None:
        self._full = text
        self.setStyleSheet(style)
        self.setToolTip(text if text else "")
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._elide()

    def _elide(self) -> None:
        line = " ".join(self._full.split("\n"))
        width = max(self.width(), 50)
        self.setText(self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, width))


class FieldRow(QWidget):
    """One scalar field; ``edited`` carries the field's answer path."""

    edited = Signal(str)

    def __init__(self, definition: FieldDef, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.path = path
        self.setObjectName(f"row:{path}")
        if definition.is_follow_up:
            policy = self.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.setSizePolicy(policy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        self.label = QLabel(text_of(definition.label), self)
        self.label.setWordWrap(True)
        self.editor: FieldEditor = make_editor(definition, self)
        self.label.setBuddy(self.editor.focus_widget())
        self.help = QLabel(text_of(definition.help), self)
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #5f6368;")
        self.help.setVisible(definition.help is not None)
        self.message = MessageLine(self)
        self.message.setObjectName(f"message:{path}")
        self._messages: list[Message] = []
        for widget in (self.label, self.editor, self.help, self.message):
            layout.addWidget(widget)
        self.editor.edited.connect(lambda: self.edited.emit(self.path))
        if isinstance(self.editor, TextAreaField):
            # Free text: notice labelling words as they are typed (a warning, never a block).
            self.editor.edited.connect(self._show_messages)

    def add_note(self, note: QWidget) -> None:
        """A review comment about this field, shown between its label and its editor."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, note)

    def show_state(self, required: bool, messages: Sequence[Message]) -> None:
        """Mark required fields and show messages in the user's language next to the field."""
        marker = " *" if required else ""
        self.label.setText(text_of(self.definition.label) + marker)
        self._messages = list(messages)
        self._show_messages()

    def wording_warning(self) -> str:
        """The wording guard's warning for what is typed now ("" when nothing is noticed)."""
        if not isinstance(self.editor, TextAreaField):
            return ""
        found = wording.words_in(self.editor.value())
        return wording.warning_text(found, core_language()) if found else ""

    def _show_messages(self) -> None:
        lines = [text_of(m.text) for m in self._messages]
        guard = self.wording_warning()
        if guard:
            lines.append(guard)
        errors = [m for m in self._messages if m.severity is Severity.ERROR]
        self.message.show_text("\n".join(lines), ERROR_STYLE if errors else WARNING_STYLE)

    def message_text(self) -> str:
        return self.message.full_text()
