"""Login, device registration, token refresh and the device-facing policies."""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from homevisit.protocol.types import Code, RecordId, RegionCode, Sha256Hex, ShortText
from homevisit.protocol.vocabulary import Role


class LoginRequest(BaseModel):
    """Logging in registers the device (or re-binds a known one of the same user)."""

    model_config = ConfigDict(extra="forbid")

    username: ShortText
    password: str = Field(min_length=1, max_length=256)
    device_name: ShortText = Field(min_length=1)
    device_id: RecordId | None = Field(
        default=None, description="A device this user registered before, to re-bind it."
    )


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=200)


class UserInfo(BaseModel):
    id: int
    username: str
    display_name: str
    role: Role
    team: str | None = None
    region_code: str | None = None
    desk_id: str | None = None


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_expires_in: int
    device_id: RecordId
    user: UserInfo


class Policies(BaseModel):
    """What devices obey. Stored as key/value rows on the server; defaults here."""

    model_config = ConfigDict(extra="forbid")

    idle_lock_minutes: int = Field(default=5, ge=1, le=60)
    max_offline_days: int = Field(default=14, ge=1, le=365)
    retention_days: int = Field(default=30, ge=1, le=3650)
    min_client_version: ShortText = "0.1.0"
    form_versions: dict[Code, int] = Field(default_factory=dict)
    scoring_version: ShortText | None = None


POLICY_KEYS = tuple(Policies.model_fields)


class DeviceAuditEvent(BaseModel):
    """One event of the device's hash-chained audit log (homevisit.audit), as stored there."""

    model_config = ConfigDict(extra="forbid")

    seq: int = Field(ge=1)
    wall_time: ShortText
    mono_ns: int = Field(ge=0)
    actor: ShortText
    action: Code
    entity: Code
    entity_id: ShortText | None = None
    detail: dict[str, Any] = Field(default_factory=dict)
    prev_hash: Sha256Hex
    hash: Sha256Hex


class DeviceAuditUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[DeviceAuditEvent] = Field(max_length=1000)


class DeviceAuditReceipt(BaseModel):
    accepted: int
    duplicates: int
    last_seq: int = Field(description="Highest seq the server holds for this device.")


class MeResponse(BaseModel):
    user: UserInfo
    device_id: RecordId
    server_time: AwareDatetime


class RegionOut(BaseModel):
    code: RegionCode
    name: ShortText
    parent_code: RegionCode | None = None
