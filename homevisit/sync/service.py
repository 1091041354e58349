"""The sync service the GUI drives (issue 5 §5): its own thread; runs on demand, on a timer
and when connectivity returns; cancel; progress snapshot; last result; pending counts.

Callback-based and thread-safe, no Qt: listeners are called on the sync thread, so the GUI
wraps them in signals (queued to its own thread). Nothing here blocks the caller.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from homevisit.model import Attachment, Conflict, Outbox
from homevisit.sync.engine import SyncEngine
from homevisit.sync.progress import PendingCounts, Progress, SyncResult

Listener = Callable[[Progress], None]
Finished = Callable[[SyncResult], None]


def pending_counts(session: Session) -> PendingCounts:
    """Outbox rows waiting, quarantined ops, open conflicts, files not yet uploaded."""
    def count(query: object) -> int:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]

    return PendingCounts(
        outbox=count(select(func.count()).select_from(Outbox)
                     .where(Outbox.quarantined.is_(False))),
        quarantined=count(select(func.count()).select_from(Outbox)
                          .where(Outbox.quarantined.is_(True))),
        conflicts=count(select(func.count()).select_from(Conflict)
                        .where(Conflict.resolved_at.is_(None))),
        uploads=count(select(func.count()).select_from(Attachment).where(
            Attachment.uploaded.is_(False), Attachment.deleted.is_(False),
            Attachment.file_key != b"")),
    )


class SyncService:
    """Owns a :class:`SyncEngine` and the thread that runs it."""

    def __init__(self, engine: SyncEngine, *, interval_seconds: float | None = 900.0) -> None:
        self.engine = engine
        self.interval = interval_seconds
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._wanted = False
        self._progress = Progress()
        self._last: SyncResult | None = None
        self._listeners: list[Listener] = []
        self._finished: list[Finished] = []
        self._thread: threading.Thread | None = None

    # --- control (any thread) -------------------------------------------------------------

    def start(self) -> None:
        """Start the thread (idempotent). It syncs on request, on the timer, when online."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="homevisit-sync",
                                                daemon=True)
                self._thread.start()

    def request_sync(self) -> None:
        """Sync as soon as possible (a request during a run queues one more run)."""
        with self._lock:
            self._wanted = True
            self._idle.clear()
        self._wake.set()

    def notify_online(self) -> None:
        """Connectivity came back: sync now."""
        self.request_sync()

    def cancel(self) -> None:
        """Stop the current run now, a request in flight included (a committed step stays
        committed): the GUI's cancel and lock act at once."""
        self.engine.abort()

    def stop(self, timeout: float = 30.0) -> None:
        """Cancel, end the thread and close the HTTP client."""
        self._stop.set()
        self.cancel()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.engine.close()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no run is requested or running (tests, CLI)."""
        return self._idle.wait(timeout)

    def add_listener(self, on_progress: Listener | None = None,
                     on_finished: Finished | None = None) -> None:
        with self._lock:
            if on_progress:
                self._listeners.append(on_progress)
            if on_finished:
                self._finished.append(on_finished)

    # --- state (any thread) -------------------------------------------------------------

    @property
    def progress(self) -> Progress:
        with self._lock:
            return self._progress

    @property
    def last_result(self) -> SyncResult | None:
        with self._lock:
            return self._last

    def pending(self) -> PendingCounts:
        return self.engine.store.run(pending_counts)

    # --- the thread -----------------------------------------------------------------------

    def _report(self, progress: Progress) -> None:
        with self._lock:
            self._progress = progress
            listeners = list(self._listeners)
        for listener in listeners:
            listener(progress)

    def _loop(self) -> None:
        while not self._stop.is_set():
            woke = self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                break
            with self._lock:
                wanted, self._wanted = self._wanted, False
            if not (woke or wanted) and self.interval is None:
                continue
            self.engine.cancel.clear()
            result = self.engine.run(self._report)
            with self._lock:
                self._last = result
                finished = list(self._finished)
                if not self._wanted:
                    self._idle.set()
            for callback in finished:
                callback(result)
        self._idle.set()
