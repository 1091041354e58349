"""The status bar of the unlocked app: online/offline, pending count, last sync, progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homevisit.gui.qt import QCoreApplication, QLabel, QProgressBar, QStatusBar, QWidget
from homevisit.sync.overview import SyncOverview
from homevisit.sync.pending import PendingHousehold, PendingWork


def pending_text(work: PendingWork) -> str:
    """Work waiting to be sent, in things a person counts, with units ("1 visit, 2 photos
    waiting to send"); the status bar and the sync page both say it this way."""
    if work.empty:
        return QCoreApplication.translate("SyncStatus", "Nothing waiting to send")
    units = ((work.visits, QCoreApplication.translate("SyncStatus", "%1 visits")),
             (work.photos, QCoreApplication.translate("SyncStatus", "%1 photos")),
             (work.households, QCoreApplication.translate("SyncStatus", "%1 household records")),
             (work.other, QCoreApplication.translate("SyncStatus", "%1 other items")))
    parts = [unit.replace("%1", str(count)) for count, unit in units if count]
    joined = QCoreApplication.translate("SyncStatus", ", ").join(parts)
    return QCoreApplication.translate("SyncStatus", "%1 waiting to send").replace("%1", joined)


def pending_line(item: PendingHousehold) -> str:
    """One line of the list of what will be sent: whose, and what."""
    parts = []
    if item.visits:
        parts.append(QCoreApplication.translate("SyncStatus", "visit record"))
    if item.photos:
        photos = QCoreApplication.translate("SyncStatus", "%1 photos")
        parts.append(photos.replace("%1", str(item.photos)))
    if item.records:
        parts.append(QCoreApplication.translate("SyncStatus", "household record"))
    who = (QCoreApplication.translate("SyncStatus", "%1's household").replace("%1", item.guardian)
           if item.guardian else QCoreApplication.translate("SyncStatus", "A household"))
    return f"{who}: {QCoreApplication.translate('SyncStatus', ', ').join(parts)}"


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
        if online is None:  # no contact in this session yet (the last sync is shown apart)
            self.online_label.setText(self.tr("Not connected yet"))
        else:
            self.online_label.setText(self.tr("● Online") if online else self.tr("○ Offline"))

    def set_overview(self, overview: SyncOverview) -> None:
        self.pending_label.setText(pending_text(overview.work))
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
