"""A store that `store check` found damaged (issue 13 item 7): b-tree or audit damage makes it
read-only, in this run and the next, until restored from the copy kept before upgrades; a
page that fails its HMAC keeps it closed; the check names the failing page. Real encrypted
stores, damaged through a keyed connection (so every page still authenticates) or by
flipping a byte on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select, update

from homevisit import audit
from homevisit.errors import StoreCorrupt, StoreReadOnly
from homevisit.kdf import FLOOR
from homevisit.model import AuditEvent, Household
from homevisit.paths import home_dir
from homevisit.profiles import create_profile, unlock
from homevisit.store import Store, backup_path, head_revision
from homevisit.store_damage import marker_path
from homevisit.workspace import Workspace
from tests.store.conftest import add_household

PAGE = 4096


def keyed(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def swap_member_indexes(path: Path, key: bytes) -> None:
    """B-tree damage with every page intact: two indexes of `members` swap root pages."""
    conn = keyed(path, key)
    try:
        (a, ra), (b, rb) = conn.execute(
            "SELECT name, rootpage FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'members' ORDER BY name LIMIT 2").fetchall()
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (rb, a))
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (ra, b))
        conn.execute("PRAGMA writable_schema = OFF")
    finally:
        conn.close()


def filled(folder: Path, key: bytes, households: int = 20) -> Path:
    path = folder / "store.db"
    with Store.open(path, key, create=True) as store:
        for i in range(households):
            add_household(store, name=f"成员{i:03d}")
    return path


def a_write(store: Store) -> None:
    store.run(lambda s: s.add(Household(region_code="320102", address="新地址")))


def test_btree_damage_found_by_check_makes_the_store_read_only_now_and_later(store_dir, key):
    path = filled(store_dir, key)
    swap_member_indexes(path, key)
    with Store.open(path, key) as store:
        a_write(store)  # nobody knows yet
        problems = store.check()
        assert problems and all("page" in p for p in problems)
        assert store.read_only
        with pytest.raises(StoreReadOnly) as refused:
            a_write(store)
        assert "只读" in str(refused.value) and "homevisit store restore" in str(refused.value)
        assert len(store.run(lambda s: s.scalars(select(Household.id)).all())) == 21
    with Store.open(path, key) as store:  # a restart does not make it writable again
        assert store.read_only
        with pytest.raises(StoreReadOnly):
            a_write(store)
        assert len(store.run(lambda s: s.scalars(select(Household.id)).all())) == 21


def test_a_page_failing_its_hmac_in_check_keeps_the_store_closed(store_dir, key):
    path = filled(store_dir, key, households=60)
    conn = keyed(path, key)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'members'").fetchone()
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * PAGE + PAGE // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 1]))
    with Store.open(path, key) as store:
        problems = store.check()
    assert any(f"page {root}" in p for p in problems), problems
    with pytest.raises(StoreCorrupt):
        Store.open(path, key)


def test_audit_damage_found_by_check_makes_the_store_read_only(key):
    profile = create_profile("审计", "a long passphrase", kdf_params=FLOOR)
    with Workspace.open(profile, "a long passphrase") as ws:
        ws.store.run(lambda s: audit.append(s, actor="t", action="export", entity="attachment",
                                            entity_id="a1"))
        ws.store.run(lambda s: s.execute(update(AuditEvent).values(action="view")))
        report = ws.check()
        assert report.audit_error is not None and ws.store.read_only
    assert marker_path(profile.store_path).exists()
    with unlock(profile, "a long passphrase") as unlocked, pytest.raises(StoreReadOnly):
        a_write(unlocked.open_store())


def cli(*args: str, stdin: str = ""):
    return subprocess.run(
        [sys.executable, "-m", "homevisit.cli.main", "--passphrase-stdin", *args],
        input=stdin, capture_output=True, text=True, timeout=120,
        env={**os.environ, "HOMEVISIT_HOME": str(home_dir()), "HOMEVISIT_LANG": "zh"})


def test_the_cli_offers_the_pre_upgrade_copy_and_restores_it():
    passphrase = "a long passphrase"
    profile = create_profile("张老师", passphrase, kdf_params=FLOOR)
    with unlock(profile, passphrase) as unlocked:
        key = bytes(unlocked.key)
        with unlocked.open_store() as store:
            add_household(store)
    # The copy an upgrade keeps, as Store.open makes it before migrating.
    shutil.copyfile(profile.store_path, backup_path(profile.store_path, head_revision()))
    swap_member_indexes(profile.store_path, key)

    checked = cli("store", "check", stdin=f"{passphrase}\n")
    assert checked.returncode == 1
    assert "page" in checked.stdout and "只读" in checked.stdout
    assert "homevisit store restore" in checked.stdout and "可用备份" in checked.stdout

    restored = cli("store", "restore", stdin=f"{passphrase}\n")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert not marker_path(profile.store_path).exists()
    assert list(profile.folder.glob("store.db.damaged-*"))  # kept aside, never deleted
    assert cli("store", "check", stdin=f"{passphrase}\n").returncode == 0
    with unlock(profile, passphrase) as unlocked:
        a_write(unlocked.open_store())  # writable again
