"""Durable file writes: the one place that calls ``os.replace`` and ``fsync``.

A durable write is always the same three steps: write a temp file next to the target, fsync
it, ``os.replace`` it over the target (then fsync the directory where the OS lets us, so the
rename itself survives a power cut). After a crash at any point the target holds either the
old or the new content, whole. Key slots, the attachment vault, store backups and the
server's blob storage all write through here; ``tests/test_durable.py`` fails if any other
module calls ``os.replace`` or ``fsync``.

Two platform rules live here and nowhere else:

- Files are opened in binary mode. On Windows ``os.open`` without ``O_BINARY`` is a text-mode
  descriptor that turns every ``\\n`` byte into ``\\r\\n`` — a corrupted key slot or blob.
- Only POSIX can fsync a directory. Windows refuses to open one (NTFS journals the rename
  itself), so there the directory step is skipped instead of failing the write.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_DIRECTORY_FSYNC = os.name != "nt"
"""Whether this OS can open and fsync a directory (POSIX yes, Windows no)."""


def _binary() -> int:
    # Read at call time (tests stand in for Windows by setting os.O_BINARY); 0 off Windows.
    return getattr(os, "O_BINARY", 0)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (``os.write`` may write fewer) and fsync before the caller renames."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def temp_path(path: Path) -> Path:
    """The one temp name used while replacing ``path``; a leftover from a crash is simply
    overwritten by the next write, and shredded with the profile."""
    return path.with_name(path.name + ".tmp")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that after a crash at any point the file holds either
    the old or the new content, whole: temp file, fsync, ``os.replace``, fsync the directory."""
    tmp = temp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _binary(), 0o600)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        # Disk full, or the target is a folder: the old file stays, no half-written temp.
        tmp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def create_exclusive(path: Path, data: bytes) -> bool:
    """Create ``path`` holding ``data`` unless it exists (True when made), durably: O_EXCL,
    so a file made a moment ago by another process is never overwritten; mode 0600 on POSIX
    (Windows ignores it; the file inherits its folder's ACL)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _binary(), 0o600)
    except FileExistsError:
        return False
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)
    fsync_directory(path.parent)
    return True


@contextlib.contextmanager
def atomic_file(target: Path, *, prefix: str = ".homevisit-", suffix: str = ".tmp",
                temp: Path | None = None) -> Iterator[BinaryIO]:
    """A binary file that appears at ``target`` complete and durable, or not at all.

    Streamed into a 0600 temp file in the target's directory (``prefix`` + random +
    ``suffix``, so a sweeper can find leftovers; or ``temp``, a name the caller recorded, made
    exclusively); on a clean exit fsync, replace, fsync the directory. On any exception the
    temp file is removed and the target is untouched."""
    if temp is None:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=suffix)
        temp = Path(name)
    else:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _binary(), 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
            flush_to_disk(file)
        os.replace(temp, target)
        fsync_directory(target.parent)
    finally:
        temp.unlink(missing_ok=True)


def create_private(path: Path) -> BinaryIO:
    """Open the fresh file ``path`` for writing, readable by its owner only; created
    exclusively, so a name planted there beforehand is refused, never followed."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _binary()
    return os.fdopen(os.open(path, flags, 0o600), "wb")


def commit_file(written: Path, target: Path) -> None:
    """Move an already written file (an upload, a store built under a temp name) over
    ``target`` durably: fsync its bytes, replace, fsync the directory."""
    fd = os.open(written, os.O_RDWR | _binary())
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(written, target)
    fsync_directory(target.parent)


def rename(source: Path, target: Path) -> None:
    """Move ``source`` over ``target`` (same folder) and make the rename durable."""
    os.replace(source, target)
    fsync_directory(target.parent)


def flush_to_disk(file: BinaryIO) -> None:
    """Flush Python's buffer and fsync, so what was appended survives a crash."""
    file.flush()
    os.fsync(file.fileno())


def fsync_directory(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable; skipped where the OS cannot."""
    if not _DIRECTORY_FSYNC:
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except (PermissionError, IsADirectoryError):
        return  # a platform that refuses to open directories journals renames itself
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def shred_file(path: Path) -> None:
    """Overwrite ``path`` with random bytes of its length and fsync it (crypto-shred of a key
    slot: without it the wrapped key is gone). Missing files are ignored."""
    try:
        fd = os.open(path, os.O_WRONLY | _binary())
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
