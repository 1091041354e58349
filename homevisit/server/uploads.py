"""Resumable, content-addressed attachment uploads (DESIGN §5), over ``FileStorage``.

An upload session belongs to the device that opened it and expires after
``settings.upload_ttl``. The bytes on disk are the truth for the offset (a crash between
writing a chunk and committing cannot make the two disagree for long): the session row is
locked for the length of a chunk request so two requests never append at once.
"""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from homevisit.protocol.uploads import UploadCreate, UploadState
from homevisit.server.errors import (
    BodyTooLarge,
    ChecksumMismatch,
    InvalidRequest,
    NotFound,
    UploadExpired,
)
from homevisit.server.models import Blob, UploadSession, utc_now
from homevisit.server.principal import Principal
from homevisit.server.services import Services


def missing_hashes(session: Session, hashes: list[str]) -> list[str]:
    """The hashes among ``hashes`` with no stored blob, in the order asked, once each."""
    wanted = list(dict.fromkeys(hashes))
    held = set(session.execute(select(Blob.sha256).where(Blob.sha256.in_(wanted))).scalars())
    return [h for h in wanted if h not in held]


def _state(services: Services, row: UploadSession) -> UploadState:
    offset = row.size if row.completed else services.storage.upload_size(row.id)
    return UploadState(upload_id=row.id, sha256=row.sha256, size=row.size, offset=offset,
                       completed=row.completed, expires_at=row.expires_at,
                       chunk_max_bytes=services.settings.chunk_max_bytes)


def purge_expired(session: Session, services: Services) -> int:
    """Forget expired, unfinished sessions and their partial files."""
    expired = list(session.execute(select(UploadSession.id).where(
        UploadSession.expires_at < utc_now(), UploadSession.completed.is_(False))).scalars())
    for upload_id in expired:
        services.storage.discard_upload(upload_id)
    if expired:
        session.execute(delete(UploadSession).where(UploadSession.id.in_(expired)))
    return len(expired)


def open_upload(session: Session, services: Services, p: Principal,
                body: UploadCreate) -> UploadState:
    """Start an upload, or resume this device's unfinished one for the same file; a blob
    the server already holds needs no upload (``completed`` with no id)."""
    purge_expired(session, services)
    blob = session.get(Blob, body.sha256)
    if blob is not None:
        return UploadState(sha256=blob.sha256, size=blob.size, offset=blob.size,
                           completed=True, chunk_max_bytes=services.settings.chunk_max_bytes)
    row = session.execute(select(UploadSession).where(
        UploadSession.device_id == p.device_id, UploadSession.sha256 == body.sha256,
        UploadSession.size == body.size, UploadSession.completed.is_(False),
    )).scalars().first()
    if row is None:
        row = UploadSession(id=str(uuid.uuid4()), sha256=body.sha256, size=body.size, offset=0,
                            device_id=p.device_id, created_at=utc_now(),
                            expires_at=utc_now() + services.settings.upload_ttl)
        session.add(row)
        session.flush()
    return _state(services, row)


def _session_for(session: Session, p: Principal, upload_id: str, *, lock: bool) -> UploadSession:
    if lock:
        # An UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until commit,
        # so chunks of one upload are appended one request at a time.
        session.execute(update(UploadSession).where(UploadSession.id == upload_id)
                        .values(offset=UploadSession.offset))
    row = session.get(UploadSession, upload_id)
    if row is None or row.device_id != p.device_id:
        raise NotFound()
    if not row.completed and row.expires_at < utc_now():
        raise UploadExpired()
    return row


def upload_state(session: Session, services: Services, p: Principal,
                 upload_id: str) -> UploadState:
    """Where to resume: the offset the server holds."""
    return _state(services, _session_for(session, p, upload_id, lock=False))


class FinalHashMismatch(ChecksumMismatch):
    """The whole file's SHA-256 differs: the upload is dropped and must start again."""


def append_chunk(session: Session, services: Services, p: Principal, upload_id: str,
                 offset: int, chunk_sha256: str, data: bytes) -> UploadState:
    """Store one chunk at ``offset`` (409 ``offset_mismatch`` otherwise) after checking
    its SHA-256 (422 ``checksum_mismatch``: nothing stored). The chunk that completes the
    file has the whole file checked and becomes a blob."""
    if len(data) > services.settings.chunk_max_bytes:
        raise BodyTooLarge(limit=services.settings.chunk_max_bytes)
    row = _session_for(session, p, upload_id, lock=True)
    if row.completed:
        raise InvalidRequest()
    if hashlib.sha256(data).hexdigest() != chunk_sha256.strip().lower():
        raise ChecksumMismatch()
    if not data or offset + len(data) > row.size:
        raise InvalidRequest()
    row.offset = services.storage.append_chunk(upload_id, offset, data)
    if row.offset < row.size:
        return _state(services, row)
    try:
        key = services.storage.finish_upload(upload_id, row.sha256)
    except ChecksumMismatch:
        # The storage dropped the bytes; the session goes with them, committed now since
        # the error answer rolls the request's transaction back.
        session.delete(row)
        session.commit()
        raise FinalHashMismatch() from None
    row.completed = True
    if session.get(Blob, row.sha256) is None:
        session.add(Blob(sha256=row.sha256, size=row.size, storage_key=key,
                         uploaded_by=p.username, device_id=p.device_id, created_at=utc_now()))
    return _state(services, row)
