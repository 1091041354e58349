"""Attachment transfer (DESIGN §5): presence by SHA-256, resumable chunked upload, and
downloads for supervisor review kept encrypted in the vault.

Every upload is made for the household of the attachment: the server lets an attachment
name only bytes uploaded for its household, and answers presence only about this user's
own uploads for that household. The server is the truth about an upload's offset (it
resumes the session of this device, household and hash); the local row keeps
``upload_offset`` after every chunk so progress and restarts know where things stand, and
``uploaded`` once the server holds the whole file. A resume starts at the server's offset,
so at most the one chunk in flight is sent again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from homevisit.errors import AttachmentTampered
from homevisit.model import Attachment
from homevisit.protocol.errors import ErrorCode
from homevisit.protocol.uploads import (
    CHUNK_SHA256_HEADER,
    MAX_PRESENCE_HASHES,
    UPLOAD_OFFSET_HEADER,
    PresenceResponse,
    UploadState,
)
from homevisit.store import Store
from homevisit.sync.errors import BadServerResponse, ServerRefused
from homevisit.sync.progress import Phase, Progress, ProgressSink
from homevisit.sync.transport import Transport, chunked
from homevisit.vault import Vault

MAX_CHUNK_BYTES = 4 * 1024 * 1024
MAX_CHUNK_RESENDS = 3


@dataclass(frozen=True, slots=True)
class PendingUpload:
    id: str
    household_id: str
    sha256: str
    size: int
    file_id: str
    key: bytes


@dataclass
class UploadSummary:
    files: int = 0
    bytes_sent: int = 0
    chunks_sent: int = 0


def pending_uploads(session: Session) -> list[PendingUpload]:
    # An attachment with no household cannot be pushed either: nothing to upload it for.
    rows = session.execute(select(
        Attachment.id, Attachment.household_id, Attachment.sha256, Attachment.size,
        Attachment.vault_file_id, Attachment.file_key).where(
            Attachment.uploaded.is_(False), Attachment.deleted.is_(False),
            Attachment.file_key != b"", Attachment.household_id.is_not(None))).all()
    return [PendingUpload(id_, household or "", sha256, size, file_id, key)
            for id_, household, sha256, size, file_id, key in rows]


def _mark(store: Store, item: PendingUpload, offset: int, uploaded: bool) -> None:
    store.run(lambda s: s.execute(update(Attachment).where(
        Attachment.sha256 == item.sha256, Attachment.household_id == item.household_id)
        .values(upload_offset=offset, uploaded=uploaded)))


def _chunks(vault: Vault, item: PendingUpload, offset: int, size: int) -> Iterator[bytes]:
    buffer = bytearray()
    for part in vault.open_stream(item.file_id, item.key, offset=offset):
        buffer += part
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


def upload_one(store: Store, vault: Vault, transport: Transport, item: PendingUpload,
               summary: UploadSummary, report: ProgressSink) -> None:
    """Upload (or resume) one file; marks the row uploaded once the server holds it."""
    state = transport.call("POST", "/attachments/uploads", UploadState,
                           json_body={"household_id": item.household_id,
                                      "sha256": item.sha256, "size": item.size})
    assert state is not None
    resends = 0
    while not state.completed:
        if state.upload_id is None or not 0 <= state.offset <= item.size:
            raise BadServerResponse(what="upload state")
        size = max(1, min(state.chunk_max_bytes, MAX_CHUNK_BYTES))
        progressed = False
        for chunk in _chunks(vault, item, state.offset, size):
            try:
                reply = transport.call(
                    "PATCH", f"/attachments/uploads/{state.upload_id}", UploadState,
                    content=chunk, headers={
                        UPLOAD_OFFSET_HEADER: str(state.offset),
                        CHUNK_SHA256_HEADER: hashlib.sha256(chunk).hexdigest(),
                        "Content-Type": "application/offset+octet-stream"})
            except ServerRefused as refused:
                if refused.reason not in (ErrorCode.OFFSET_MISMATCH,
                                          ErrorCode.CHECKSUM_MISMATCH):
                    raise
                resends += 1
                if resends > MAX_CHUNK_RESENDS:
                    raise
                # Ask where the server really is, then carry on from there.
                state = transport.call("GET", f"/attachments/uploads/{state.upload_id}",
                                       UploadState) or state
                break
            assert reply is not None
            summary.chunks_sent += 1
            summary.bytes_sent += len(chunk)
            if reply.offset != state.offset + len(chunk) and not reply.completed:
                raise BadServerResponse(what="upload offset")
            state = reply
            progressed = True
            _mark(store, item, state.offset, state.completed)
            report(Progress(Phase.UPLOADING, summary.files, None, summary.bytes_sent, None))
            if state.completed:
                break
        else:
            if not progressed and not state.completed:
                raise BadServerResponse(what="upload stalled")
    _mark(store, item, item.size, True)
    summary.files += 1


def upload_all(store: Store, vault: Vault, transport: Transport,
               report: ProgressSink) -> UploadSummary:
    """Upload every local file this user has not uploaded for its household yet."""
    summary = UploadSummary()
    items = store.run(pending_uploads)
    if not items:
        return summary
    by_key = {(item.household_id, item.sha256): item for item in items}
    hashes_of: dict[str, list[str]] = {}
    for household_id, sha256 in sorted(by_key):
        hashes_of.setdefault(household_id, []).append(sha256)
    missing: set[tuple[str, str]] = set()
    for household_id, hashes in hashes_of.items():
        for batch in chunked(hashes, MAX_PRESENCE_HASHES):
            reply = transport.call("POST", "/attachments/presence", PresenceResponse,
                                   json_body={"household_id": household_id, "sha256": batch})
            assert reply is not None
            missing.update((household_id, h) for h in reply.missing
                           if (household_id, h) in by_key)
    for key in set(by_key) - missing:
        _mark(store, by_key[key], by_key[key].size, True)
    total = sum(by_key[key].size for key in missing)
    report(Progress(Phase.UPLOADING, 0, len(missing), 0, total))
    for key in sorted(missing):
        upload_one(store, vault, transport, by_key[key], summary, report)
    return summary


def download(store: Store, vault: Vault, transport: Transport, attachment_id: str) -> str:
    """Fetch a synced attachment for review into the vault (encrypted); returns the vault
    file id. The bytes must match the record's SHA-256, else nothing is kept."""
    row = store.run(lambda s: s.get(Attachment, attachment_id))
    if row is None:
        raise BadServerResponse(what="attachment")
    if row.file_key:
        return row.vault_file_id
    with transport.download(f"/attachments/{attachment_id}/content", row.size) as parts:
        stored = vault.put_stream(_Reader(parts), max_size=row.size)
    if stored.sha256 != row.sha256:
        vault.delete(stored.file_id)
        raise AttachmentTampered()

    def keep(session: Session) -> None:
        current = session.get(Attachment, attachment_id)
        assert current is not None
        current.vault_file_id, current.file_key = stored.file_id, stored.key

    store.run(keep)
    return stored.file_id


class _Reader:
    """A file-like ``read`` over streamed parts (for :meth:`Vault.put_stream`)."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self._parts = parts
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            try:
                self._buffer += next(self._parts)
            except StopIteration:
                break
        if size < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out
