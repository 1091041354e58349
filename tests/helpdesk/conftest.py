"""A real encrypted store per test, with one shift (desk and day) to open cases at."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from homevisit.model import DeskShift
from homevisit.store import Store

DAY = dt.date(2026, 7, 20)
DESK = "0b6f7f0e-3c55-4d0f-9d1e-6a2f5e1b7c11"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store.db", os.urandom(32), create=True)
    opened.run(lambda s: s.add(DeskShift(desk_id=DESK, day=DAY, site="欢口镇办理点",
                                         township="欢口镇", hours="08:30-17:00")))
    yield opened
    opened.close()
