"""Before an export or a print: where the file goes, whether it carries full ID numbers and
phones, and the passphrase when the last one is not fresh or full numbers are wanted
(DESIGN §4: printing and exporting re-authenticate; full numbers only after re-entering
it). The dialog only collects the choice; the core checks it again (homevisit.reauth,
policy ``export_full_ids``) and writes, audited first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from homevisit.gui.qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class ExportChoice:
    out: Path
    full_ids: bool
    passphrase: str | None  # None: the last proof is still fresh


class ExportDialog(QDialog):
    """Collects an :class:`ExportChoice`; ``full_ids_note`` says why full numbers are not
    offered when ``full_ids_allowed`` is False; ``offer_full_ids`` False hides the option
    (a document without ID numbers)."""

    def __init__(self, parent: QWidget | None, *, title: str, suggested: str,
                 file_filter: str, full_ids_allowed: bool, full_ids_note: str,
                 fresh: bool, offer_full_ids: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._filter, self._fresh = file_filter, fresh
        layout = QVBoxLayout(self)
        form = QFormLayout()
        where = QHBoxLayout()
        self.path = QLineEdit(suggested, self)
        self.path.setObjectName("exportPath")
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.setObjectName("exportBrowse")
        browse.clicked.connect(self._browse)
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form.addRow(self.tr("Save as:"), where)
        self.full_ids = QCheckBox(self.tr("Include full ID numbers and phones"), self)
        self.full_ids.setObjectName("exportFullIds")
        self.full_ids.setEnabled(full_ids_allowed)
        form.addRow("", self.full_ids)
        self.note = QLabel(full_ids_note if not full_ids_allowed else self.tr(
            "Full numbers need your passphrase again; the file is recorded in the audit "
            "log. Keep it safe and delete it after use."), self)
        self.note.setObjectName("exportNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")
        form.addRow("", self.note)
        # A table of counts (the dashboard's) holds no number to reveal: no such option.
        self.full_ids.setVisible(offer_full_ids)
        self.note.setVisible(offer_full_ids)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("exportPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = QLabel(self.tr("Passphrase:"), self)
        form.addRow(self.passphrase_label, self.passphrase)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("exportOk")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for signal in (self.path.textChanged, self.passphrase.textChanged):
            signal.connect(lambda _t: self._update())
        self.full_ids.toggled.connect(lambda _on: self._update())
        self._update()

    @property
    def needs_passphrase(self) -> bool:
        return not self._fresh or self.full_ids.isChecked()

    def _update(self) -> None:
        needed = self.needs_passphrase
        self.passphrase.setVisible(needed)
        self.passphrase_label.setVisible(needed)
        self.ok_button.setEnabled(bool(self.path.text().strip())
                                  and (not needed or bool(self.passphrase.text())))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), self.path.text(),
                                              self._filter)
        if name:
            self.path.setText(name)

    def choice(self) -> ExportChoice:
        return ExportChoice(Path(self.path.text().strip()), self.full_ids.isChecked(),
                            self.passphrase.text() if self.needs_passphrase else None)

    def done(self, result: int) -> None:
        # The passphrase does not outlive the dialog's answer.
        super().done(result)
        if result != QDialog.DialogCode.Accepted:
            self.passphrase.clear()
