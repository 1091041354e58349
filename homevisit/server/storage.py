"""Attachment bytes on the filesystem, content-addressed by SHA-256.

Paths are made only from a validated hex hash or a validated upload UUID, never from a
client-supplied name, so no request can point outside the storage directory.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import BinaryIO

from homevisit.durable import commit_file, flush_to_disk
from homevisit.server.errors import ChecksumMismatch, NotFound, OffsetMismatch

_HEX = re.compile(r"^[0-9a-f]{64}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class FileStorage:
    """``root/blobs/ab/cd/<sha256>`` for finished blobs, ``root/uploads/<uuid>`` in progress."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "blobs").mkdir(parents=True, exist_ok=True)
        (root / "uploads").mkdir(parents=True, exist_ok=True)

    @staticmethod
    def key_for(sha256: str) -> str:
        if not _HEX.match(sha256):
            raise NotFound()
        return f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def has(self, sha256: str) -> bool:
        return (self.root / self.key_for(sha256)).is_file()

    def open_blob(self, sha256: str) -> BinaryIO:
        path = self.root / self.key_for(sha256)
        if not path.is_file():
            raise NotFound()
        return path.open("rb")

    def _upload(self, upload_id: str) -> Path:
        if not _UUID.match(upload_id):
            raise NotFound()
        return self.root / "uploads" / upload_id

    def upload_size(self, upload_id: str) -> int:
        path = self._upload(upload_id)
        return path.stat().st_size if path.exists() else 0

    def append_chunk(self, upload_id: str, offset: int, data: bytes) -> int:
        """Write ``data`` at ``offset`` (which must be the current size); return the new size."""
        path = self._upload(upload_id)
        with path.open("ab") as f:
            size = f.tell()
            if size != offset:
                raise OffsetMismatch(offset=size)
            f.write(data)
            flush_to_disk(f)
            return f.tell()

    def finish_upload(self, upload_id: str, sha256: str) -> str:
        """Check the whole file's hash, then move it into place; return its storage key."""
        path = self._upload(upload_id)
        key = self.key_for(sha256)
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != sha256:
            path.unlink(missing_ok=True)
            raise ChecksumMismatch()
        target = self.root / key
        target.parent.mkdir(parents=True, exist_ok=True)
        commit_file(path, target)
        return key

    def discard_blob(self, sha256: str) -> None:
        (self.root / self.key_for(sha256)).unlink(missing_ok=True)

    def discard_upload(self, upload_id: str) -> None:
        self._upload(upload_id).unlink(missing_ok=True)
