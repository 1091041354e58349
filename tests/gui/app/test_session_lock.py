"""The OS says the machine goes to sleep or the session was locked: the app locks (DESIGN §4,
issue 21). Windows: the native event filter fed MSG structures laid out as Windows x64 hands
them to Qt. Linux: logind's signals, sent on a D-Bus daemon this test starts, by a
connection that owns org.freedesktop.login1 as logind does."""

from __future__ import annotations

import ctypes
import shutil
import struct
import subprocess
from collections.abc import Iterator

import pytest

from homevisit.gui.qt import QDBusConnection, QDBusMessage
from homevisit.gui.session_lock import (
    LOGIND,
    LOGIND_PATH,
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    LogindSessionWatcher,
    WindowsMessageFilter,
    session_object_path,
)
from tests.gui.conftest import unlock_window

WM_MOUSEMOVE = 0x0200
PBT_APMRESUMEAUTOMATIC = 0x0012
WTS_SESSION_UNLOCK = 0x8


def recorded_msg(message: int, wparam: int, lparam: int = 0) -> ctypes.Array[ctypes.c_char]:
    """A MSG as Windows x64 lays it out: HWND, UINT (+4 padding), WPARAM, LPARAM, DWORD time,
    POINT, 4 bytes of tail padding — packed independently of the code under test."""
    raw = struct.pack("<QI4xQqIii4x", 0x000A_0B2C, message, wparam, lparam, 123_456, 10, 20)
    assert len(raw) == 48
    return ctypes.create_string_buffer(raw, len(raw))


def feed(native_filter: WindowsMessageFilter, message: int, wparam: int) -> object:
    buffer = recorded_msg(message, wparam)
    return native_filter.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(buffer))


def test_windows_sleep_and_session_lock_messages_lock_the_app(qtbot, app_window):
    native_filter = WindowsMessageFilter(app_window.idle.session)
    unlock_window(qtbot, app_window)

    # Messages that are no reason to lock: the filter lets them through and nothing happens.
    for message, wparam in ((WM_MOUSEMOVE, 0), (WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC),
                            (WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK)):
        assert feed(native_filter, message, wparam) == (False, 0)
    assert app_window.shell is not None

    with qtbot.waitSignal(app_window.locked, timeout=2_000) as locked:
        assert feed(native_filter, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK) == (False, 0)
    assert locked.args == ["session_locked"]
    assert app_window.stack.currentWidget() is app_window.unlock_screen
    assert app_window.statusBar().currentMessage() == "Locked because the session was locked."

    unlock_window(qtbot, app_window)
    with qtbot.waitSignal(app_window.locked, timeout=2_000) as locked:
        feed(native_filter, WM_POWERBROADCAST, PBT_APMSUSPEND)
    assert locked.args == ["slept"]
    # Locked already: another notification changes nothing.
    feed(native_filter, WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    assert app_window.shell is None


def test_logind_object_paths_are_escaped_like_sd_bus():
    assert session_object_path("2") == f"{LOGIND_PATH}/session/_32"
    assert session_object_path("c2") == f"{LOGIND_PATH}/session/c2"


@pytest.fixture
def bus_address(tmp_path) -> Iterator[str]:
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed (Debian: dbus-daemon)")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1",
         f"--address=unix:path={tmp_path / 'bus'}"], stdout=subprocess.PIPE, text=True)
    address = daemon.stdout.readline().strip()
    yield address
    daemon.terminate()
    daemon.wait(10)


def test_logind_prepare_for_sleep_and_session_lock(qtbot, bus_address):
    logind = QDBusConnection.connectToBus(bus_address, "test-logind")
    watched = QDBusConnection.connectToBus(bus_address, "test-app")
    try:
        assert logind.isConnected() and watched.isConnected()
        assert logind.registerService(LOGIND)
        watcher = LogindSessionWatcher(watched, "c2")
        assert watcher.listening

        def signal(path: str, interface: str, name: str, *args: object) -> None:
            message = QDBusMessage.createSignal(path, interface, name)
            message.setArguments(list(args))
            assert logind.send(message)

        # The resume half of PrepareForSleep, and another session's Lock: no lock.
        with qtbot.assertNotEmitted(watcher.lock_requested, wait=300):
            signal(LOGIND_PATH, f"{LOGIND}.Manager", "PrepareForSleep", False)
            signal(session_object_path("c3"), f"{LOGIND}.Session", "Lock")
        with qtbot.waitSignal(watcher.lock_requested, timeout=5_000) as sleep:
            signal(LOGIND_PATH, f"{LOGIND}.Manager", "PrepareForSleep", True)
        assert sleep.args == ["slept"]
        with qtbot.waitSignal(watcher.lock_requested, timeout=5_000) as lock:
            signal(session_object_path("c2"), f"{LOGIND}.Session", "Lock")
        assert lock.args == ["session_locked"]
    finally:
        QDBusConnection.disconnectFromBus("test-logind")
        QDBusConnection.disconnectFromBus("test-app")
