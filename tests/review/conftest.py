from __future__ import annotations

import os

import pytest

from homevisit.store import Store


@pytest.fixture
def store(tmp_path):
    """A fresh encrypted store (a supervisor's, once seeded)."""
    opened = Store.open(tmp_path / "store.db", os.urandom(32), create=True)
    yield opened
    opened.close()
