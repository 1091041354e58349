"""The attachment vault: one encrypted file per attachment, named by a random UUID (DESIGN §4).

Every file has its own random AES-256-GCM key, which the caller keeps in the attachment's
database row: deleting that row crypto-shreds the file. The vault never sees the database.
The on-disk format is in :mod:`homevisit.vault_format`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import time
import uuid
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from homevisit import pdf_clean, sanitize
from homevisit.durable import atomic_file
from homevisit.errors import AttachmentMissing, AttachmentTampered, FileTooLarge
from homevisit.regular_file import open_regular
from homevisit.vault_format import (
    DEFAULT_CHUNK_SIZE,
    MAX_CHUNK_SIZE,
    MIN_CHUNK_SIZE,
    Readable,
    read_chunks,
    write_chunks,
)

DEFAULT_IMPORT_LIMIT = 60 * 1024 * 1024
_TEMP_SUFFIX = ".tmp"


@dataclass(frozen=True, slots=True)
class StoredFile:
    """What the caller keeps in the attachment row; the key is the only way back to the data."""

    file_id: str
    key: bytes = field(repr=False)  # never in a log line or traceback
    sha256: str  # hex SHA-256 of the plaintext as stored
    size: int  # plaintext bytes as stored


@dataclass(frozen=True, slots=True)
class ImportedFile(StoredFile):
    """A stored file that came through :meth:`Vault.import_file` (content-checked, sanitized)."""

    mime: str
    original_name: str = field(repr=False)  # may name a person


class Vault:
    """Encrypted attachment files under ``root`` (created 0700), sharded by UUID prefix."""

    def __init__(
        self,
        root: Path,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        import_limit: int = DEFAULT_IMPORT_LIMIT,
    ) -> None:
        if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("chunk_size out of range")
        self.root = Path(root)
        self.chunk_size = chunk_size
        self.import_limit = import_limit
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    # --- writing ------------------------------------------------------------------------

    def put_stream(self, src: Readable, *, max_size: int | None = None) -> StoredFile:
        """Encrypt everything ``src`` yields into a new file; return its id, key, hash and size.

        Streams chunk by chunk (memory stays a few chunks whatever the size). The file appears
        atomically (temp file in the same directory, fsync, rename, fsync of the directory) or
        not at all. More than ``max_size`` bytes raises :class:`FileTooLarge`.
        """
        file_uuid = uuid.uuid4()
        file_id = str(file_uuid)
        key = AESGCM.generate_key(bit_length=256)
        final = self._path(file_id)
        final.parent.mkdir(exist_ok=True, mode=0o700)
        with _atomic_file(final) as out:
            sha256, size = write_chunks(src, out, key, file_uuid, self.chunk_size, max_size)
        return StoredFile(file_id=file_id, key=key, sha256=sha256, size=size)

    def import_file(
        self, path: Path, *, long_edge: int = sanitize.DOCUMENT_LONG_EDGE
    ) -> ImportedFile:
        """Check, sanitize and store a JPEG, PNG or PDF the user picked.

        The content decides the type (:class:`UnsupportedFileType` for anything else, or when
        the extension names another type); images are re-encoded from pixels in memory with no
        metadata, at most ``long_edge`` pixels on their long side; files over
        ``import_limit`` raise :class:`FileTooLarge`. Only a regular file is read (a FIFO,
        directory or device raises :class:`NotARegularFile`).
        """
        path = Path(path)
        with open_regular(path) as src:  # a FIFO, directory or device: a clear refusal
            return self.import_stream(src, path.name, long_edge=long_edge)

    def import_stream(
        self, src: BinaryIO, original_name: str, *, long_edge: int = sanitize.DOCUMENT_LONG_EDGE
    ) -> ImportedFile:
        """:meth:`import_file` for an open, seekable stream (e.g. a camera capture in memory)."""
        size = src.seek(0, io.SEEK_END)
        if size > self.import_limit:
            raise FileTooLarge(limit_mb=self.import_limit // (1024 * 1024))
        src.seek(0)
        kind = sanitize.sniff(src.read(sanitize.SNIFF_BYTES))
        sanitize.check_extension(original_name, kind)
        src.seek(0)
        if kind.is_image:
            stored = self.put_stream(io.BytesIO(sanitize.reencode_image(src, kind, long_edge)))
        else:
            sanitize.check_pdf(src, size)
            src.seek(0)
            pdf_clean.refuse_polyglot(src)
            with pdf_clean.cleaned(src) as clean:
                stored = self.put_stream(clean, max_size=self.import_limit)
        return ImportedFile(
            file_id=stored.file_id,
            key=stored.key,
            sha256=stored.sha256,
            size=stored.size,
            mime=kind.mime,
            original_name=original_name,
        )

    # --- reading ------------------------------------------------------------------------

    def open_stream(self, file_id: str, key: bytes, *, offset: int = 0) -> Iterator[bytes]:
        """Yield the plaintext chunk by chunk, each only after it verified.

        Raises :class:`AttachmentMissing` at once if there is no such file, and
        :class:`AttachmentTampered` (during iteration, before the bad chunk would be
        yielded) on any modification, truncation, extension, swap or wrong key.
        ``offset`` starts at that plaintext byte (to resume an upload; the server checks the
        whole SHA-256 at the end): chunks before it are skipped unread, the rest verified.
        """
        return self._verified_chunks(file_id, key, offset)

    def read_bytes(self, file_id: str, key: bytes) -> bytes:
        """The whole plaintext, verified; for small files such as a photo preview."""
        return b"".join(self.open_stream(file_id, key))

    def verify(self, file_id: str, key: bytes, sha256: str) -> None:
        """Check every chunk and the plaintext hash; raise if anything is wrong."""
        digest = hashlib.sha256()
        for chunk in self.open_stream(file_id, key):
            digest.update(chunk)
        if not hmac.compare_digest(digest.hexdigest(), sha256.lower()):
            raise AttachmentTampered

    def export(
        self, file_id: str, key: bytes, out: Path, expected_sha256: str | None = None,
        temp: Path | None = None,
    ) -> None:
        """Decrypt to ``out`` (temp file in its directory, then rename). ``temp`` names the
        temp file (one the caller recorded, so a crash's leftover can be found again).

        On tampering or a hash mismatch nothing is left at ``out``: the partial temp file is
        removed and an existing ``out`` is untouched.
        """
        chunks = self._verified_chunks(file_id, key)
        digest = hashlib.sha256()
        with _atomic_file(Path(out), temp) as sink, contextlib.closing(chunks):
            for chunk in chunks:
                digest.update(chunk)
                sink.write(chunk)
            if expected_sha256 is not None and not hmac.compare_digest(
                digest.hexdigest(), expected_sha256.lower()
            ):
                raise AttachmentTampered

    # --- housekeeping -------------------------------------------------------------------

    def delete(self, file_id: str) -> bool:
        """Remove the file; True if it existed. Losing the key already made it unreadable."""
        try:
            self._path(file_id).unlink()
        except FileNotFoundError:
            return False
        return True

    def ids(self) -> set[str]:
        """Ids of every stored file, for orphan checks against the attachment rows."""
        found: set[str] = set()
        for shard in self.root.iterdir():
            if shard.is_dir() and len(shard.name) == 2:
                found.update(p.name for p in shard.iterdir() if _is_file_id(p.name))
        return found

    def remove_stale_temp_files(self, older_than: float = 3600.0) -> int:
        """Delete temp files left by a crash (ciphertext only, never plaintext); return count."""
        cutoff = time.time() - older_than
        removed = 0
        for temp in self.root.glob(f"*/.*{_TEMP_SUFFIX}"):
            if temp.stat().st_mtime < cutoff:
                temp.unlink(missing_ok=True)
                removed += 1
        return removed

    # --- internals ----------------------------------------------------------------------

    def _path(self, file_id: str) -> Path:
        # The id comes from the database; refusing anything but a canonical UUID also makes
        # path traversal impossible.
        if not _is_file_id(file_id):
            raise AttachmentMissing
        return self.root / file_id[:2] / file_id

    def _verified_chunks(
        self, file_id: str, key: bytes, offset: int = 0
    ) -> Generator[bytes, None, None]:
        path = self._path(file_id)
        if not path.is_file():
            raise AttachmentMissing  # raised now, not at the first next()
        if offset < 0:
            raise ValueError("negative offset")
        return self._read(path, key, uuid.UUID(file_id), offset)

    @staticmethod
    def _read(
        path: Path, key: bytes, file_uuid: uuid.UUID, offset: int
    ) -> Generator[bytes, None, None]:
        try:
            src = path.open("rb", buffering=0)  # whole records are read; no buffer copy
        except FileNotFoundError:  # deleted since the check above
            raise AttachmentMissing from None
        with src:
            yield from read_chunks(src, key, file_uuid, offset=offset)


def _is_file_id(name: str) -> bool:
    try:
        return str(uuid.UUID(name)) == name
    except ValueError:
        return False


def _atomic_file(target: Path, temp: Path | None = None
                 ) -> contextlib.AbstractContextManager[BinaryIO]:
    return atomic_file(target, prefix=".homevisit-", suffix=_TEMP_SUFFIX, temp=temp)
