"""A signature pad with its buttons: clear, save, and whether a signature is on file."""

from __future__ import annotations

from homevisit.gui.qt import QHBoxLayout, QImage, QLabel, QPushButton, QVBoxLayout, QWidget, Signal
from homevisit.gui.visit.signature_pad import SignaturePad


class SignatureBox(QWidget):
    """``save_requested(png)`` asks the wizard to store the drawn signature."""

    save_requested = Signal(bytes)

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        heading = QLabel(title, self)
        heading.setStyleSheet("font-weight: bold;")
        self.pad = SignaturePad(self)
        self.pad.setObjectName(f"{name}Pad")
        self.state = QLabel(self)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.save_button = QPushButton(self.tr("Save signature"), self)
        self.save_button.setObjectName(f"{name}Save")
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        layout.addWidget(heading)
        layout.addWidget(self.pad)
        layout.addLayout(buttons)
        self.clear_button.clicked.connect(self.pad.clear)
        self.save_button.clicked.connect(self._save)
        self.pad.changed.connect(self._update)
        self.saved = False
        self._update()

    def has_unsaved(self) -> bool:
        """A signature drawn and not stored yet."""
        return not self.pad.is_empty() and self.save_button.isEnabled() \
            and self.save_button.isVisible()

    def save_now(self) -> None:
        """Store what is drawn (the wizard calls this when the user moves on, so a drawn
        signature is never lost for want of a click on 保存签名)."""
        self._save()

    def _save(self) -> None:
        if not self.pad.is_empty():
            self.save_button.setEnabled(False)
            self.save_requested.emit(self.pad.to_png())

    def _update(self) -> None:
        self.save_button.setEnabled(not self.pad.is_empty())
        if self.saved and self.pad.is_empty():
            self.state.setText(self.tr("Signature on file."))
        elif not self.pad.is_empty():
            self.state.setText(self.tr("Not saved yet."))
        else:
            self.state.setText(self.tr("Sign inside the box with a mouse, pen or finger."))

    def mark_saved(self, saved: bool = True) -> None:
        self.saved = saved
        if saved and not self.pad.is_empty():
            # What was just stored stays on screen, as the signature on file.
            self.pad.saved_image = self.pad.to_image()
            self.pad.strokes = []
            self.pad.update()
        self._update()

    def show_saved(self, image: QImage) -> None:
        """The stored signature, decrypted in memory (e.g. when the visit is reopened)."""
        if self.pad.is_empty():
            self.pad.saved_image = image
            self.pad.update()

    def set_read_only(self, read_only: bool) -> None:
        self.pad.setEnabled(not read_only)
        self.clear_button.setVisible(not read_only)
        self.save_button.setVisible(not read_only)
