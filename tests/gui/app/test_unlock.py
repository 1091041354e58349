"""Unlocking from the start screen: wrong passphrase inline with its delay, then right."""

from __future__ import annotations

from homevisit import lockout
from homevisit.gui.qt import Qt
from homevisit.gui.shell import MainShell
from tests.gui.conftest import PASSPHRASE, unlock_window


def test_wrong_then_right_passphrase_unlocks_and_keeps_the_typed_text(qtbot, app_window,
                                                                      profile):
    screen = app_window.unlock_screen
    assert screen.selected_profile().id == profile.id
    qtbot.keyClicks(screen.passphrase, "not the passphrase")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.error_label.isVisible(), timeout=15_000)
    assert "口令不正确" in screen.error_label.text()
    # The input is never lost: the user corrects it rather than retyping.
    assert screen.passphrase.text() == "not the passphrase"
    assert app_window.stack.currentWidget() is screen
    assert lockout.failure_count(profile.id) == 1
    # The growing delay shows on the button until it has passed.
    assert not screen.unlock_button.isEnabled()
    qtbot.waitUntil(screen.unlock_button.isEnabled, timeout=5_000)

    shell = unlock_window(qtbot, app_window, PASSPHRASE)
    assert isinstance(shell, MainShell)
    assert app_window.stack.currentWidget() is shell
    assert lockout.failure_count(profile.id) == 0
    assert screen.passphrase.text() == ""  # no passphrase left in a widget once unlocked


def test_the_unlock_runs_off_the_gui_thread(qtbot, app_window):
    """While Argon2id runs, the event loop keeps turning (a timer keeps firing)."""
    from homevisit.gui.qt import QTimer

    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    unlock_window(qtbot, app_window)
    timer.stop()
    assert len(ticks) >= 3
