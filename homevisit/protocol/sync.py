"""Sync envelopes (DESIGN §5): push ops with a result per op, pull pages over the change log."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from homevisit.protocol.types import MAX_INT64, BigCount, Code, Count, LongText, RecordId

MAX_OPS_PER_PUSH = 500
MAX_PULL_LIMIT = 1000


class Operation(StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


class Op(BaseModel):
    """One outbox row. ``entity`` is a plain string and ``payload`` a plain object so that one
    bad op is rejected alone (in its result) rather than failing the whole batch with a 422."""

    model_config = ConfigDict(extra="forbid")

    op_id: int = Field(
        ge=1, le=MAX_INT64, description="The device's monotonic op id; (device, op_id) is unique."
    )
    entity: Code = Field(description="An Entity value, e.g. household, visit_version.")
    entity_id: RecordId
    operation: Operation
    base_rev: Count = Field(description="The rev the device last saw; 0 for a new record.")
    payload: dict[str, Any] | None = Field(
        default=None, description="The record (fields of the entity's record model)."
    )


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ops: list[Op] = Field(max_length=MAX_OPS_PER_PUSH)


class OpStatus(StrEnum):
    APPLIED = "applied"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class RejectCode(StrEnum):
    """Why the server refused one op (``OpResult.reason.code``); the client quarantines it."""

    UNKNOWN_ENTITY = "unknown_entity"
    NOT_ALLOWED = "not_allowed"  # the caller's role never pushes this entity
    INVALID_RECORD = "invalid_record"  # the payload fails the entity's record schema
    OUT_OF_SCOPE = "out_of_scope"  # not one of the caller's households / desk
    MISSING_PARENT = "missing_parent"  # household, visit or member not on the server
    ILLEGAL_TRANSITION = "illegal_transition"  # visit or flag status change not allowed
    IMMUTABLE = "immutable"  # a finalized visit version, a review, an assignment
    UNKNOWN_RECORD = "unknown_record"  # base_rev > 0 or a delete for a record never synced
    INTEGRITY = "integrity"  # refused by a database constraint
    CONSENT_REQUIRED = "consent_required"  # a capture without its consent choice
    STALE_VERSION = "stale_version"  # a decision on a version the counselor has replaced
    OPEN_FLAGS = "open_flags"  # approval while flags are undecided (open or explained)
    NOT_REVIEWABLE = "not_reviewable"  # a decision on a visit that is not awaiting review
    COMMENTS_REQUIRED = "comments_required"  # a return without a comment


class OpReason(BaseModel):
    code: Code
    message: LongText


class OpResult(BaseModel):
    op_id: BigCount
    status: OpStatus
    rev: Count | None = Field(default=None, description="The record's new rev when applied.")
    server_record: dict[str, Any] | None = Field(
        default=None, description="The server's copy, on conflict."
    )
    reason: OpReason | None = None


class PushResponse(BaseModel):
    results: list[OpResult]


class Change(BaseModel):
    seq: BigCount
    entity: Code
    entity_id: RecordId
    rev: Count
    deleted: bool = False
    record: dict[str, Any] | None = None


class PullPage(BaseModel):
    changes: list[Change]
    cursor: BigCount = Field(description="Pass as `since` for the next page.")
    has_more: bool
    reset: bool = Field(
        default=False,
        description="The client must drop its synced copy of its scope and pull again from 0, "
        "keeping unsent local work.",
    )


MAX_SCOPE_CHECK = 10_000


class ScopeCheck(BaseModel):
    """Households a device holds, asked about after a sync (issue 12: purge)."""

    model_config = ConfigDict(extra="forbid")

    household_ids: list[RecordId] = Field(max_length=MAX_SCOPE_CHECK)


class ScopeAnswer(BaseModel):
    out_of_scope: list[RecordId] = Field(
        description="Those of the asked households the caller may no longer see (e.g. "
        "reassigned to another counselor): the device purges them, keeping unsent work.")
