"""同步: connection state, work waiting to be sent, conflicts and refused items, sync now."""

from __future__ import annotations

from typing import Any

from homevisit.changes import StoreChanges
from homevisit.gui.messages import error_text
from homevisit.gui.qt import (
    QBoxLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.statusbar import local_time, pending_line, pending_text
from homevisit.gui.store_changes import store_changes
from homevisit.gui.sync_bridge import SyncBridge
from homevisit.gui.tasks import run_in_store
from homevisit.gui.uiload import child, load_ui
from homevisit.gui.visit.fields import text_of
from homevisit.sync.conflicts import resolve
from homevisit.sync.overview import SyncOverview, sync_overview
from homevisit.sync.pending import discard_refused, retry_refused
from homevisit.sync.purge import HOUSEHOLD_LEFT
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
            "documents": self.tr("Receiving forms and code lists…"),
            "purging": self.tr("Cleaning up…"), "done": self.tr("Done"),
            "failed": self.tr("Failed"),
        }
        # What will be sent, one line per household (above the conflicts).
        self.pending_box = QGroupBox(self.tr("What will be sent"), self)
        self.pending_list = QListWidget(self.pending_box)
        self.pending_list.setObjectName("pendingList")
        QVBoxLayout(self.pending_box).addWidget(self.pending_list)
        page_layout = root.layout()
        assert isinstance(page_layout, QBoxLayout)  # the .ui lays the page out in a box
        page_layout.insertWidget(2, self.pending_box)
        # Conflicts and refused items are settled here, not only from the command line.
        self.keep_local, self.take_server = self._actions(
            "conflictsBox", ("keepLocal", self.tr("Keep &mine")),
            ("takeServer", self.tr("Take the &server's")))
        self.retry_button, self.discard_button = self._actions(
            "quarantineBox", ("retryRefused", self.tr("&Retry")),
            ("discardRefused", self.tr("&Discard")))
        self.keep_local.clicked.connect(lambda: self._resolve("local"))
        self.take_server.clicked.connect(lambda: self._resolve("server"))
        self.retry_button.clicked.connect(lambda: self._refused(retry_refused))
        self.discard_button.clicked.connect(lambda: self._refused(discard_refused))
        self.conflicts.currentRowChanged.connect(lambda _row: self._update_actions())
        self.quarantine.currentRowChanged.connect(lambda _row: self._update_actions())
        self.overview = SyncOverview()
        # One reading of what waits to be sent, fresh after every write that queued work:
        # the status bar shows this page's overview, so the two never disagree.
        store_changes(workspace.store).changed.connect(self._store_changed)
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button.clicked.connect(bridge.cancel)
        bridge.progress.connect(self._progress)
        bridge.finished.connect(self._finished)
        bridge.running_changed.connect(self._running)
        bridge.failed.connect(
            lambda _: self.result_label.setText(self.tr("The sync engine is not available.")))
        self._running(False)
        self._update_actions()
        self.state_label.setText(self.tr("Not connected yet"))
        self.result_label.setText(self.tr("No sync in this session yet."))

    def _store_changed(self, changed: StoreChanges) -> None:
        if changed.touches("outbox", "conflicts", "sync_state"):
            self.refresh()

    def sync_now(self) -> None:
        if not self._bridge.sync_now():
            self.result_label.setText(self.tr("The sync engine is not available."))

    def refresh(self) -> None:
        run_in_store(self._workspace.store, sync_overview, self._show, owner=self)

    def _show(self, overview: SyncOverview) -> None:
        self.overview = overview
        self.server_label.setText(overview.server_url or self.tr("Not enrolled with a server"))
        self.last_sync_label.setText(local_time(overview.last_sync_at) or self.tr("Never"))
        self.pending_label.setText(pending_text(overview.work))
        self.pending_list.clear()
        for household in overview.work.by_household:
            self.pending_list.addItem(pending_line(household))
        if overview.work.empty:
            self.pending_list.addItem(self.tr("Nothing waiting to send."))
        self.conflicts.clear()
        for item in overview.conflicts:
            self._add(self.conflicts, item.id, self.tr("{0}: fields {1} changed on both sides")
                      .format(item.entity, ", ".join(item.fields)))
        if not overview.conflicts:
            self.conflicts.addItem(self.tr("No conflicts."))
        self.quarantine.clear()
        for queued in overview.quarantined:
            if queued.reason == HOUSEHOLD_LEFT:  # kept when its household was handed over
                self._add(self.quarantine, queued.op_id, self.tr(
                    "{0} #{1}: the household is no longer yours (handed over); not sent, "
                    "kept on this computer: “{2}”").format(
                    queued.entity, queued.op_id, queued.kept))
                continue
            self._add(self.quarantine, queued.op_id, self.tr("{0} #{1}: {2}").format(
                queued.entity, queued.op_id, queued.reason or self.tr("refused")))
        for refused in overview.refused_documents:
            # A published document this app cannot use: nothing to retry, only to read.
            self.quarantine.addItem(text_of(refused))
        if not overview.quarantined and not overview.refused_documents:
            self.quarantine.addItem(self.tr("Nothing refused."))
        self._update_actions()
        self.overview_changed.emit(overview)

    # --- settling conflicts and refused items -----------------------------------------------

    def _actions(self, box_name: str, *buttons: tuple[str, str]) -> list[QPushButton]:
        """Buttons in a row under the list of the group box ``box_name``."""
        box = self.findChild(QGroupBox, box_name)
        assert box is not None and box.layout() is not None
        row = QHBoxLayout()
        row.addStretch(1)
        made = []
        for name, text in buttons:
            button = QPushButton(text, box)
            button.setObjectName(name)
            row.addWidget(button)
            made.append(button)
        box.layout().addLayout(row)  # type: ignore[union-attr]
        return made

    @staticmethod
    def _add(listing: QListWidget, key: int, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        listing.addItem(item)

    @staticmethod
    def _selected(listing: QListWidget) -> int | None:
        item = listing.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return key if isinstance(key, int) else None

    def _update_actions(self) -> None:
        conflict = self._selected(self.conflicts) is not None
        refused = self._selected(self.quarantine) is not None
        self.keep_local.setEnabled(conflict)
        self.take_server.setEnabled(conflict)
        self.retry_button.setEnabled(refused)
        self.discard_button.setEnabled(refused)

    def _resolve(self, side: str) -> None:
        conflict_id = self._selected(self.conflicts)
        if conflict_id is not None:
            run_in_store(self._workspace.store,
                         lambda s: resolve(s, conflict_id, default=side),  # type: ignore[arg-type]
                         lambda _: self._settled(), self._failed, owner=self)

    def _refused(self, action: Any) -> None:
        op_id = self._selected(self.quarantine)
        if op_id is not None:
            run_in_store(self._workspace.store, lambda s: action(s, op_id),
                         lambda _: self._settled(), self._failed, owner=self)

    def _settled(self) -> None:
        self.refresh()
        self._bridge.sync_now()  # send what was settled (does nothing while offline)

    def _failed(self, error: BaseException) -> None:
        self.result_label.setText(error_text(error))

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
