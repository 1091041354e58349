"""Administrator endpoints' bodies: users, teams, regions, devices, policies, assignments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from homevisit.protocol.auth import UserInfo
from homevisit.protocol.types import (
    BigCount,
    Code,
    Count,
    RecordId,
    RegionCode,
    ShortText,
    TextSchema,
    Username,
    ValidText,
)
from homevisit.protocol.vocabulary import Role

NewPassword = Annotated[str, StringConstraints(min_length=8, max_length=256), ValidText,
                        TextSchema]


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Username
    display_name: ShortText = ""
    password: NewPassword
    role: Role
    team: ShortText | None = None
    region_code: RegionCode | None = None
    desk_id: RecordId | None = None


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: NewPassword


class UserOut(UserInfo):
    disabled: bool


class TeamIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShortText = Field(min_length=1)
    region_code: RegionCode | None = None


class TeamOut(BaseModel):
    id: Count
    name: str
    region_code: str | None = None


class RegionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: RegionCode
    name: ShortText = Field(min_length=1)
    parent_code: RegionCode | None = None


class DeviceOut(BaseModel):
    id: RecordId
    user: str
    name: str
    registered_at: AwareDatetime
    revoked_at: AwareDatetime | None = None
    last_seen_at: AwareDatetime | None = None


class PolicyValue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Any


class AssignmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    household_id: RecordId
    counselor: Username
    due_date: dt.date | None = None


class AssignmentOut(BaseModel):
    household_id: RecordId
    counselor: str
    flags_raised: Count = Field(description="New roster flags produced by this assignment.")


class AuditEventOut(BaseModel):
    id: BigCount
    at: AwareDatetime
    actor: str | None
    role: str | None
    action: Code
    entity: str
    entity_id: str | None
    detail: dict[str, Any]
