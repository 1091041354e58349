"""The sync engine's service wrapped for Qt: its callbacks (on the sync thread) become
signals delivered on the GUI thread, and stopping it never blocks the GUI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homevisit.gui.qt import QObject, Qt, Signal, Slot
from homevisit.gui.tasks import run_in_background
from homevisit.workspace import Workspace

# What builds the service for a workspace; tests and the demo may pass their own.
ServiceFactory = Callable[[Workspace], Any]


def default_service(workspace: Workspace) -> Any:
    """The sync engine's :class:`SyncService` for this workspace (imported lazily so the
    app starts fast and the shell works without the engine)."""
    from homevisit.sync.engine import engine_for
    from homevisit.sync.service import SyncService

    return SyncService(engine_for(workspace))


class SyncBridge(QObject):
    """``progress`` carries a ``homevisit.sync.progress.Progress``; ``finished`` a
    ``SyncResult``; ``running`` says whether a run is under way."""

    progress = Signal(object)
    finished = Signal(object)
    running_changed = Signal(bool)
    failed = Signal(object)  # the service could not be built
    _progress_raw = Signal(object)
    _finished_raw = Signal(object)

    def __init__(self, workspace: Workspace, factory: ServiceFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._factory = factory or default_service
        self._service: Any = None
        self._preparing = self._wanted = self._closed = False
        self.unavailable = False
        self.running = False
        self.last_result: Any = None
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_raw.connect(self._on_progress, queued)
        self._finished_raw.connect(self._on_finished, queued)

    def prepare(self) -> None:
        """Build the service on a background thread (importing the sync engine and httpx
        takes long enough to show as a hitch if done on the GUI thread)."""
        if self._service is not None or self._preparing:
            return
        self._preparing = True
        run_in_background(lambda: self._factory(self._workspace), self._ready,
                          self._unavailable, owner=self)

    def _ready(self, service: Any) -> None:
        self._preparing = False
        if self._closed:
            run_in_background(service.stop)
            return
        self._service = service
        service.add_listener(self._progress_raw.emit, self._finished_raw.emit)
        service.start()
        if self._wanted:
            self._wanted = False
            service.request_sync()

    def _unavailable(self, error: BaseException) -> None:
        self._preparing = False
        self.unavailable = True
        if self._wanted:
            self._wanted = False
            self._set_running(False)
        self.failed.emit(error)

    def sync_now(self) -> bool:
        """Ask for a sync (queued until the service is ready); False when no sync engine
        can be built."""
        if self.unavailable:
            return False
        self._set_running(True)
        if self._service is None:
            self._wanted = True
            self.prepare()
        else:
            self._service.request_sync()
        return True

    def cancel(self) -> None:
        if self._service is not None:
            self._service.cancel()

    def shutdown(self, then: Callable[[], None] | None = None) -> None:
        """Cancel and stop the sync thread in the background; ``then`` runs on the GUI
        thread afterwards (the app closes the store only after this)."""
        self._closed = True
        service, self._service = self._service, None
        if service is None:
            if then is not None:
                then()
            return
        run_in_background(service.stop, lambda _: then and then(), lambda _: then and then())

    def detach_service(self) -> Any:
        """Hand the running service to the caller (quit stops it synchronously)."""
        self._closed = True
        service, self._service = self._service, None
        return service

    @Slot(object)
    def _on_progress(self, progress: Any) -> None:
        self._set_running(True)
        self.progress.emit(progress)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self.last_result = result
        self._set_running(False)
        self.finished.emit(result)

    def _set_running(self, running: bool) -> None:
        if running != self.running:
            self.running = running
            self.running_changed.emit(running)
