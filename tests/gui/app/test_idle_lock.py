"""Auto-lock: idle time or a suspended application returns to the unlock screen, with the
list models emptied and the database key zeroed."""

from __future__ import annotations

from homevisit.gui.qt import Qt
from tests.gui.conftest import seed_households, unlock_window


def test_idle_auto_lock_returns_to_the_unlock_screen_with_models_cleared(
        qtbot, app_window, workspace):
    seed_households(workspace, [("张三", "110101199003070019", "欢口镇东村")])
    shell = unlock_window(qtbot, app_window)
    model = shell.households.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    unlocked = app_window.workspace.unlocked

    app_window.idle.set_timeout_ms(200)  # instead of the policy's minutes
    with qtbot.waitSignal(app_window.locked, timeout=5_000) as locked:
        pass
    assert locked.args == ["idle"]
    assert app_window.stack.currentWidget() is app_window.unlock_screen
    assert app_window.shell is None and app_window.workspace is None
    assert model.rowCount() == 0 and model.cached_row_count() == 0
    qtbot.waitUntil(lambda: unlocked.locked, timeout=10_000)  # key zeroed and dropped


def test_input_postpones_the_idle_lock(qtbot, app_window):
    unlock_window(qtbot, app_window)
    app_window.idle.set_timeout_ms(400)
    search = app_window.shell.households.search
    for _ in range(5):  # keep typing for longer than the timeout
        qtbot.wait(150)
        qtbot.keyClick(search, Qt.Key.Key_A)
    assert app_window.shell is not None
    with qtbot.waitSignal(app_window.locked, timeout=5_000):
        pass


def test_a_suspended_application_locks_at_once(qtbot, app_window):
    unlock_window(qtbot, app_window)
    with qtbot.waitSignal(app_window.locked, timeout=2_000) as locked:
        app_window.idle.application_state_changed(Qt.ApplicationState.ApplicationSuspended)
    assert locked.args == ["suspended"]
    # Merely losing focus to another window is not a lock.
    unlock_window(qtbot, app_window)
    app_window.idle.application_state_changed(Qt.ApplicationState.ApplicationInactive)
    assert app_window.shell is not None
