"""Shared by the profile tests: passphrases and a fingerprint of a profile folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

PASSPHRASE = "晨光 correct horse 7"
OTHER_PASSPHRASE = "battery staple 42 夕阳"


def fingerprint(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` by relative path (directories listed too), so
    any write, creation or removal shows up as a difference."""
    result = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        result[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return result
