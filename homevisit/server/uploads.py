"""Resumable, content-addressed attachment uploads (DESIGN §5), over ``FileStorage``.

An upload session belongs to the device that opened it, is made for one household in that
device's scope, and expires after ``settings.upload_ttl``. The bytes are stored once per
hash, but who may use them is recorded per upload (``BlobUpload``: blob, household,
device): knowing a hash gives nothing — the presence check and the "already held" answer
speak only of the caller's own uploads for that household, and anyone else proves they
hold the bytes by sending them.

Limits per device: ``max_open_uploads`` unfinished sessions and
``max_upload_bytes_in_flight`` bytes in them (429 ``too_many_uploads``).

The bytes on disk are the truth for the offset (a crash between writing a chunk and
committing cannot make the two disagree for long): the session row is locked for the
length of a chunk request so two requests never append at once.
"""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from homevisit.protocol.uploads import UploadCreate, UploadState
from homevisit.server.errors import (
    BodyTooLarge,
    ChecksumMismatch,
    InvalidRequest,
    NotFound,
    TooManyUploads,
    UploadExpired,
)
from homevisit.server.models import Blob, BlobUpload, Device, UploadSession, utc_now
from homevisit.server.principal import Principal
from homevisit.server.scope import can_see_household, household_for
from homevisit.server.services import Services


def _own_uploads(session: Session, p: Principal, household_id: str,
                 hashes: list[str]) -> set[str]:
    # The caller's own: any of their devices (a second laptop need not send a photo
    # again), never another user's, even for the same household.
    return set(session.execute(select(BlobUpload.sha256).where(
        BlobUpload.household_id == household_id, BlobUpload.uploaded_by == p.username,
        BlobUpload.sha256.in_(hashes))).scalars())


def missing_hashes(session: Session, p: Principal, household_id: str,
                   hashes: list[str]) -> list[str]:
    """The hashes among ``hashes`` the caller has not uploaded for the household, in the
    order asked, once each. A household outside the caller's scope lacks everything."""
    wanted = list(dict.fromkeys(hashes))
    if not can_see_household(session, p, household_id):
        return wanted
    held = _own_uploads(session, p, household_id, wanted)
    return [h for h in wanted if h not in held]


def blob_uploaded_for(session: Session, sha256: str, household_id: str) -> bool:
    """Whether some device uploaded the blob for this household (what an attachment row
    of the household may name, and what a download of it needs)."""
    return session.execute(select(BlobUpload.sha256).where(
        BlobUpload.sha256 == sha256, BlobUpload.household_id == household_id).limit(1)
    ).first() is not None


def _state(services: Services, row: UploadSession) -> UploadState:
    offset = row.size if row.completed else services.storage.upload_size(row.id)
    return UploadState(upload_id=row.id, sha256=row.sha256, size=row.size, offset=offset,
                       completed=row.completed, expires_at=row.expires_at,
                       chunk_max_bytes=services.settings.chunk_max_bytes)


def _purge_own_expired(session: Session, services: Services, p: Principal) -> None:
    """This device's expired, unfinished sessions go now (the sweep gets everyone's)."""
    expired = list(session.execute(select(UploadSession.id).where(
        UploadSession.device_id == p.device_id, UploadSession.completed.is_(False),
        UploadSession.expires_at < utc_now())).scalars())
    if expired:
        session.execute(delete(UploadSession).where(UploadSession.id.in_(expired)))
        for upload_id in expired:
            services.storage.discard_upload(upload_id)


def _check_limits(session: Session, services: Services, p: Principal, size: int) -> None:
    # The device row's write lock (row lock on PostgreSQL, the write lock on SQLite) makes
    # count-then-insert atomic: two parallel opens cannot both slip under the limit.
    session.execute(update(Device).where(Device.id == p.device_id).values(id=Device.id))
    count, in_flight = session.execute(
        select(func.count(), func.coalesce(func.sum(UploadSession.size), 0)).where(
            UploadSession.device_id == p.device_id, UploadSession.completed.is_(False),
            UploadSession.expires_at >= utc_now())).one()
    settings = services.settings
    if count >= settings.max_open_uploads or \
            in_flight + size > settings.max_upload_bytes_in_flight:
        raise TooManyUploads()


def open_upload(session: Session, services: Services, p: Principal,
                body: UploadCreate) -> UploadState:
    """Start an upload for a household in the caller's scope (404 otherwise), or resume
    this device's unfinished one for the same file; a file the caller already uploaded
    for that household needs no upload (``completed`` with no id)."""
    household_for(session, p, body.household_id)
    _purge_own_expired(session, services, p)
    if _own_uploads(session, p, body.household_id, [body.sha256]):
        blob = session.get(Blob, body.sha256)
        if blob is not None:
            return UploadState(sha256=blob.sha256, size=blob.size, offset=blob.size,
                               completed=True,
                               chunk_max_bytes=services.settings.chunk_max_bytes)
    row = session.execute(select(UploadSession).where(
        UploadSession.device_id == p.device_id, UploadSession.sha256 == body.sha256,
        UploadSession.size == body.size, UploadSession.household_id == body.household_id,
        UploadSession.completed.is_(False), UploadSession.expires_at >= utc_now(),
    )).scalars().first()
    if row is None:
        _check_limits(session, services, p, body.size)
        row = UploadSession(id=str(uuid.uuid4()), sha256=body.sha256, size=body.size,
                            offset=0, household_id=body.household_id,
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
    if row.household_id is None or not can_see_household(session, p, row.household_id):
        raise NotFound()  # made before uploads named households, or the household moved
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
        session.flush()
    if session.get(BlobUpload, (row.sha256, row.household_id, p.device_id)) is None:
        session.add(BlobUpload(sha256=row.sha256, household_id=row.household_id,
                               device_id=p.device_id, uploaded_by=p.username,
                               created_at=utc_now()))
    return _state(services, row)
