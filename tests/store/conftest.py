"""Real encrypted stores in tmp_path, and helpers to look at their files from outside."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from homevisit.model import Household, Member
from homevisit.store import Store

# A valid resident ID (GB 11643 check character correct) that no test data contains
# otherwise: if these bytes show up in a file, plaintext leaked.
CANARY_ID = "32010219800101271X"
CANARY_NAME = "金丝雀"


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "profile"
    folder.mkdir()
    return folder


@pytest.fixture
def store(store_dir: Path, key: bytes) -> Iterator[Store]:
    opened = Store.open(store_dir / "store.db", key, create=True)
    yield opened
    opened.close()


def add_household(store: Store, *, name: str = "张三", id_number: str | None = None) -> str:
    def write(session) -> str:  # type: ignore[no-untyped-def]
        household = Household(region_code="320102", address="玄武区测试路1号")
        session.add(household)
        session.add(
            Member(household_id=household.id, name=name, relation="father", id_number=id_number)
        )
        return household.id

    return store.run(write)


def file_digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def all_bytes(folder: Path) -> Iterator[tuple[Path, bytes]]:
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            yield p, p.read_bytes()
