"""A labelled field of a step: label, editor, help line and inline validation messages."""

from __future__ import annotations

from collections.abc import Sequence

from homevisit.gui.qt import QLabel, QVBoxLayout, QWidget, Signal
from homevisit.gui.visit.fields import FieldEditor, make_editor, text_of
from homevisit.visits.forms import FieldDef, Message, Severity

ERROR_STYLE = "color: #b3261e;"
WARNING_STYLE = "color: #8a5a00;"


class FieldRow(QWidget):
    """One scalar field; ``edited`` carries the field's answer path."""

    edited = Signal(str)

    def __init__(self, definition: FieldDef, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.path = path
        self.setObjectName(f"row:{path}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        self.label = QLabel(text_of(definition.label), self)
        self.label.setWordWrap(True)
        self.editor: FieldEditor = make_editor(definition, self)
        self.label.setBuddy(self.editor.focus_widget())
        self.help = QLabel(text_of(definition.help), self)
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #5f6368;")
        self.help.setVisible(definition.help is not None)
        self.message = QLabel(self)
        self.message.setObjectName(f"message:{path}")
        self.message.setWordWrap(True)
        self.message.hide()
        for widget in (self.label, self.editor, self.help, self.message):
            layout.addWidget(widget)
        self.editor.edited.connect(lambda: self.edited.emit(self.path))

    def show_state(self, required: bool, messages: Sequence[Message]) -> None:
        """Mark required fields and show messages in the user's language next to the field."""
        marker = " *" if required else ""
        self.label.setText(text_of(self.definition.label) + marker)
        if not messages:
            self.message.hide()
            return
        errors = [m for m in messages if m.severity is Severity.ERROR]
        self.message.setStyleSheet(ERROR_STYLE if errors else WARNING_STYLE)
        self.message.setText("\n".join(text_of(m.text) for m in messages))
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisibleTo(self) else ""
