"""Fixtures of the vault tests: a small-chunk vault and real JPEG, PNG and PDF files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from vault_files import SMALL_CHUNK

from homevisit.vault import Vault


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    """A vault with tiny chunks, so a few KiB make many chunks."""
    return Vault(tmp_path / "vault", chunk_size=SMALL_CHUNK)


@pytest.fixture
def canary() -> bytes:
    """A per-test marker that must never show up in plaintext where it should not be."""
    return b"CANARY-" + os.urandom(8).hex().encode()
