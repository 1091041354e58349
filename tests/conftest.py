"""Shared test set-up: Qt offscreen, and every test gets its own data dir and temp dir."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HOMEVISIT_LANG", "zh")

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """A throwaway HOMEVISIT_HOME per test, so no test touches a real profile."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOMEVISIT_HOME", str(home))
    yield home


@pytest.fixture
def home_dir(_isolated_home):
    return _isolated_home
