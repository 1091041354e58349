"""The status bar of the unlocked app: online/offline, pending count, last sync, progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homevisit.gui.qt import QLabel, QProgressBar, QStatusBar, QWidget
from homevisit.sync.overview import SyncOverview


def local_time(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class SyncStatus(QWidget):
    """A group of permanent status-bar widgets; :meth:`attach` adds them to a status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.online_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.last_sync_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.set_online(None)
        self.set_overview(SyncOverview())

    def attach(self, bar: QStatusBar) -> None:
        for widget in (self.online_label, self.pending_label, self.last_sync_label,
                       self.progress):
            bar.addPermanentWidget(widget)

    def detach(self, bar: QStatusBar) -> None:
        for widget in (self.online_label, self.pending_label, self.last_sync_label,
                       self.progress):
            bar.removeWidget(widget)

    def set_online(self, online: bool | None) -> None:
        if online is None:
            self.online_label.setText(self.tr("Not synced yet"))
        else:
            self.online_label.setText(self.tr("● Online") if online else self.tr("○ Offline"))

    def set_overview(self, overview: SyncOverview) -> None:
        self.pending_label.setText(self.tr("{0} waiting to send").format(overview.pending))
        when = local_time(overview.last_sync_at)
        self.last_sync_label.setText(
            self.tr("Last sync {0}").format(when) if when else self.tr("Never synced"))

    def show_progress(self, progress: Any) -> None:
        total = getattr(progress, "total", None)
        done = getattr(progress, "done", 0)
        self.progress.show()
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)  # busy indicator while the length is unknown

    def hide_progress(self) -> None:
        self.progress.hide()
