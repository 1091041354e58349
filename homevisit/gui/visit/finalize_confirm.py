"""Finalizing is deliberate: a confirmation that lists what will be sent to the supervisor
and warns about flags nobody has explained yet (they stay explainable afterwards, until the
supervisor decides them)."""

from __future__ import annotations

from collections.abc import Sequence

from homevisit.gui.qt import QMessageBox, Qt, QWidget
from homevisit.visits import draft


class FinalizeConfirm(QMessageBox):
    """``accepted`` means: finalize now. Opened window-modal with :meth:`open`."""

    def __init__(self, attachments: Sequence[draft.AttachmentView],
                 flags: Sequence[draft.FlagView], version: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finalizeConfirm")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Finalize the visit"))
        photos = sum(1 for a in attachments if a.doc_type not in draft.SIGNATURES)
        signatures = sum(1 for a in attachments if a.doc_type in draft.SIGNATURES)
        unexplained = sum(1 for f in flags if f.status == "open")
        self.sent = [
            self.tr("The visit record (version %1) with the consent record")
            .replace("%1", str(version)),
            self.tr("%1 photos and documents").replace("%1", str(photos)),
            self.tr("%1 signatures").replace("%1", str(signatures)),
            self.tr("%1 flags (%2 explained, %3 not explained yet)")
            .replace("%1", str(len(flags))).replace("%2", str(len(flags) - unexplained))
            .replace("%3", str(unexplained)),
        ]
        self.setText(self.tr("Finalize this visit? It becomes read-only on this device and "
                             "is sent to your supervisor at the next sync:"))
        lines = "\n".join(f"• {line}" for line in self.sent)
        if unexplained:
            lines += "\n\n" + self.tr(
                "%1 flags have no explanation yet. You can still explain them after "
                "finalizing, until the supervisor decides them; the visit cannot be "
                "approved before that.").replace("%1", str(unexplained))
        self.setInformativeText(lines)
        self.finalize_button = self.addButton(self.tr("&Finalize"),
                                              QMessageBox.ButtonRole.AcceptRole)
        self.finalize_button.setObjectName("confirmFinalize")
        self.back_button = self.addButton(self.tr("&Keep checking"),
                                          QMessageBox.ButtonRole.RejectRole)
        self.back_button.setObjectName("keepChecking")
        self.setDefaultButton(self.back_button)  # Enter must not finalize by accident
        self.setEscapeButton(self.back_button)
