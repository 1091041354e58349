"""The profile's encrypted store: made at enrolment, opened with the unwrapped key, closed by
lock, and unchanged by a passphrase change."""

from __future__ import annotations

import sqlite3

import pytest
from profile_helpers import OTHER_PASSPHRASE, PASSPHRASE, fingerprint

from homevisit.errors import ProfileLocked, StoreClosed, StoreNotFound
from homevisit.model.sync import SyncState
from homevisit.profiles import change_passphrase, unlock


def read_cursor(store) -> int | None:
    return store.run(lambda s: s.get(SyncState, 1).pull_cursor if s.get(SyncState, 1) else None)


def test_enrolment_creates_an_encrypted_store_plain_sqlite_cannot_read(profile):
    assert profile.store_path.stat().st_size > 0
    plain = sqlite3.connect(profile.store_path)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()
    with unlock(profile, PASSPHRASE) as unlocked:
        store = unlocked.open_store()
        assert unlocked.open_store() is store
        assert store.check() == []
        assert read_cursor(store) is None


def test_lock_closes_the_store_and_drops_the_key(profile):
    unlocked = unlock(profile, PASSPHRASE)
    store = unlocked.open_store()
    store.run(lambda s: s.add(SyncState(id=1, pull_cursor=42)))
    key = unlocked.key
    unlocked.lock()
    assert key == bytearray(32)
    with pytest.raises(StoreClosed):
        read_cursor(store)
    with pytest.raises(ProfileLocked):
        unlocked.open_store()
    with unlock(profile, PASSPHRASE) as again:
        assert read_cursor(again.open_store()) == 42


def test_the_data_survives_a_passphrase_change_without_re_encryption(profile):
    with unlock(profile, PASSPHRASE) as unlocked:
        unlocked.open_store().run(lambda s: s.add(SyncState(id=1, pull_cursor=7)))
    store_bytes = profile.store_path.read_bytes()
    change_passphrase(profile, PASSPHRASE, OTHER_PASSPHRASE)
    assert profile.store_path.read_bytes() == store_bytes  # not rewritten
    with unlock(profile, OTHER_PASSPHRASE) as unlocked:
        assert read_cursor(unlocked.open_store()) == 7


def test_a_missing_store_is_reported_and_never_recreated(profile):
    profile.store_path.unlink()
    before = fingerprint(profile.folder)
    with unlock(profile, PASSPHRASE) as unlocked, pytest.raises(StoreNotFound):
        unlocked.open_store()
    assert fingerprint(profile.folder) == before
