"""The roster of household members: one box per member, fields shown as the rules say."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from homevisit.gui.qt import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.visit.fields import text_of
from homevisit.gui.visit.rows import ERROR_STYLE, FieldRow, MessageLine
from homevisit.visits.forms import FieldDef, FieldState, Message

ITEM_ID = "_id"


class _ItemBox(QGroupBox):
    def __init__(self, roster: FieldDef, index: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"item:{roster.path}.{index}")
        self.member_id: str | None = None
        self.rows: dict[str, FieldRow] = {}
        layout = QVBoxLayout(self)
        for sub in roster.fields:
            row = FieldRow(sub, f"{roster.path}.{index}.{sub.id}", self)
            self.rows[sub.id] = row
            layout.addWidget(row)
        self.remove = QPushButton(self.tr("Remove this member"), self)
        self.remove.setObjectName(f"remove:{roster.path}.{index}")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove)
        layout.addLayout(buttons)

    def value(self) -> dict[str, Any]:
        out: dict[str, Any] = {ITEM_ID: self.member_id} if self.member_id else {}
        for sub_id, row in self.rows.items():
            value = row.editor.value()
            if value is not None:
                out[sub_id] = value
        return out


class RosterEditor(QWidget):
    """Edits a roster answer (a list of dicts; items keep their member ``_id``)."""

    edited = Signal(str)

    def __init__(self, definition: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.setObjectName(f"roster:{definition.path}")
        self.items: list[_ItemBox] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(text_of(definition.label), self)
        self.title.setStyleSheet("font-weight: bold;")
        self.message = MessageLine(self)  # reserved: a message never moves the members
        self.message.setObjectName(f"message:{definition.path}")
        self.item_layout = QVBoxLayout()
        self.add_button = QPushButton(self.tr("Add a member"), self)
        self.add_button.setObjectName(f"add:{definition.path}")
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(self.item_layout)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_item)

    def _new_box(self) -> _ItemBox:
        index = len(self.items)
        box = _ItemBox(self.definition, index, self)
        item_label = text_of(self.definition.item_label) or text_of(self.definition.label)
        box.setTitle(f"{item_label} {index + 1}")
        for row in box.rows.values():
            row.edited.connect(self.edited)
        box.remove.clicked.connect(lambda: self.remove_item(self.items.index(box)))
        self.items.append(box)
        self.item_layout.addWidget(box)
        box.show()
        return box

    def add_item(self) -> None:
        box = self._new_box()
        next(iter(box.rows.values())).editor.focus_widget().setFocus()
        self.edited.emit(self.definition.path)

    def remove_item(self, index: int) -> None:
        values = self.value()
        del values[index]
        self.set_value(values)
        self.edited.emit(self.definition.path)

    def value(self) -> list[dict[str, Any]]:
        return [box.value() for box in self.items]

    def set_value(self, value: Any) -> None:
        for box in self.items:
            box.setParent(None)
            box.deleteLater()
        self.items = []
        for item in value if isinstance(value, list) else []:
            if not isinstance(item, Mapping):
                continue
            box = self._new_box()
            member_id = item.get(ITEM_ID)
            box.member_id = member_id if isinstance(member_id, str) else None
            for sub_id, row in box.rows.items():
                row.editor.set_value(item.get(sub_id))

    def row(self, index: int, sub_id: str) -> FieldRow:
        return self.items[index].rows[sub_id]

    def show_state(self, state: FieldState | None, messages: Sequence[Message]) -> None:
        own = [m for m in messages if m.path == self.definition.path]
        self.message.show_text("\n".join(text_of(m.text) for m in own), ERROR_STYLE)
        marker = " *" if state is not None and state.required else ""
        self.title.setText(text_of(self.definition.label) + marker)
        items = {item.index: item for item in state.items} if state else {}
        for index, box in enumerate(self.items):
            item = items.get(index)
            visible = {f.definition.id: f for f in item.fields} if item else {}
            for sub_id, row in box.rows.items():
                field = visible.get(sub_id)
                row.setVisible(field is not None)
                if field is not None:
                    row.show_state(field.required, [m for m in messages if m.path == row.path])
