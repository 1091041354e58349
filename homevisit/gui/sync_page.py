"""同步: connection state, work waiting to be sent, conflicts and refused items, sync now."""

from __future__ import annotations

from typing import Any

from homevisit.gui.messages import error_text
from homevisit.gui.qt import QLabel, QListWidget, QProgressBar, QPushButton, QWidget, Signal
from homevisit.gui.statusbar import local_time
from homevisit.gui.sync_bridge import SyncBridge
from homevisit.gui.tasks import run_in_store
from homevisit.gui.uiload import child, load_ui
from homevisit.sync.overview import SyncOverview, sync_overview
from homevisit.workspace import Workspace


class SyncPage(QWidget):
    """Emits :attr:`overview_changed` with each fresh :class:`SyncOverview`."""

    overview_changed = Signal(object)

    def __init__(self, workspace: Workspace, bridge: SyncBridge,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._bridge = bridge
        root = load_ui("sync_page", self)
        self.server_label = child(root, QLabel, "serverLabel")
        self.state_label = child(root, QLabel, "stateLabel")
        self.last_sync_label = child(root, QLabel, "lastSyncLabel")
        self.pending_label = child(root, QLabel, "pendingLabel")
        self.result_label = child(root, QLabel, "resultLabel")
        self.sync_button = child(root, QPushButton, "syncButton")
        self.cancel_button = child(root, QPushButton, "cancelButton")
        self.progress = child(root, QProgressBar, "progressBar")
        self.conflicts = child(root, QListWidget, "conflictsList")
        self.quarantine = child(root, QListWidget, "quarantineList")
        self._phases = {
            "idle": self.tr("Idle"), "connecting": self.tr("Connecting…"),
            "uploading": self.tr("Uploading files…"), "pushing": self.tr("Sending changes…"),
            "pulling": self.tr("Receiving changes…"), "resetting": self.tr("Re-downloading…"),
            "purging": self.tr("Cleaning up…"), "done": self.tr("Done"),
            "failed": self.tr("Failed"),
        }
        self.overview = SyncOverview()
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button.clicked.connect(bridge.cancel)
        bridge.progress.connect(self._progress)
        bridge.finished.connect(self._finished)
        bridge.running_changed.connect(self._running)
        bridge.failed.connect(
            lambda _: self.result_label.setText(self.tr("The sync engine is not available.")))
        self._running(False)
        self.state_label.setText(self.tr("Not synced yet"))
        self.result_label.setText(self.tr("No sync in this session yet."))

    def sync_now(self) -> None:
        if not self._bridge.sync_now():
            self.result_label.setText(self.tr("The sync engine is not available."))

    def refresh(self) -> None:
        run_in_store(self._workspace.store, sync_overview, self._show, owner=self)

    def _show(self, overview: SyncOverview) -> None:
        self.overview = overview
        self.server_label.setText(overview.server_url or self.tr("Not enrolled with a server"))
        self.last_sync_label.setText(local_time(overview.last_sync_at) or self.tr("Never"))
        self.pending_label.setText(self.tr("{0} changes").format(overview.pending))
        self.conflicts.clear()
        for item in overview.conflicts:
            self.conflicts.addItem(self.tr("{0}: fields {1} changed on both sides").format(
                item.entity, ", ".join(item.fields)))
        if not overview.conflicts:
            self.conflicts.addItem(self.tr("No conflicts."))
        self.quarantine.clear()
        for queued in overview.quarantined:
            self.quarantine.addItem(self.tr("{0} #{1}: {2}").format(
                queued.entity, queued.op_id, queued.reason or self.tr("refused")))
        if not overview.quarantined:
            self.quarantine.addItem(self.tr("Nothing refused."))
        self.overview_changed.emit(overview)

    def _progress(self, progress: Any) -> None:
        phase = str(getattr(progress, "phase", "idle"))
        self.result_label.setText(self._phases.get(phase, phase))
        total = getattr(progress, "total", None)
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(getattr(progress, "done", 0), total))
        else:
            self.progress.setRange(0, 0)

    def _finished(self, result: Any) -> None:
        error = getattr(result, "error", None)
        if error is None:
            self.state_label.setText(self.tr("● Online"))
            self.result_label.setText(self.tr("Sent {0}, received {1}.").format(
                getattr(result, "pushed", 0), getattr(result, "pulled", 0)))
        else:
            self.state_label.setText(self.tr("○ Offline"))
            self.result_label.setText(error_text(error))
        self.refresh()

    def _running(self, running: bool) -> None:
        self.sync_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
