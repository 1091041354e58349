"""Attachment transfer (DESIGN §5): presence by SHA-256, then a resumable chunked upload.

Access follows scope, not hashes: every upload is made for one household in the
uploader's scope, and a blob serves only attachments of a household it was uploaded for.

Flow: ``POST /attachments/presence`` names, for one household, the hashes the caller has
not uploaded for it; for each, ``POST /attachments/uploads`` opens (or resumes) an upload
session; ``GET`` on the session
gives the offset to continue from; each ``PATCH`` sends one chunk with the
``Upload-Offset`` and ``Upload-Chunk-Sha256`` headers (409 ``offset_mismatch`` if the offset
is not the server's, 422 ``checksum_mismatch`` if the chunk is damaged — it is not stored).
The chunk that completes the file triggers the whole-file SHA-256 check.
"""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from homevisit.protocol.types import Count, RecordId, Sha256Hex

UPLOAD_OFFSET_HEADER = "Upload-Offset"
CHUNK_SHA256_HEADER = "Upload-Chunk-Sha256"
MAX_PRESENCE_HASHES = 1000
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024


class PresenceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    household_id: RecordId = Field(description="The household the files belong to.")
    sha256: list[Sha256Hex] = Field(max_length=MAX_PRESENCE_HASHES)


class PresenceResponse(BaseModel):
    missing: list[Sha256Hex] = Field(
        description="The hashes the caller has not uploaded for that household yet.")


class UploadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    household_id: RecordId = Field(description="The household the file belongs to.")
    sha256: Sha256Hex
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES)


class UploadState(BaseModel):
    upload_id: str | None = Field(
        default=None, description="None when the server already held the blob."
    )
    sha256: Sha256Hex
    size: Count
    offset: Count = Field(description="Bytes the server holds; send the next chunk from here.")
    completed: bool
    expires_at: AwareDatetime | None = None
    chunk_max_bytes: Count
