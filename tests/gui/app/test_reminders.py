"""The appointment reminder in the app (issue 19), with the clock passed in: the banner shows
the time and address once, within the lead; the tray is used only where the desktop has one
and its message carries no personal data."""

from __future__ import annotations

import datetime as dt

from homevisit.gui.planning.reminders import ReminderBanner, Reminders
from homevisit.gui.qt import QSystemTrayIcon
from homevisit.planning.appointments import BEIJING, set_appointment
from homevisit.protocol.vocabulary import VisitMode
from tests.gui.conftest import seed_households

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=BEIJING)


def test_a_reminder_shows_once_in_the_banner_within_the_lead(qtbot, workspace):
    [household] = seed_households(workspace, [("王伟", "320321198001010016", "东村 1 号")])
    workspace.store.run(lambda s: set_appointment(
        s, household, NOW + dt.timedelta(minutes=20), VisitMode.HOME, "父亲上夜班"))
    later = workspace.store.run(lambda s: set_appointment(
        s, household, NOW + dt.timedelta(hours=3), VisitMode.PHONE))
    assert later
    clock = [NOW]
    banner = ReminderBanner()
    qtbot.addWidget(banner)
    reminders = Reminders(workspace, 30, banner, clock=lambda: clock[0])
    assert (reminders.tray is not None) == QSystemTrayIcon.isSystemTrayAvailable()
    with qtbot.waitSignal(reminders.reminded, timeout=5_000) as fired:
        reminders.check()
    [reminder] = fired.args[0]
    assert "09:20" in banner.label.text() and "东村 1 号" in banner.label.text()
    assert "父亲" not in reminder.public_text.zh and "东村" not in reminder.public_text.zh
    assert not banner.isHidden()
    banner.hide()
    with qtbot.assertNotEmitted(reminders.reminded, wait=500):
        reminders.check()  # already reminded
    clock[0] = NOW + dt.timedelta(hours=2, minutes=40)  # the phone call comes closer
    with qtbot.waitSignal(reminders.reminded, timeout=5_000) as fired:
        reminders.check()
    assert [r.appointment_id for r in fired.args[0]] == [later]
    reminders.stop()


def test_the_reminder_lead_is_a_setting_saved_with_the_others(qtbot, app_window):
    from homevisit.app_settings import DEFAULT_REMINDER_MINUTES, load_settings
    from tests.gui.conftest import unlock_window

    assert load_settings().reminder_minutes == DEFAULT_REMINDER_MINUTES
    shell = unlock_window(qtbot, app_window)
    shell.tabs.setCurrentWidget(shell.settings_page)
    spin = shell.settings_page.reminder
    assert spin.value() == DEFAULT_REMINDER_MINUTES
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "10")
    assert load_settings().reminder_minutes == 10
    assert shell.reminders is not None and shell.reminders.state.lead == dt.timedelta(minutes=10)
    assert shell.reminders.timer.isActive()
    spin.selectAll()
    qtbot.keyClicks(spin, "0")  # 不提醒
    assert load_settings().reminder_minutes == 0
    assert not shell.reminders.timer.isActive()  # reminders off
