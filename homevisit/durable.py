"""Durable file writes: atomic replace and crypto-shredding overwrite.

Used for key slots and the small state files around them, where a crash must leave either the
old or the new content, never a mix or nothing.
"""

from __future__ import annotations

import os
from pathlib import Path


def temp_path(path: Path) -> Path:
    """The one temp name used while replacing ``path``; a leftover from a crash is simply
    overwritten by the next write, and shredded with the profile."""
    return path.with_name(path.name + ".tmp")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that after a crash at any point the file holds either
    the old or the new content, whole: temp file, fsync, ``os.replace``, fsync the directory."""
    tmp = temp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        # Disk full, or the target is a folder: the old file stays, no half-written temp.
        tmp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable (no-op where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows cannot open directories; NTFS journals the rename itself
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def shred_file(path: Path) -> None:
    """Overwrite ``path`` with random bytes of its length and fsync it (crypto-shred of a key
    slot: without it the wrapped key is gone). Missing files are ignored."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return
    try:
        size = os.fstat(fd).st_size
        noise = memoryview(os.urandom(max(size, 1)))
        while noise:
            noise = noise[os.write(fd, noise) :]
        os.fsync(fd)
    finally:
        os.close(fd)
