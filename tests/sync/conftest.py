"""Fixtures of the client sync tests: a real central server on loopback and enrolled
devices (see synckit.py, importable by name)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from synckit import Central, Device


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    server = Central.start(tmp_path / "central")
    yield server
    server.stop()


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Callable[..., Device]]:
    """``device(central, username)`` → an enrolled Device (closed after the test)."""
    made: list[Device] = []

    def make(central: Central, username: str, **kw: object) -> Device:
        d = Device.enrolled(tmp_path / f"device-{len(made)}", central, username, **kw)
        made.append(d)
        return d

    yield make
    for d in made:
        d.close()
