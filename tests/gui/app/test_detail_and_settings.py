"""Household detail reveals full numbers only after the passphrase, and audits it; the
settings page persists typed settings."""

from __future__ import annotations

from sqlalchemy import select

from homevisit.app_settings import load_settings
from homevisit.gui.households.detail import HouseholdDetailDialog
from homevisit.model import AuditEvent
from tests.gui.conftest import PASSPHRASE, seed_households, unlock_window

FULL_ID = "110101199003070019"


def test_reveal_needs_the_passphrase_and_is_audited(qtbot, workspace):
    [household_id] = seed_households(workspace, [("张三", FULL_ID, "欢口镇东村")])
    dialog = HouseholdDetailDialog(workspace, household_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None)
    assert dialog.detail.members[0].id_number == "1101**********0019"

    dialog.reveal("not my passphrase")
    qtbot.waitUntil(lambda: dialog.reveal_error.text() != "", timeout=10_000)
    assert not dialog.revealed

    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as loaded:
        dialog.reveal(PASSPHRASE)
    assert dialog.revealed
    assert loaded.args[0].members[0].id_number == FULL_ID
    actions = workspace.store.run(lambda s: list(s.scalars(select(AuditEvent.action))))
    assert "reveal" in actions


def test_settings_page_saves_the_idle_minutes(qtbot, app_window):
    shell = unlock_window(qtbot, app_window)
    shell.tabs.setCurrentWidget(shell.settings_page)
    shell.settings_page.idle.setValue(3)
    assert load_settings().idle_lock_minutes == 3
    assert app_window.idle.minutes == 3
