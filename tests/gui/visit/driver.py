"""Drives the visit wizard's real widgets as a counselor would: typing into fields,
clicking radio buttons and check boxes, choosing from lists, dragging on pads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from homevisit.gui.qt import (
    QCheckBox,
    QCoreApplication,
    QInputMethodEvent,
    QPoint,
    QPushButton,
    Qt,
    QWidget,
)
from homevisit.gui.visit.fields import (
    BooleanField,
    ChoiceField,
    LineField,
    MultiChoiceField,
    TextAreaField,
)
from homevisit.gui.visit.rows import FieldRow
from homevisit.gui.visit.wizard import VisitWizard


class Counselor:
    def __init__(self, qtbot: Any, wizard: VisitWizard) -> None:
        self.qtbot = qtbot
        self.wizard = wizard

    # --- finding things ---------------------------------------------------------------------

    def row(self, path: str) -> FieldRow:
        """The row of ``step.field`` or ``step.roster.index.field``."""
        parts = path.split(".")
        page = self.wizard.page(parts[0]).step
        assert page is not None
        if len(parts) == 2:
            return page.row(parts[1])
        return page.rosters[parts[1]].row(int(parts[2]), parts[3])

    def message(self, path: str) -> str:
        return self.row(path).message_text()

    # --- doing things ------------------------------------------------------------------------

    def keys(self, widget: QWidget, text: str) -> None:
        """Type ``text``: ASCII as key presses; Chinese as an input method commits it (QTest
        can only synthesise ASCII keys)."""
        widget.setFocus()
        if text.isascii():
            self.qtbot.keyClicks(widget, text)
            return
        event = QInputMethodEvent()
        event.setCommitString(text)
        QCoreApplication.sendEvent(widget, event)

    def type(self, path: str, text: str) -> None:
        editor = self.row(path).editor
        if isinstance(editor, TextAreaField):
            self.keys(editor.edit, text)
            return
        assert isinstance(editor, LineField)
        editor.line.setFocus()
        editor.line.selectAll()
        self.qtbot.keyClick(editor.line, Qt.Key.Key_Backspace)
        self.keys(editor.line, text)
        self.qtbot.keyClick(editor.line, Qt.Key.Key_Tab)

    def answer(self, path: str, yes: bool) -> None:
        editor = self.row(path).editor
        assert isinstance(editor, BooleanField)
        self.click(editor.yes if yes else editor.no)

    def choose(self, path: str, code: str) -> None:
        editor = self.row(path).editor
        assert isinstance(editor, ChoiceField)
        # The popup list of a combo box does not open offscreen; pick the entry as the
        # keyboard would and report it the way a click on the entry does.
        index = editor.combo.findData(code)
        assert index >= 0, code
        editor.combo.setFocus()
        editor.combo.setCurrentIndex(index)
        editor.combo.activated.emit(index)

    def tick(self, path: str, *codes: str) -> None:
        editor = self.row(path).editor
        assert isinstance(editor, MultiChoiceField)
        for code in codes:
            box = editor.findChild(QCheckBox, f"choice:{code}")
            assert box is not None, code
            self.click(box)

    def click(self, widget: QWidget) -> None:
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton,
                              pos=QPoint(min(8, widget.width() // 2), widget.height() // 2))

    def press(self, name: str) -> None:
        button = self.wizard.findChild(QPushButton, name)
        assert button is not None, name
        assert button.isEnabled(), name
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def finalize(self) -> Any:
        """Press 定稿, then confirm in the dialog that lists what will be sent; returns the
        confirmation dialog (already closed)."""
        from homevisit.gui.visit.finalize_confirm import FinalizeConfirm

        self.press("finalizeButton")
        dialog = next(d for d in self.wizard.findChildren(FinalizeConfirm) if d.isVisible())
        self.shot(dialog, "finalize_confirm")
        self.qtbot.mouseClick(dialog.finalize_button, Qt.MouseButton.LeftButton)
        return dialog

    def drag(self, widget: QWidget, points: list[tuple[int, int]]) -> None:
        """A mouse drag through ``points`` (press at the first, release at the last)."""
        first = QPoint(*points[0])
        self.qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=first)
        for x, y in points[1:]:
            self.qtbot.mouseMove(widget, QPoint(x, y))
        self.qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))

    def shot(self, widget: QWidget | None = None, name: str | None = None) -> None:
        """With HOMEVISIT_VISIT_SHOTS=dir, render the current step (or ``widget``) to PNG."""
        shots = os.environ.get("HOMEVISIT_VISIT_SHOTS")
        if shots:
            page = self.wizard.current_page()
            name = name or f"{self.wizard.pages.index(page):02d}_{page.id}"
            (widget or self.wizard).grab().save(str(Path(shots) / f"{name}.png"))

    def next(self) -> None:
        self.shot()  # each step as the counselor leaves it
        self.click(self.wizard.next_button)

    def saved(self) -> Any:
        """``with counselor.saved():`` waits for the wizard to report a write to the store."""
        return self.qtbot.waitSignal(self.wizard.saved, timeout=10_000)
