"""The operating system says the machine is about to sleep or the user locked the session:
the app locks (DESIGN §4). One small interface, :class:`SessionWatcher`, with one source per
platform:

- Windows: a native event filter on the main window's messages, ``WM_POWERBROADCAST`` with
  ``PBT_APMSUSPEND`` (sleep) and ``WM_WTSSESSION_CHANGE`` with ``WTS_SESSION_LOCK`` (Win+L,
  switch user, remote disconnect), after ``WTSRegisterSessionNotification`` for that window;
- Linux: logind over D-Bus (QtDBus): ``org.freedesktop.login1.Manager.PrepareForSleep(true)``
  on the system bus, and ``org.freedesktop.login1.Session.Lock`` on this session's object
  (``loginctl lock-session``, and what desktop screen lockers listen to).

Where neither is available (offscreen, no system bus) the watcher stays silent; the idle
timer and the sleep watchdog of :mod:`homevisit.gui.idle` still lock.
"""

from __future__ import annotations

import ctypes
import os
import sys

from homevisit.gui.qt import (
    SLOT,
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QDBusConnection,
    QObject,
    QWidget,
    Signal,
    Slot,
)

# Windows messages and their parameters (WinUser.h, WtsApi32.h).
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WTS_REMOTE_DISCONNECT = 0x2
WTS_CONSOLE_DISCONNECT = 0x4
NOTIFY_FOR_THIS_SESSION = 0

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"


class MSG(ctypes.Structure):
    """Windows' MSG (x64), as Qt hands it to a native event filter (``windows_generic_MSG``).
    Fixed-width fields rather than ``ctypes.wintypes``: the same 48-byte layout on every
    platform, so recorded Windows messages can be read in tests on Linux."""

    _fields_ = [("hwnd", ctypes.c_uint64), ("message", ctypes.c_uint32),
                ("wParam", ctypes.c_uint64), ("lParam", ctypes.c_int64),
                ("time", ctypes.c_uint32), ("pt_x", ctypes.c_int32), ("pt_y", ctypes.c_int32)]


def reason_for_windows_message(message: int, wparam: int) -> str | None:
    """Why a Windows message means "lock now", or None."""
    if message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
        return "slept"
    if message == WM_WTSSESSION_CHANGE and wparam in (WTS_SESSION_LOCK, WTS_REMOTE_DISCONNECT,
                                                      WTS_CONSOLE_DISCONNECT):
        return "session_locked"
    return None


class SessionWatcher(QObject):
    """Emits :attr:`lock_requested` (``slept`` or ``session_locked``) when the OS says so."""

    lock_requested = Signal(str)

    def watch_window(self, window: QWidget) -> None:
        """Windows sends session notifications to a registered window (no-op elsewhere)."""


class WindowsMessageFilter(QAbstractNativeEventFilter):
    """Reads the MSG of every native event and tells the watcher about sleep and lock."""

    def __init__(self, watcher: SessionWatcher) -> None:
        super().__init__()
        self._watcher = watcher

    def nativeEventFilter(self, event_type: QByteArray | bytes | bytearray | memoryview,
                          message: int) -> object:
        kind = bytes(event_type.data() if isinstance(event_type, QByteArray) else event_type)
        if kind in (b"windows_generic_MSG", b"windows_dispatcher_MSG") and message:
            msg = MSG.from_address(int(message))
            reason = reason_for_windows_message(msg.message, msg.wParam)
            if reason is not None:
                self._watcher.lock_requested.emit(reason)
        return False, 0  # never swallow: Qt and Windows still handle the message


class WindowsSessionWatcher(SessionWatcher):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filter = WindowsMessageFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.installNativeEventFilter(self.filter)

    def watch_window(self, window: QWidget) -> None:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            wtsapi = ctypes.WinDLL("wtsapi32")
            wtsapi.WTSRegisterSessionNotification(ctypes.c_void_p(int(window.winId())),
                                                  NOTIFY_FOR_THIS_SESSION)


def session_object_path(session_id: str) -> str:
    """logind's object path of a session id, escaped as sd-bus does (``2`` → ``_32``)."""
    escaped = "".join(
        ch if (ch.isascii() and ch.isalnum() and not (i == 0 and ch.isdigit())) else
        f"_{ord(ch):02x}" for i, ch in enumerate(session_id))
    return f"{LOGIND_PATH}/session/{escaped or '_'}"


class LogindSessionWatcher(SessionWatcher):
    """logind's PrepareForSleep and this session's Lock, on ``bus`` (the system bus)."""

    def __init__(self, bus: object, session_id: str | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self.listening = bus.connect(  # type: ignore[attr-defined]
            LOGIND, LOGIND_PATH, f"{LOGIND}.Manager", "PrepareForSleep", self,
            SLOT("prepare_for_sleep(bool)"))
        if session_id:
            self.listening &= bus.connect(  # type: ignore[attr-defined]
                LOGIND, session_object_path(session_id), f"{LOGIND}.Session", "Lock", self,
                SLOT("session_lock()"))

    @Slot(bool)
    def prepare_for_sleep(self, starting: bool) -> None:
        if starting:
            self.lock_requested.emit("slept")

    @Slot()
    def session_lock(self) -> None:
        self.lock_requested.emit("session_locked")


def watch_session(parent: QObject | None = None) -> SessionWatcher:
    """The watcher for this platform (a silent one where the OS offers nothing)."""
    if sys.platform == "win32":
        return WindowsSessionWatcher(parent)
    if (sys.platform.startswith("linux") and QDBusConnection is not None
            and os.environ.get("QT_QPA_PLATFORM") != "offscreen"):
        bus = QDBusConnection.systemBus()
        if bus.isConnected():
            return LogindSessionWatcher(bus, os.environ.get("XDG_SESSION_ID"), parent)
    return SessionWatcher(parent)
