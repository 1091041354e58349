"""A shared laptop: lock, pick the other user, unlock; each sees only their own list."""

from __future__ import annotations

from homevisit import profiles
from homevisit.kdf import FLOOR
from homevisit.workspace import Workspace
from tests.gui.conftest import PASSPHRASE, seed_households, unlock_window

OTHER = "another passphrase 2026"


def test_switch_user_locks_and_opens_the_other_profile(qtbot, app_window, workspace):
    seed_households(workspace, [("张三", "110101199003070019", "欢口镇东村")])
    other = profiles.create_profile("志愿者", OTHER, kdf_params=FLOOR)
    with Workspace.open(other, OTHER) as ws:
        seed_households(ws, [("李四", "110101199003074757", "师寨镇西村"),
                             ("王五", "11010119900307251X", "华山镇南庄")])

    shell = unlock_window(qtbot, app_window, PASSPHRASE)
    qtbot.waitUntil(lambda: shell.households.model.rowCount() == 1)

    with qtbot.waitSignal(app_window.locked):
        app_window.switch_action.trigger()
    screen = app_window.unlock_screen
    assert app_window.shell is None
    assert app_window.statusBar().currentMessage()  # e.g. "Choose a user."
    names = [screen.profile_combo.itemText(i) for i in range(screen.profile_combo.count())]
    assert sorted(names) == sorted(["测试", "志愿者"])
    screen.profile_combo.setCurrentIndex(names.index("志愿者"))
    shell = unlock_window(qtbot, app_window, OTHER)
    assert app_window.workspace.unlocked.profile.id == other.id
    assert app_window.statusBar().currentMessage() == ""  # the lock's message is gone
    qtbot.waitUntil(lambda: shell.households.model.rowCount() == 2)
