"""The error body every non-2xx answer carries, and its machine-readable codes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,39}$")


class ErrorCode(StrEnum):
    """Stable codes a client may branch on. Messages are for people; codes are for code."""

    MALFORMED_JSON = "malformed_json"
    INVALID_REQUEST = "invalid_request"
    BODY_TOO_LARGE = "body_too_large"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    UNAUTHENTICATED = "unauthenticated"
    TOKEN_EXPIRED = "token_expired"  # noqa: S105 - an error code
    DEVICE_REVOKED = "device_revoked"
    ACCOUNT_DISABLED = "account_disabled"
    BAD_CREDENTIALS = "bad_credentials"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    AUDIT_LOG_ROLLED_BACK = "audit_log_rolled_back"
    CLIENT_TOO_OLD = "client_too_old"
    CLIENT_VERSION_MISSING = "client_version_missing"
    OFFSET_MISMATCH = "offset_mismatch"
    CHECKSUM_MISMATCH = "checksum_mismatch"
    UPLOAD_EXPIRED = "upload_expired"
    TOO_MANY_UPLOADS = "too_many_uploads"
    ILLEGAL_TRANSITION = "illegal_transition"
    OPEN_FLAGS = "open_flags"
    STALE_VERSION = "stale_version"
    SERVER_BUSY = "server_busy"
    DOCUMENT_INVALID = "document_invalid"
    SHIFT_REFUSED = "shift_refused"
    INTERNAL = "internal"


def field_path(loc: Iterable[object]) -> list[str | int]:
    """A validation error's location as safe to show: field names and list indexes only.

    Locations can hold the submitted input itself (a key of a free-form object, an unknown
    field's name), which may be personal data or text that cannot even be encoded (NUL, a
    lone surrogate). The path stops, marked ``"…"``, at the first part that is not a plain
    field name."""
    path: list[str | int] = []
    for part in loc:
        plain_index = isinstance(part, int) and not isinstance(part, bool)
        if plain_index or (isinstance(part, str) and _FIELD_NAME.match(part)):
            path.append(part)  # type: ignore[arg-type]  # an int or a str, checked above
        else:
            path.append("…")
            break
    return path


class ErrorDetail(BaseModel):
    """Where a request was wrong: a field path only, never the submitted value."""

    loc: list[str | int]
    type: str


class ErrorInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="Machine-readable code, see ErrorCode.")
    message: str = Field(description="Human-readable, in the language asked for (zh default).")
    wipe: bool | None = Field(
        default=None,
        description="True when the device was revoked: the client must crypto-shred the profile.",
    )
    details: list[ErrorDetail] | None = None
    retry_after: int | None = Field(default=None, description="Seconds, for 429 answers.")


class ErrorBody(BaseModel):
    """``{"error": {"code": ..., "message": ...}}``."""

    error: ErrorInfo
