"""Household detail reveals full numbers only after the passphrase, and audits it; the
settings page persists typed settings."""

from __future__ import annotations

from sqlalchemy import select

from homevisit.app_settings import load_settings
from homevisit.gui.households.detail import HouseholdDetailDialog
from homevisit.model import AuditEvent, Visit, VisitStatus
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


def test_revealed_numbers_hide_again_after_the_reveal_period(qtbot, workspace):
    [household_id] = seed_households(workspace, [("张三", FULL_ID, "欢口镇东村")])
    dialog = HouseholdDetailDialog(workspace, household_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.reveal(PASSPHRASE)
    assert dialog.revealed and dialog.hide_timer.isActive()
    assert dialog.hide_timer.interval() == 60_000  # a minute, as DESIGN §4 says
    dialog.hide_timer.setInterval(1)  # the minute, shortened so the test need not wait it
    dialog.hide_timer.start()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as loaded:
        pass
    assert not dialog.revealed
    assert loaded.args[0].members[0].id_number == "1101**********0019"


def test_within_the_grace_period_reveal_asks_no_passphrase_and_is_still_audited(
        qtbot, workspace):
    [household_id] = seed_households(workspace, [("张三", FULL_ID, "欢口镇东村")])
    workspace.reauth.proved()
    dialog = HouseholdDetailDialog(workspace, household_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as loaded:
        dialog.ask_reveal()  # no passphrase dialog: proved moments ago
    assert loaded.args[0].members[0].id_number == FULL_ID
    actions = workspace.store.run(lambda s: list(s.scalars(select(AuditEvent.action))))
    assert actions.count("reveal") == 1


def test_an_open_detail_reloads_for_its_household_only(qtbot, workspace):
    mine, other = seed_households(workspace, [("张三", FULL_ID, "欢口镇东村"),
                                              ("李四", "", "欢口镇西村")])
    dialog = HouseholdDetailDialog(workspace, mine)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None)
    loads: list[object] = []
    dialog.loaded.connect(loads.append)

    def visit_of(household_id: str):
        return lambda s: s.add(Visit(household_id=household_id, status=VisitStatus.RETURNED))

    workspace.store.run(visit_of(other))  # another household: nothing to reload
    workspace.store.run(visit_of(mine))
    qtbot.waitUntil(lambda: len(loads) >= 1, timeout=10_000)
    assert [v.status for v in dialog.detail.visits] == ["returned"]
    # One more load through the same FIFO worker and queue: any reload the other
    # household's write had caused would have been delivered before this one.
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.load()
    assert len(loads) == 2
