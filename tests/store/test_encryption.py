"""What an attacker with the laptop's disk sees: ciphertext only, and no way in without the key."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from homevisit.errors import StoreCorrupt, StoreError, StoreNotFound
from homevisit.model import HelpDeskCase, Household, LoanType
from homevisit.store import Store
from tests.store.conftest import (
    CANARY_ID,
    CANARY_NAME,
    add_household,
    all_bytes,
    file_digests,
    migrations_with_a_newer_revision,
)


def _needles() -> list[bytes]:
    return [
        CANARY_ID.encode(),
        CANARY_ID.lower().encode(),
        CANARY_NAME.encode("utf-8"),
        CANARY_ID.encode("utf-16-le"),
    ]


def _assert_no_plaintext(folder: Path) -> int:
    files = 0
    for path, data in all_bytes(folder):
        files += 1
        for needle in _needles():
            assert needle not in data, f"plaintext personal data in {path.name}"
    return files


def test_canary_id_never_appears_in_any_file_of_the_store(
    store_dir: Path, key: bytes, tmp_path: Path
) -> None:
    store = Store.open(store_dir / "store.db", key, create=True)
    try:
        add_household(store, name=CANARY_NAME, id_number=CANARY_ID)
        store.run(
            lambda s: s.add(
                HelpDeskCase(
                    desk_id="d" * 8,
                    loan_type=LoanType.FIRST,
                    student_name=CANARY_NAME,
                    student_id_number=CANARY_ID,
                )
            )
        )
        # While open, the latest pages live in the -wal file: it must be ciphertext too.
        assert (store_dir / "store.db-wal").exists()
        _assert_no_plaintext(store_dir)
    finally:
        store.close()
    assert _assert_no_plaintext(store_dir) >= 1
    # An upgrade keeps a copy of the store next to it: that copy is ciphertext as well.
    Store.open(
        store_dir / "store.db", key, migrations=migrations_with_a_newer_revision(tmp_path)
    ).close()
    assert any(p.name.endswith(".bak") for p in store_dir.iterdir())
    assert _assert_no_plaintext(store_dir) >= 2


def test_plain_sqlite_cannot_read_the_store(store: Store, store_dir: Path) -> None:
    add_household(store, id_number=CANARY_ID)
    store.close()
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(store_dir / "store.db").execute("select * from sqlite_master")


def test_wrong_key_raises_store_corrupt_and_never_touches_the_files(
    store: Store, store_dir: Path
) -> None:
    add_household(store, id_number=CANARY_ID)
    store.close()
    before = file_digests(store_dir)
    for _ in range(3):
        with pytest.raises(StoreCorrupt):
            Store.open(store_dir / "store.db", os.urandom(32))
    with pytest.raises(StoreCorrupt):
        Store.open(store_dir / "store.db", None)  # nor as a plain SQLite file
    assert file_digests(store_dir) == before  # same files, same bytes, nothing added


def test_right_key_reads_back_what_was_written(store: Store, store_dir: Path, key: bytes) -> None:
    household_id = add_household(store, name=CANARY_NAME, id_number=CANARY_ID)
    store.close()
    with Store.open(store_dir / "store.db", key) as reopened:
        members = reopened.run(
            lambda s: [m.id_number for m in s.get(Household, household_id).members]
        )
    assert members == [CANARY_ID]


def test_missing_store_is_not_created_unless_asked(store_dir: Path, key: bytes) -> None:
    with pytest.raises(StoreNotFound):
        Store.open(store_dir / "store.db", key)
    assert list(store_dir.iterdir()) == []


def test_empty_file_is_refused_not_initialised(store_dir: Path, key: bytes) -> None:
    (store_dir / "store.db").touch()
    with pytest.raises(StoreCorrupt):
        Store.open(store_dir / "store.db", key, create=True)
    assert (store_dir / "store.db").stat().st_size == 0


def test_a_failed_creation_leaves_nothing_behind(store_dir: Path, key: bytes, tmp_path) -> None:
    broken = tmp_path / "migrations"
    broken.mkdir()
    (broken / "env.py").write_text("raise RuntimeError('migration failed')\n")
    (broken / "versions").mkdir()
    (broken / "versions" / "0001_x.py").write_text("revision = '0001'\ndown_revision = None\n")
    with pytest.raises(RuntimeError):
        Store.open(store_dir / "store.db", key, create=True, migrations=broken)
    assert list(store_dir.iterdir()) == []


def test_a_missing_folder_is_a_store_error_not_corruption(tmp_path: Path, key: bytes) -> None:
    with pytest.raises(StoreError) as raised:
        Store.open(tmp_path / "no-such-folder" / "store.db", key, create=True)
    assert not isinstance(raised.value, StoreCorrupt)
