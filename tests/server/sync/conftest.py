"""Fixtures of the sync tests (helpers live in synchelp.py, importable by name)."""

from synchelp import make_household  # noqa: F401 - a fixture
