"""Auto-lock: after idle minutes, when the application is suspended or hidden, and after the
machine resumes from sleep (DESIGN §4).

What Qt exposes, and so what is detected:
- idle: every key, mouse, wheel, touch and tablet event anywhere in the app restarts a timer
  (an application-wide event filter) — works on every platform, offscreen included;
- ``QGuiApplication.applicationState``: ``ApplicationSuspended`` / ``ApplicationHidden``
  lock at once. Desktop platforms report ``Inactive`` when another window has focus, which
  is not a lock (the idle timer still runs). Offscreen never changes state by itself; tests
  drive it through :meth:`IdleLock.application_state_changed`;
- suspend/resume: Linux's ``CLOCK_BOOTTIME`` runs during sleep while ``CLOCK_MONOTONIC``
  does not, so their difference jumping means the machine slept; a cheap watchdog checks it.
- the OS saying it is about to sleep or the session was locked: logind on Linux, power and
  session notifications on Windows (:mod:`homevisit.gui.session_lock`); where neither
  reaches the app, the idle timer covers a locked screen (it receives no input).
"""

from __future__ import annotations

import time

from homevisit.gui.qt import QEvent, QGuiApplication, QObject, Qt, QTimer, Signal
from homevisit.gui.session_lock import watch_session

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
    QEvent.Type.ShortcutOverride,
})
_LOCKING_STATES = (Qt.ApplicationState.ApplicationSuspended,
                   Qt.ApplicationState.ApplicationHidden)
SLEEP_WATCH_MS = 5000
SLEEP_JUMP_SECONDS = 10.0


def _sleep_offset() -> float:
    boot = getattr(time, "CLOCK_BOOTTIME", None)
    if boot is None:
        return 0.0  # not Linux: suspend is seen only through the application state
    return time.clock_gettime(boot) - time.monotonic()


class IdleLock(QObject):
    """Emits :attr:`lock_requested` with a reason (``idle``, ``suspended``, ``slept``,
    ``session_locked``)."""

    lock_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._lock("idle"))
        self._watch = QTimer(self)
        self._watch.setInterval(SLEEP_WATCH_MS)
        self._watch.timeout.connect(self._check_sleep)
        self._offset = _sleep_offset()
        self.active = False
        self.minutes: float | None = None
        self.session = watch_session(self)
        self.session.lock_requested.connect(self._lock)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.application_state_changed)

    def start(self, minutes: float) -> None:
        """Watch for idleness of ``minutes`` (fractions allowed, for tests)."""
        self.minutes = minutes
        self.set_timeout_ms(max(1, round(minutes * 60_000)))
        app = QGuiApplication.instance()
        if app is not None and not self.active:
            app.installEventFilter(self)
        self.active = True
        self._offset = _sleep_offset()
        self._watch.start()
        self._timer.start()

    def update_minutes(self, minutes: float) -> None:
        """A new setting or policy: applies only if it changes the idle time."""
        if self.active and minutes != self.minutes:
            self.minutes = minutes
            self.set_timeout_ms(max(1, round(minutes * 60_000)))

    def set_timeout_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        if self._timer.isActive():
            self._timer.start()

    def stop(self) -> None:
        app = QGuiApplication.instance()
        if app is not None and self.active:
            app.removeEventFilter(self)
        self.active = False
        self._timer.stop()
        self._watch.stop()

    def poke(self) -> None:
        """User activity: restart the idle countdown."""
        if self.active:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.active and event.type() in _INPUT_EVENTS:
            self._timer.start()
        return False

    def application_state_changed(self, state: Qt.ApplicationState) -> None:
        if self.active and state in _LOCKING_STATES:
            self._lock("suspended")

    def _check_sleep(self) -> None:
        offset = _sleep_offset()
        jumped = offset - self._offset > SLEEP_JUMP_SECONDS
        self._offset = offset
        if jumped:
            self._lock("slept")

    def _lock(self, reason: str) -> None:
        if self.active:
            self.stop()
            self.lock_requested.emit(reason)
