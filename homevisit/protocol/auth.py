"""Login, device registration, token refresh and the device-facing policies."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from homevisit.protocol.types import (
    MAX_INT32,
    BigCount,
    Code,
    Count,
    JsonObject,
    RecordId,
    RegionCode,
    Secret,
    Sha256Hex,
    ShortText,
    TextSchema,
    ValidText,
)
from homevisit.protocol.vocabulary import Role


class LoginRequest(BaseModel):
    """Logging in registers the device (or re-binds a known one of the same user)."""

    model_config = ConfigDict(extra="forbid")

    username: ShortText
    password: Secret
    device_name: ShortText = Field(min_length=1)
    device_id: RecordId | None = Field(
        default=None, description="A device this user registered before, to re-bind it."
    )


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=200), ValidText,
                             TextSchema]


class UserInfo(BaseModel):
    id: Count
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
    expires_in: Count = Field(description="Seconds until the access token expires.")
    refresh_expires_in: Count
    device_id: RecordId
    user: UserInfo


class Policies(BaseModel):
    """What devices obey. Stored as key/value rows on the server; defaults here."""

    model_config = ConfigDict(extra="forbid")

    idle_lock_minutes: int = Field(default=5, ge=1, le=60)
    idle_lock_minutes_by_role: dict[Role, Annotated[int, Field(ge=1, le=60)]] = Field(
        default_factory=lambda: {Role.VOLUNTEER: 2}, max_length=4, description=(
            "A shorter idle lock for a role: a shared help-desk laptop locks sooner."))
    max_offline_days: int = Field(default=14, ge=1, le=365)
    retention_days: int = Field(default=30, ge=1, le=3650)
    reauth_grace_minutes: int = Field(default=5, ge=0, le=60, description=(
        "Revealing, exporting and printing need the passphrase within this many minutes."))
    min_client_version: ShortText = "0.1.0"
    form_versions: dict[Code, Annotated[int, Field(ge=1, le=MAX_INT32)]] = Field(
        default_factory=dict, max_length=100)
    scoring_version: ShortText | None = None
    export_full_ids: list[Role] = Field(default_factory=list, max_length=4, description=(
        "Roles whose exports may carry full ID numbers and phones (after re-authentication); "
        "nobody by default: exports mask them."))


POLICY_KEYS = tuple(Policies.model_fields)


class DeviceAuditEvent(BaseModel):
    """One event of the device's hash-chained audit log (homevisit.audit), as stored there."""

    model_config = ConfigDict(extra="forbid")

    seq: int = Field(ge=1, le=MAX_INT32)
    wall_time: ShortText
    mono_ns: BigCount
    actor: ShortText
    action: Code
    entity: Code
    entity_id: ShortText | None = None
    detail: JsonObject = Field(default_factory=dict)
    prev_hash: Sha256Hex
    hash: Sha256Hex


class DeviceAuditUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[DeviceAuditEvent] = Field(max_length=1000)
    head_seq: int | None = Field(default=None, ge=0, description=(
        "The device log's newest seq (0: empty). Behind what the server holds, or another "
        "hash at a held seq, means the log was trimmed or rolled back."))
    head_hash: Sha256Hex | None = None


class DeviceAuditReceipt(BaseModel):
    accepted: Count
    duplicates: Count
    last_seq: Count = Field(description="Highest seq the server holds for this device.")


class MeResponse(BaseModel):
    user: UserInfo
    device_id: RecordId
    server_time: AwareDatetime
    policies: Policies | None = Field(
        default=None, description="The device policies, as GET /device/policies answers "
        "them: a sync needs both at its start, in one round trip. A server older than "
        "this field leaves it out; the device then asks /device/policies.")


class RegionOut(BaseModel):
    code: RegionCode
    name: ShortText
    parent_code: RegionCode | None = None
