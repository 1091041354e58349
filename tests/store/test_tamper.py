"""A flipped byte anywhere in a database page is detected; wrong data is never returned."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from homevisit.errors import StoreClosed, StoreCorrupt
from homevisit.model import Household, Member
from homevisit.store import Store
from tests.store.conftest import add_household

PAGE = 4096


def _filled_store(folder: Path, key: bytes, households: int = 60) -> Path:
    path = folder / "store.db"
    with Store.open(path, key, create=True) as store:
        for i in range(households):
            add_household(store, name=f"成员{i:03d}")
    return path


def _root_page(path: Path, key: bytes, table: str) -> int:
    # Read-only look with a keyed driver connection, to aim the flip at a page holding rows.
    conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
    finally:
        conn.close()
    return int(root)


def _flip(path: Path, offset: int) -> None:
    with path.open("r+b") as file:
        file.seek(offset)
        byte = file.read(1)[0]
        file.seek(offset)
        file.write(bytes([byte ^ 0x01]))


def test_flipped_byte_in_a_member_page_fails_reads_with_store_corrupt(
    store_dir: Path, key: bytes
) -> None:
    path = _filled_store(store_dir, key)
    page = _root_page(path, key, "members")
    assert page > 1
    _flip(path, (page - 1) * PAGE + PAGE // 2)

    with Store.open(path, key) as store:
        with pytest.raises(StoreCorrupt):
            store.run(lambda s: s.scalars(select(Member.name)).all())
        # Once tampering is seen, the store serves nothing more, even pages that are intact.
        with pytest.raises(StoreCorrupt):
            store.run(lambda s: s.scalars(select(Household.id)).all())


def test_check_reports_a_flipped_byte_in_any_data_page(store_dir: Path, key: bytes) -> None:
    path = _filled_store(store_dir, key)
    pages = path.stat().st_size // PAGE
    rng = random.Random(2)
    for trial, page in enumerate(rng.sample(range(2, pages + 1), k=min(6, pages - 1))):
        copy = store_dir / f"trial{trial}.db"
        shutil.copyfile(path, copy)
        _flip(copy, (page - 1) * PAGE + rng.randrange(16, PAGE - 16))
        with Store.open(copy, key) as store:
            problems = store.check()
        assert problems, f"flip in page {page} went unnoticed"


def test_check_of_an_intact_store_is_clean(store_dir: Path, key: bytes) -> None:
    path = _filled_store(store_dir, key, households=5)
    with Store.open(path, key) as store:
        assert store.check() == []
        store.close()
        with pytest.raises(StoreClosed):
            store.submit(lambda s: None)


def test_damaged_header_is_refused_and_left_as_it_was(store_dir: Path, key: bytes) -> None:
    path = _filled_store(store_dir, key, households=2)
    _flip(path, 3)  # inside the salt: the first page no longer authenticates
    before = path.read_bytes()
    with pytest.raises(StoreCorrupt):
        Store.open(path, key)
    assert path.read_bytes() == before
