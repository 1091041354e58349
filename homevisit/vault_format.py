"""The vault's file format: chunked AES-256-GCM bound to file id, chunk index and last flag.

File format (all integers little-endian)::

    header  = b"HVAT" | version u8 (=1) | 3 zero bytes | chunk_size u32 | file_id (16-byte UUID)
    chunk_i = nonce (12 random bytes) | AES-GCM(plaintext_i) | tag (16 bytes)
    AAD_i   = header | i u64 | last u8

Every chunk holds exactly ``chunk_size`` plaintext bytes except the last, which holds 0 to
``chunk_size`` (an empty file is one empty last chunk). Because the header is in every chunk's
associated data, a flipped header byte fails the first chunk; the index catches reordering;
the last flag catches truncation at a chunk boundary and appended chunks; the file id
(checked against the id asked for, and bound by the per-file key anyway) catches two files
swapped on disk. A chunk is yielded only after its tag verified.

Chunks are 256 KiB: large enough that per-chunk Python work is noise next to AES-GCM
(see bench/bench_vault.py), small enough that streaming a 60 MB PDF stays within a few MiB.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import uuid
from collections.abc import Generator, Iterator
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from homevisit.errors import AttachmentTampered, FileTooLarge

MAGIC = b"HVAT"
FORMAT_VERSION = 1
DEFAULT_CHUNK_SIZE = 256 * 1024
MIN_CHUNK_SIZE = 4 * 1024
MAX_CHUNK_SIZE = 16 * 1024 * 1024
KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
CHUNK_OVERHEAD = NONCE_SIZE + TAG_SIZE

_HEADER = struct.Struct("<4sB3xI16s")
_CHUNK_AAD = struct.Struct("<QB")
HEADER_SIZE = _HEADER.size


class Readable(Protocol):
    """Anything with a binary ``read`` (a file, or parts streamed from the server)."""

    def read(self, size: int = -1, /) -> bytes: ...


def write_chunks(
    src: Readable,
    out: BinaryIO,
    key: bytes,
    file_uuid: uuid.UUID,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_size: int | None = None,
) -> tuple[str, int]:
    """Encrypt ``src`` into ``out`` in this format; return the plaintext's hex SHA-256 and size.

    More than ``max_size`` plaintext bytes raises :class:`FileTooLarge` (``out`` is then
    incomplete; the caller discards it).
    """
    aead = AESGCM(key)
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, chunk_size, file_uuid.bytes)
    digest = hashlib.sha256()
    size = 0
    out.write(header)
    chunk = read_up_to(src, chunk_size)
    index = 0
    while True:
        # Only a full chunk can have a successor: look ahead to set the last flag.
        following = read_up_to(src, chunk_size) if len(chunk) == chunk_size else b""
        last = not following
        size += len(chunk)
        if max_size is not None and size > max_size:
            raise FileTooLarge(limit_mb=max_size // (1024 * 1024))
        digest.update(chunk)
        nonce = os.urandom(NONCE_SIZE)
        out.write(nonce)
        out.write(aead.encrypt(nonce, chunk, header + _CHUNK_AAD.pack(index, last)))
        if last:
            return digest.hexdigest(), size
        chunk, index = following, index + 1


def read_chunks(
    src: BinaryIO,
    key: bytes,
    file_uuid: uuid.UUID,
    *,
    offset: int = 0,
) -> Iterator[bytes]:
    """Yield the verified plaintext chunks of a file written by :func:`write_chunks`.

    Raises :class:`AttachmentTampered` before yielding anything that did not verify: a wrong
    key, a changed byte anywhere, chunks reordered, removed or appended, or the file of
    another id. With ``offset`` (plaintext bytes, e.g. to resume an upload) reading starts at
    the chunk holding it: the header and every chunk from there on are verified, the chunks
    before it are not read at all (``src`` must then be seekable).
    """
    if len(key) != KEY_SIZE:
        raise AttachmentTampered
    aead = AESGCM(key)
    header = read_up_to(src, HEADER_SIZE)
    chunk_size = _parse_header(header, file_uuid)
    record_size = chunk_size + CHUNK_OVERHEAD
    index = _seek_to_chunk(src, offset, chunk_size) if offset else 0
    skip = offset - index * chunk_size
    records = _records(src, record_size)
    record = next(records, b"")
    while True:
        following = next(records, b"")
        last = not following
        if len(record) < CHUNK_OVERHEAD:
            raise AttachmentTampered  # no chunk at all, or a runt left by truncation
        aad = header + _CHUNK_AAD.pack(index, last)
        try:
            plain = aead.decrypt(record[:NONCE_SIZE], memoryview(record)[NONCE_SIZE:], aad)
        except InvalidTag:
            raise AttachmentTampered from None
        if skip:
            if skip > len(plain):
                raise ValueError("offset beyond the end of the attachment")
            plain, skip = plain[skip:], 0
        yield plain
        if last:
            return
        record, index = following, index + 1


def _seek_to_chunk(src: BinaryIO, offset: int, chunk_size: int) -> int:
    """Seek to the record holding plaintext ``offset``; return its index.

    An offset at or past the end lands on the last record, which is then still verified.
    """
    if offset < 0:
        raise ValueError("negative offset")
    record_size = chunk_size + CHUNK_OVERHEAD
    stored = src.seek(0, io.SEEK_END) - HEADER_SIZE
    last_index = max(0, -(-stored // record_size) - 1)
    index = min(offset // chunk_size, last_index)
    src.seek(HEADER_SIZE + index * record_size)
    return index


def _records(src: BinaryIO, size: int) -> Generator[bytes, None, None]:
    """Successive ``size``-byte records; a short one is the last (nothing is read after it)."""
    while record := read_up_to(src, size):
        yield record
        if len(record) < size:
            return


def _parse_header(header: bytes, file_uuid: uuid.UUID) -> int:
    """The chunk size, if ``header`` is exactly what :func:`write_chunks` writes for this id."""
    if len(header) != HEADER_SIZE:
        raise AttachmentTampered
    chunk_size: int = _HEADER.unpack(header)[2]
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise AttachmentTampered  # also keeps a forged header from making us allocate GiBs
    # Rebuilding and comparing catches a different magic, version, padding or file id
    # (another attachment moved onto this one's name) before any decryption.
    if header != _HEADER.pack(MAGIC, FORMAT_VERSION, chunk_size, file_uuid.bytes):
        raise AttachmentTampered
    return chunk_size


def read_up_to(src: Readable, size: int) -> bytes:
    """Read ``size`` bytes, or fewer only at end of stream (raw streams may return short reads)."""
    data = src.read(size)
    if data is None:
        raise BlockingIOError("non-blocking source")
    if len(data) == size or not data:
        return bytes(data)
    parts = [data]
    missing = size - len(data)
    while missing:
        more = src.read(missing)
        if not more:
            break
        parts.append(more)
        missing -= len(more)
    return b"".join(parts)
