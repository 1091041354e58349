"""Background work for the GUI: store access on the store's worker, everything else on a
small pool, results delivered back on the GUI thread (Anki's taskman and QueryOp).

The GUI thread never calls ``store.run`` or waits on a Future. It calls :func:`run_in_store`
(or :func:`run_in_background` for network and key derivation) with callbacks; the callbacks
run later on the GUI thread through a queued signal. If ``owner`` (a widget or model) has
been destroyed by then — e.g. the app locked and cleared its pages — the result is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from homevisit.gui.qt import (
    QCoreApplication,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
    qt_is_valid,
)

if TYPE_CHECKING:  # the unlock window must come up without SQLAlchemy loaded
    from sqlalchemy.orm import Session

    from homevisit.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[T], None]
OnError = Callable[[BaseException], None]

# Key derivation and HTTP calls; two threads so an unlock never waits behind a slow sync.
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="homevisit-gui-bg")


class _Relay(QObject):
    """Lives on the GUI thread; its signal is emitted from a worker and so is queued."""

    finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Queued even when emitted on the GUI thread: callbacks never run inside the caller.
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.callback: Callable[[Future[Any]], None] | None = None

    @Slot(object)
    def _deliver(self, future: Future[Any]) -> None:
        _live.discard(self)
        callback, self.callback = self.callback, None
        if callback is not None:
            callback(future)
        self.deleteLater()


_live: set[_Relay] = set()  # keeps relays alive until they deliver


def _default_error(error: BaseException) -> None:
    # Error types only: messages of lower layers might carry personal data.
    log.error("background task failed: %s", type(error).__name__)


def deliver(
    future: Future[T],
    on_done: OnDone[T] | None = None,
    on_error: OnError | None = None,
    *,
    owner: QObject | None = None,
) -> None:
    """Call ``on_done(result)`` or ``on_error(exception)`` on the GUI thread once ``future``
    completes (unless ``owner`` was destroyed meanwhile). Must be called on the GUI thread."""
    relay = _Relay()
    _live.add(relay)

    def finish(done: Future[T]) -> None:
        if done.cancelled() or (owner is not None and not qt_is_valid(owner)):
            return  # superseded (e.g. a newer search) or its widget is gone
        error = done.exception()
        if error is not None:
            (on_error or _default_error)(error)
        elif on_done is not None:
            on_done(done.result())

    relay.callback = finish
    future.add_done_callback(relay.finished.emit)


def _failed(error: BaseException) -> Future[Any]:
    future: Future[Any] = Future()
    future.set_exception(error)
    return future


def run_in_store(
    store: Store,
    fn: Callable[[Session], T],
    on_done: OnDone[T] | None = None,
    on_error: OnError | None = None,
    *,
    owner: QObject | None = None,
) -> Future[T]:
    """Run ``fn(session)`` in one transaction on the store's worker; deliver on the GUI thread.

    A store already closed (the app locked) reports :class:`StoreClosed` to ``on_error``
    asynchronously, like any other failure. Return rows or plain values from ``fn``."""
    try:
        future = store.submit(fn)
    except Exception as error:  # delivered like any asynchronous failure
        future = _failed(error)
    deliver(future, on_done, on_error, owner=owner)
    return future


def run_in_background(
    fn: Callable[[], T],
    on_done: OnDone[T] | None = None,
    on_error: OnError | None = None,
    *,
    owner: QObject | None = None,
) -> Future[T]:
    """Run ``fn()`` on a background thread (unlock, enrolment, HTTP) and deliver on the GUI
    thread. Never use it for store access: that goes through :func:`run_in_store`."""
    future = _pool.submit(fn)
    deliver(future, on_done, on_error, owner=owner)
    return future


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and app.thread() is QThread.currentThread()


def later(callback: Callable[[], None], msec: int = 0) -> None:
    """Run ``callback`` on the GUI thread after ``msec`` (a zero-delay single shot)."""
    QTimer.singleShot(msec, callback)

