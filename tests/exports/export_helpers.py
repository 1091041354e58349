"""Shared constants of the export tests (importable by name, unlike conftest)."""

PASSPHRASE = "correct horse battery staple 7"
