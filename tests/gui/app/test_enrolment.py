"""First run: sign in to a real server on loopback, choose a passphrase (strength meter),
download the households; then the new user unlocks and sees them."""

from __future__ import annotations

from homevisit import profiles
from homevisit.app_settings import AppSettings
from homevisit.gui.enrol import PASSPHRASE, EnrolDialog
from homevisit.gui.qt import Qt
from homevisit.gui.window import AppWindow
from homevisit.kdf import FLOOR
from homevisit.sync.enrolment import EnrolmentBackend
from tests.gui.conftest import unlock_window

NEW_PASSPHRASE = "Spring visits 2026!"


def test_first_run_enrols_downloads_and_unlocks(qtbot, demo_server):
    window = AppWindow(AppSettings(), enrol_factory=EnrolmentBackend(kdf_params=FLOOR))
    qtbot.addWidget(window)
    window.show()
    try:
        screen = window.unlock_screen
        assert screen.profile_combo.count() == 0  # first run: nothing to unlock yet
        qtbot.mouseClick(screen.enrol_button, Qt.MouseButton.LeftButton)
        dialog = window.findChild(EnrolDialog)
        assert dialog is not None

        qtbot.keyClicks(dialog.url, demo_server.url)
        qtbot.keyClicks(dialog.user, "counselor2")
        qtbot.keyClicks(dialog.password, "wrong password")
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
        assert not dialog.next_button.isEnabled()  # signing in, off the GUI thread
        qtbot.waitUntil(dialog.next_button.isEnabled, timeout=15_000)
        assert "用户名或密码不正确" in dialog.error.text()
        assert dialog.steps.currentIndex() == 0  # still on the server step, told why

        dialog.password.clear()
        qtbot.keyClicks(dialog.password, demo_server.password_of("counselor2"))
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.steps.currentIndex() == PASSPHRASE, timeout=15_000)
        assert dialog.password.text() == ""  # the server password is not kept

        qtbot.keyClicks(dialog.passphrase, "short")
        assert dialog.strength.value() == 0
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, NEW_PASSPHRASE)
        assert dialog.strength.value() >= 3
        qtbot.keyClicks(dialog.confirm, NEW_PASSPHRASE)
        with qtbot.waitSignal(dialog.enrolled, timeout=60_000) as enrolled:
            qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
        profile_id, server_url = enrolled.args
        assert server_url == demo_server.url
        assert [p.id for p in profiles.list_profiles()] == [profile_id]
        assert window.settings.last_profile_id == profile_id

        shell = unlock_window(qtbot, window, NEW_PASSPHRASE)
        qtbot.waitUntil(lambda: shell.households.model.rowCount() > 0, timeout=10_000)
    finally:
        window.shutdown_now()
