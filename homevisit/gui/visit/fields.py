"""One editor per field type of the form definition, each with the same small interface:
``value()`` (``None`` when unanswered), ``set_value(v)`` (no signal) and ``edited``.

Sensitive fields (resident IDs, phones) show the masked form (``3201**********123X``) once
entered; focusing such a field never reveals it — typing replaces the whole value.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from homevisit.gui.messages import core_language
from homevisit.gui.qt import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QEvent,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QObject,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
    Signal,
)
from homevisit.i18n import Text
from homevisit.ids import mask_id, mask_phone
from homevisit.visits.forms import FieldDef


def text_of(text: Text | None) -> str:
    return "" if text is None else text.in_language(core_language())


class FieldEditor(QWidget):
    edited = Signal()

    def __init__(self, definition: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.setObjectName(f"field:{definition.id}")

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self


class LineField(FieldEditor):
    """Text, numbers and money: a line edit; numbers are stored as numbers when they parse."""

    def __init__(self, definition: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.line = QLineEdit(self)
        self.line.setObjectName(f"input:{definition.id}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        if definition.type in ("money", "number", "integer"):
            # Empty means unanswered: a grey "0" looked filled in (and 0 is an answer).
            self.line.setPlaceholderText(self.tr("not filled in"))
            self.line.setMaximumWidth(200)
            layout.addStretch(1)
        if "max_length" in definition.constraints:
            self.line.setMaxLength(int(definition.constraints["max_length"]) + 20)
        self.line.textEdited.connect(lambda _text: self.edited.emit())

    def value(self) -> Any:
        raw = self.line.text()
        if self.definition.type in ("money", "number", "integer"):
            try:
                number = Decimal(raw.strip().replace(",", ""))
            except InvalidOperation:
                return raw or None
            if not number.is_finite():
                return raw
            return int(number) if number == number.to_integral_value() else float(number)
        return raw or None

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.line


class SensitiveField(LineField):
    """A resident ID or phone: masked on screen; focusing the field never reveals it — the
    field empties so the user types the whole value again (leaving it untouched keeps it)."""

    def __init__(self, definition: FieldDef, parent: QWidget | None = None) -> None:
        self._value: str | None = None
        self._typed = False
        super().__init__(definition, parent)
        self.line.textEdited.disconnect()
        self.line.textEdited.connect(self._on_typed)
        self.line.installEventFilter(self)

    def _mask(self, value: str) -> str:
        return mask_phone(value) if self.definition.type == "phone" else mask_id(value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.FocusIn:
            self._typed = False
            if self._value:
                self.line.clear()
                self.line.setPlaceholderText(self._mask(self._value))
        elif watched is self.line and event.type() == QEvent.Type.FocusOut:
            self._show_masked()
        return False

    def _on_typed(self, text: str) -> None:
        self._typed = True
        self._value = text.strip().upper() or None
        self.edited.emit()

    def _show_masked(self) -> None:
        self.line.setPlaceholderText("")
        if self._value:
            self.line.setText(self._mask(self._value))

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = str(value) if value else None
        self.line.setText(self._mask(self._value) if self._value else "")


class TextAreaField(FieldEditor):
    def __init__(self, definition: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName(f"input:{definition.id}")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(80)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(self._changed)
        self._quiet = False

    def _changed(self) -> None:
        if not self._quiet:
            self.edited.emit()

    def value(self) -> Any:
        return self.edit.toPlainText() or None

    def set_value(self, value: Any) -> None:
        self._quiet = True
        self.edit.setPlainText("" if value is None else str(value))
        self._quiet = False

    def focus_widget(self) -> QWidget:
        return self.edit


class ChoiceField(FieldEditor):
    def __init__(self, definition: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.combo = QComboBox(self)
        self.combo.setObjectName(f"input:{definition.id}")
        self.combo.addItem(self.tr("Choose…"), None)
        for code in definition.choices or ():
            self.combo.addItem(text_of(code.label), code.code)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.combo.activated.connect(lambda _index: self.edited.emit())

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))

    def select(self, code: str) -> None:
        """Choose ``code`` as a user would (tests and keyboard shortcuts)."""
        self.combo.setCurrentIndex(self.combo.findData(code))
        self.edited.emit()

    def focus_widget(self) -> QWidget:
        return self.combo


class MultiChoiceField(FieldEditor):
    def __init__(self, definition: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, code in enumerate(definition.choices or ()):
            box = QCheckBox(text_of(code.label), self)
            box.setObjectName(f"choice:{code.code}")
            box.clicked.connect(lambda _checked: self.edited.emit())
            grid.addWidget(box, index // 2, index % 2)
            self.boxes[code.code] = box

    def value(self) -> Any:
        return [code for code, box in self.boxes.items() if box.isChecked()] or None

    def set_value(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)


class BooleanField(FieldEditor):
    """Yes / No as two radio buttons: "not answered yet" must stay distinguishable from No."""

    def __init__(self, definition: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.yes = QRadioButton(self.tr("Yes"), self)
        self.no = QRadioButton(self.tr("No"), self)
        self.yes.setObjectName(f"yes:{definition.id}")
        self.no.setObjectName(f"no:{definition.id}")
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        layout.addStretch(1)
        self.group.buttonClicked.connect(lambda _button: self.edited.emit())

    def value(self) -> Any:
        if self.yes.isChecked():
            return True
        return False if self.no.isChecked() else None

    def set_value(self, value: Any) -> None:
        self.group.setExclusive(False)
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)

    def focus_widget(self) -> QWidget:
        return self.yes


def make_editor(definition: FieldDef, parent: QWidget | None = None) -> FieldEditor:
    """The editor for a scalar field of the definition (rosters have their own editor)."""
    kind = definition.type
    if kind in ("resident_id", "phone"):
        return SensitiveField(definition, parent)
    if kind == "textarea":
        return TextAreaField(definition, parent)
    if kind == "choice":
        return ChoiceField(definition, parent)
    if kind == "multichoice":
        return MultiChoiceField(definition, parent)
    if kind == "boolean":
        return BooleanField(definition, parent)
    return LineField(definition, parent)
