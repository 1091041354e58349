"""Attachment presence, resumable upload and download (DESIGN §5).

- ``POST /attachments/presence``: which of these SHA-256 hashes the caller has not
  uploaded for the household yet;
- ``POST /attachments/uploads``: open or resume an upload for a household in scope;
  ``GET`` it for the offset; ``PATCH`` it with one chunk (headers ``Upload-Offset`` and
  ``Upload-Chunk-Sha256``);
- ``GET /attachments/{id}/content``: the bytes, for supervisors in scope and the counselor
  of the household, and only if they were uploaded for that household.

Only roles that author attachments (counselors) upload; the others get 403.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from homevisit.protocol import API_PREFIX
from homevisit.protocol.records import Entity
from homevisit.protocol.types import UUID_PATTERN
from homevisit.protocol.uploads import (
    PresenceRequest,
    PresenceResponse,
    UploadCreate,
    UploadState,
)
from homevisit.protocol.vocabulary import Role
from homevisit.server import uploads
from homevisit.server.audit import audit
from homevisit.server.deps import DbSession, ServicesDep, require
from homevisit.server.errors import NotFound
from homevisit.server.models import Attachment
from homevisit.server.principal import Principal
from homevisit.server.scope import household_for
from homevisit.server.sync_rules import PUSHABLE

router = APIRouter(prefix=f"{API_PREFIX}/attachments", tags=["attachments"])

UploadId = Annotated[str, Path(pattern=UUID_PATTERN)]
Reader = Annotated[Principal, Depends(require(Role.COUNSELOR, Role.SUPERVISOR, Role.ADMIN))]
Uploader = Annotated[Principal, Depends(require(
    *(role for role, entities in PUSHABLE.items() if Entity.ATTACHMENT in entities)))]


@router.post("/presence", response_model=PresenceResponse)
def presence(body: PresenceRequest, principal: Uploader, session: DbSession):
    """The hashes among those sent that the caller has not uploaded for the household
    (upload those). Never says whether anyone else holds a file."""
    return PresenceResponse(
        missing=uploads.missing_hashes(session, principal, body.household_id, body.sha256))


@router.post("/uploads", response_model=UploadState, status_code=status.HTTP_201_CREATED)
def open_upload(body: UploadCreate, principal: Uploader, session: DbSession,
                services: ServicesDep):
    """Open an upload for a household in scope, or resume this device's unfinished one
    of the same file (429 ``too_many_uploads`` past the device's limits)."""
    return uploads.open_upload(session, services, principal, body)


@router.get("/uploads/{upload_id}", response_model=UploadState)
def upload_state(upload_id: UploadId, principal: Uploader, session: DbSession,
                 services: ServicesDep):
    """The offset to resume from (410 ``upload_expired`` once the session expired)."""
    return uploads.upload_state(session, services, principal, upload_id)


@router.patch(
    "/uploads/{upload_id}",
    response_model=UploadState,
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
)
async def upload_chunk(
    upload_id: UploadId,
    request: Request,
    principal: Uploader,
    session: DbSession,
    services: ServicesDep,
    upload_offset: Annotated[int, Header(alias="Upload-Offset", ge=0, le=2**62)],
    upload_chunk_sha256: Annotated[
        str, Header(alias="Upload-Chunk-Sha256", pattern=r"^[0-9a-fA-F]{64}$")
    ],
):
    """Append one chunk at ``Upload-Offset``: 409 ``offset_mismatch`` if that is not the
    server's offset, 422 ``checksum_mismatch`` if the chunk's SHA-256 differs (nothing is
    stored) or if the finished file's SHA-256 differs (the upload is dropped)."""
    data = await request.body()
    return await run_in_threadpool(
        uploads.append_chunk, session, services, principal, upload_id, upload_offset,
        upload_chunk_sha256, data,
    )


@router.get(
    "/{attachment_id}/content",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download(attachment_id: Annotated[str, Path(pattern=UUID_PATTERN)], principal: Reader,
             session: DbSession, services: ServicesDep):
    """The attachment's bytes, if its household is in the caller's scope and the bytes
    were uploaded for that household (a hash seen elsewhere opens nothing)."""
    row = session.get(Attachment, attachment_id)
    if row is None or row.deleted:
        raise NotFound()
    household_for(session, principal, row.household_id)
    if not uploads.blob_uploaded_for(session, row.sha256, row.household_id):
        raise NotFound()
    blob = services.storage.open_blob(row.sha256)
    size = os.fstat(blob.fileno()).st_size
    if principal.role is not Role.COUNSELOR:
        audit(session, principal, "attachment.download", "attachment", row.id)

    def chunks() -> Iterator[bytes]:
        with blob:
            yield from iter(lambda: blob.read(1 << 20), b"")

    return StreamingResponse(chunks(), media_type=row.mime, headers={
        "Content-Disposition": "attachment", "X-Content-Type-Options": "nosniff",
        "Content-Length": str(size)})
