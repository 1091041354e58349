"""Supervisor review (DESIGN §3): list and fetch synced visits, approve or return them with
field-level comments, decide flags. Supervisors never edit answers; reviews and flag
decisions are separate records that reach the device through pull."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from homevisit.protocol.records import (
    AttachmentMeta,
    CommentAnswerRecord,
    ConsentRecord,
    FlagDecisionRecord,
    FlagRecord,
    ReviewComment,
    ReviewRecord,
    VisitRecord,
    VisitVersionRecord,
)
from homevisit.protocol.types import MAX_INT32, Count, LongText, RecordId, RegionCode, ShortText
from homevisit.protocol.vocabulary import FlagDecision, ReviewDecision, VisitStatus


class VisitSummary(BaseModel):
    id: RecordId
    household_id: RecordId
    region_code: RegionCode
    counselor: ShortText | None
    status: VisitStatus
    version: Count
    started_at: AwareDatetime | None
    submitted_at: AwareDatetime | None
    recommended_level: ShortText | None
    open_flags: Count = Field(description="Flags still open or explained (not yet decided).")


class VisitPage(BaseModel):
    items: list[VisitSummary]
    total: Count
    offset: Count
    limit: Count


class VisitDetail(BaseModel):
    visit: VisitRecord
    region_code: RegionCode
    versions: list[VisitVersionRecord]
    consent: list[ConsentRecord]
    attachments: list[AttachmentMeta]
    flags: list[FlagRecord]
    reviews: list[ReviewRecord]
    flag_decisions: list[FlagDecisionRecord] = Field(default_factory=list)
    comment_answers: list[CommentAnswerRecord] = Field(default_factory=list)


class ReviewDecisionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: ReviewDecision
    version: int = Field(ge=1, le=MAX_INT32,
                         description="The version reviewed; a newer one → 409.")
    comments: list[ReviewComment] = Field(default_factory=list, max_length=200)


class FlagDecisionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: FlagDecision
    reason: LongText = Field(min_length=1)
