"""Real encrypted stores in tmp_path, and helpers to look at their files from outside."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from homevisit.model import Household, Member
from homevisit.store import Store, head_revision
from homevisit.store_migrations import migrations_dir

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


def migrations_with_a_newer_revision(tmp_path: Path) -> Path:
    """The real scripts plus one more (a stand-in for the next release's migration)."""
    location = tmp_path / "migrations-next"
    shutil.copytree(migrations_dir(), location, ignore=shutil.ignore_patterns("__pycache__"))
    head = head_revision()
    (location / "versions" / "9999_next.py").write_text(
        f'''
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"


def upgrade() -> None:
    with op.batch_alter_table("households", recreate="always") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("households", recreate="always") as batch:
        batch.drop_column("note")
'''
    )
    return location
