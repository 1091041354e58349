"""The app window (issue 13 items 4 and 7): its lock keeps the unsynced counts in the
profile's public metadata, and a store that `store check` found damaged opens read-only
with a warning that says how to restore it."""

from __future__ import annotations

import sqlcipher3

from homevisit import outbox, profiles
from homevisit.gui.qt import QMessageBox
from homevisit.model import Household
from homevisit.workspace import Workspace
from tests.gui.conftest import PASSPHRASE, seed_households, unlock_window


def test_the_gui_lock_records_unsynced_work_in_public_metadata(qtbot, app_window, profile):
    shell = unlock_window(qtbot, app_window)
    app_window.workspace.store.run(
        lambda s: outbox.save(s, Household(region_code="320826", address="红窑镇1号")))
    assert shell is not None
    with qtbot.waitSignal(app_window.closed, timeout=15_000):
        app_window.lock("user")
    pending = profiles.pending_work(profile)
    assert pending is not None and (pending.changes, pending.attachments) == (1, 0)


def test_a_store_found_damaged_opens_read_only_with_a_warning(qtbot, app_window, profile):
    with Workspace.open(profile, PASSPHRASE) as ws:
        seed_households(ws, [("王大山", "320826198001010013", "红窑镇1号")])
    with profiles.unlock(profile, PASSPHRASE) as unlocked:
        key_hex = unlocked.key.hex()
    conn = sqlcipher3.connect(str(profile.store_path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
    (a, ra), (b, rb) = conn.execute(
        "SELECT name, rootpage FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name = 'members' ORDER BY name LIMIT 2").fetchall()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (rb, a))
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (ra, b))
    conn.close()
    with Workspace.open(profile, PASSPHRASE) as ws:
        assert not ws.check().ok  # recorded beside the store
    unlock_window(qtbot, app_window)
    assert app_window.workspace.store.read_only
    box = app_window.findChild(QMessageBox, "readOnlyStoreWarning")
    assert box is not None and box.isVisible()
    assert "只读" in box.text() and "homevisit store restore" in box.text()
