"""A wizard page generated from one step of the form definition."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homevisit.gui.qt import QLabel, QVBoxLayout, QWidget, Signal
from homevisit.gui.visit.fields import text_of
from homevisit.gui.visit.roster import RosterEditor
from homevisit.gui.visit.rows import FieldRow
from homevisit.visits.forms import FormState, Message, StepDef


class StepPage(QWidget):
    """Every field of the step, built once; the form state decides which are shown, which
    are required and which messages appear next to them. ``edited`` carries the path."""

    edited = Signal(str)

    def __init__(self, step: StepDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.setObjectName(f"step:{step.id}")
        self.rows: dict[str, FieldRow] = {}
        self.rosters: dict[str, RosterEditor] = {}
        layout = QVBoxLayout(self)
        self.help = QLabel(text_of(step.help), self)
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #5f6368;")
        self.help.setVisible(step.help is not None)
        layout.addWidget(self.help)
        for field in step.fields:
            if field.is_roster:
                roster = RosterEditor(field, self)
                roster.edited.connect(self.edited)
                self.rosters[field.id] = roster
                layout.addWidget(roster)
            else:
                row = FieldRow(field, field.path, self)
                row.edited.connect(self.edited)
                self.rows[field.id] = row
                layout.addWidget(row)
        layout.addStretch(1)

    def title(self) -> str:
        return text_of(self.step.title)

    def set_answers(self, answers: Mapping[str, Any] | None) -> None:
        answers = answers or {}
        for field_id, row in self.rows.items():
            row.editor.set_value(answers.get(field_id))
        for field_id, roster in self.rosters.items():
            roster.set_value(answers.get(field_id))

    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field_id, row in self.rows.items():
            value = row.editor.value()
            if value is not None:
                out[field_id] = value
        for field_id, roster in self.rosters.items():
            items = roster.value()
            if items:
                out[field_id] = items
        return out

    def show_state(self, state: FormState,
                   shown: Callable[[Message], bool] = lambda _m: True) -> None:
        """Show fields as ``state`` says; ``shown`` filters messages (e.g. "required" ones
        wait until the user touched the field or left the step)."""
        step = state.step(self.step.id)
        visible = {f.definition.id: f for f in step.fields} if step else {}
        for field_id, row in self.rows.items():
            field = visible.get(field_id)
            row.setVisible(field is not None)
            if field is not None:
                row.show_state(field.required,
                               [m for m in state.messages_for(row.path) if shown(m)])
        prefix = f"{self.step.id}."
        mine = [m for m in state.messages if m.path.startswith(prefix) and shown(m)]
        for field_id, roster in self.rosters.items():
            roster.setVisible(field_id in visible)
            roster.show_state(visible.get(field_id), mine)

    def row(self, field_id: str) -> FieldRow:
        return self.rows[field_id]
