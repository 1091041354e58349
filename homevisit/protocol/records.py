"""The synced records (DESIGN §3, §5). Field names match the server's ORM columns and the
client's local store, so converting between them is a plain attribute copy.

``rev`` is the server revision (0 = never synced); the server sets it, the client echoes the
last one it saw as ``base_rev`` when it pushes a change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from homevisit.protocol.types import (
    MAX_INT32,
    Address,
    Code,
    Count,
    CreditCodeShape,
    FileName,
    FiniteFloat,
    JsonObject,
    LongText,
    Phone,
    RecordId,
    RegionCode,
    ResidentIdShape,
    Sha256Hex,
    ShortText,
    check_json,
)
from homevisit.protocol.vocabulary import (
    AidKind,
    AidSource,
    CaseOutcome,
    DelegationKind,
    DelegationStatus,
    FlagCategory,
    FlagDecision,
    FlagSource,
    FlagStatus,
    HandbackDecision,
    HandbackReason,
    HandbackStatus,
    LoanType,
    ProposalReason,
    ProposalStatus,
    ReviewDecision,
    StudentStatus,
    VisitMode,
    VisitStatus,
)


class Entity(StrEnum):
    HOUSEHOLD = "household"
    MEMBER = "member"
    STUDENT = "student"
    ASSIGNMENT = "assignment"
    VISIT = "visit"
    VISIT_VERSION = "visit_version"
    CONSENT = "consent"
    ATTACHMENT = "attachment"
    FLAG = "flag"
    REVIEW = "review"
    FLAG_DECISION = "flag_decision"
    COMMENT_ANSWER = "comment_answer"
    HELPDESK_CASE = "helpdesk_case"
    APPOINTMENT = "appointment"
    HANDBACK = "handback"
    HANDBACK_DECISION = "handback_decision"
    DELEGATION = "delegation"
    PROPOSAL = "proposal"
    AID_ENTRY = "aid_entry"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)

    id: RecordId
    rev: Count = 0
    deleted: bool = False
    updated_at: AwareDatetime | None = None


class HouseholdRecord(Record):
    region_code: RegionCode
    address: Address = ""
    rural: bool = False
    special_categories: list[Code] = Field(default_factory=list, max_length=20)
    assigned_counselor: ShortText | None = Field(
        default=None, description="Username; set by the server, ignored when pushed."
    )
    due_date: dt.date | None = None


class MemberRecord(Record):
    household_id: RecordId
    name: ShortText
    relation: Code
    id_number: ResidentIdShape | None = None
    birth_date: dt.date | None = None
    sex: Literal["male", "female"] | None = None
    health: Code | None = None
    occupation: ShortText | None = None
    employer: ShortText | None = None
    employer_type: Code | None = None
    position: ShortText | None = None
    employer_credit_code: CreditCodeShape | None = None
    phone: Phone | None = None
    is_guardian: bool = False
    income: dict[Code, FiniteFloat] = Field(default_factory=dict, max_length=20)
    # The day a finalized visit found the member no longer in the household (never deleted:
    # the visit history still names them); None = lives there. A device or record from
    # before this field knows none and means "present".
    moved_out_on: dt.date | None = None


class StudentRecord(Record):
    member_id: RecordId
    household_id: RecordId
    school: ShortText = ""
    grade: ShortText = ""
    applications: list[JsonObject] = Field(default_factory=list, max_length=50)
    aid_history: list[JsonObject] = Field(
        default_factory=list, max_length=50,
        description="Unused since protocol 9 (aid history is the aid_entry record); kept "
        "empty by the server, ignored when pushed.")


class AssignmentRecord(Record):
    household_id: RecordId
    counselor: ShortText
    assigned_at: AwareDatetime
    due_date: dt.date | None = None


class VisitContent(BaseModel):
    """What a counselor records; identical in the live visit and each finalized version."""

    mode: VisitMode | None = None
    visitors: list[ShortText] = Field(default_factory=list, max_length=10)
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    form_id: Code | None = None
    form_version: int | None = Field(default=None, ge=1, le=MAX_INT32)
    rule_set_id: Code | None = Field(
        default=None, description="The scoring rule set the visit started with.")
    rule_set_version: int | None = Field(default=None, ge=1, le=MAX_INT32)
    answers: JsonObject = Field(default_factory=dict)
    observations: LongText = ""
    traits: LongText = ""
    policies_explained: list[Code] = Field(default_factory=list, max_length=50)
    score: FiniteFloat | None = None
    score_detail: list[JsonObject] = Field(default_factory=list, max_length=200)
    suggested_level: Code | None = None
    recommended_level: Code | None = None
    recommendation_reason: LongText | None = None


class VisitRecord(Record, VisitContent):
    household_id: RecordId
    status: VisitStatus = VisitStatus.DRAFT
    version: Count = Field(default=0, description="Number of the latest finalized version.")
    counselor: ShortText | None = Field(default=None, description="Set by the server.")
    delegated_by_office: ShortText | None = Field(
        default=None, description="The office (team name or region code) that delegated "
        "this visit to another visitor (委托家访); none: the household's own counselor.")


class VisitVersionRecord(Record, VisitContent):
    visit_id: RecordId
    household_id: RecordId
    version: int = Field(ge=1, le=MAX_INT32)
    finalized_at: AwareDatetime | None = None


class ConsentRecord(Record):
    visit_id: RecordId
    household_id: RecordId
    guardian_member_id: RecordId | None = None
    guardian_relation: Code | None = None
    notice_version: Code
    choices: dict[Code, bool] = Field(default_factory=dict, max_length=30)
    roster_check_authorised: bool = False
    signature_attachment_id: RecordId | None = None
    signed_at: AwareDatetime | None = None


class AttachmentMeta(Record):
    household_id: RecordId
    visit_id: RecordId | None = None
    doc_type: Code
    mime: Literal["image/jpeg", "image/png", "application/pdf"]
    size: int = Field(ge=0, le=200 * 1024 * 1024)
    sha256: Sha256Hex
    original_name: FileName | None = None


class FlagRecord(Record):
    household_id: RecordId
    member_id: RecordId | None = None
    visit_id: RecordId | None = None
    source: FlagSource
    rule_id: Code
    category: FlagCategory
    evidence: LongText = ""
    trigger: JsonObject | None = None
    suggested_question: LongText | None = None
    status: FlagStatus = FlagStatus.OPEN
    explanation: LongText | None = None
    decision_reason: LongText | None = None
    decided_by: ShortText | None = None
    decided_at: AwareDatetime | None = None


class ReviewComment(BaseModel):
    """A supervisor's comment on a returned visit, anchored to what it is about: ``field``
    (a form path without positions, e.g. ``family.housing`` or ``members.people.income``)
    and, for a member's field, ``member_id``, so the anchor survives reordering the members.
    No ``field``: the whole visit."""

    model_config = ConfigDict(extra="forbid")

    id: RecordId = Field(default_factory=lambda: str(uuid.uuid4()),
                         description="A comment answer names it; made when absent.")
    field: ShortText | None = Field(
        default=None, description="Form path of the commented answer, without member "
        "positions (members.people.income); none: the whole visit.")
    member_id: RecordId | None = Field(
        default=None, description="The member whose field is commented.")
    text: LongText = Field(min_length=1)


class ReviewRecord(Record):
    visit_id: RecordId
    household_id: RecordId
    visit_version: int = Field(ge=1, le=MAX_INT32)
    reviewer: ShortText = Field(description="Username; the server stores the pushing "
                                "supervisor's, whatever is sent.")
    decision: ReviewDecision
    comments: list[ReviewComment] = Field(default_factory=list, max_length=200)
    created_at: AwareDatetime | None = None


class FlagDecisionRecord(Record):
    """A supervisor's decision on one flag (confirm or dismiss, with a reason). The server
    applies it to the flag, which then carries the decision too."""

    flag_id: RecordId
    household_id: RecordId
    visit_id: RecordId | None = None
    decision: FlagDecision
    reason: LongText = Field(min_length=1)
    decided_by: ShortText | None = Field(default=None, description="Set by the server.")
    decided_at: AwareDatetime | None = None


class CommentAnswerRecord(Record):
    """The counselor's answer to one comment of a review (notes both ways)."""

    review_id: RecordId
    comment_id: RecordId
    visit_id: RecordId
    household_id: RecordId
    text: LongText = Field(min_length=1)
    author: ShortText | None = Field(default=None, description="Set by the server.")
    answered_at: AwareDatetime | None = None


class HelpDeskCaseRecord(Record):
    desk_id: RecordId
    desk_site: ShortText = ""
    desk_date: dt.date | None = None
    volunteer: ShortText | None = Field(default=None, description="Set by the server.")
    loan_type: LoanType
    student_name: ShortText = ""
    student_id_number: ResidentIdShape | None = None
    co_borrower_name: ShortText = ""
    co_borrower_id_number: ResidentIdShape | None = None
    co_borrower_relation: Code | None = None
    student_phone: Phone | None = None
    school: ShortText = ""
    stage: Code | None = Field(default=None, description="undergraduate | postgraduate | …")
    student_status: StudentStatus | None = None
    ticket_number: int | None = Field(default=None, ge=1, le=MAX_INT32)
    checklist: dict[Code, bool] = Field(default_factory=dict, max_length=50)
    steps: Annotated[dict[Code, Any], AfterValidator(check_json)] = Field(
        default_factory=dict, max_length=50)
    problems: LongText = ""
    outcome: CaseOutcome | None = None
    missing_documents: list[Code] = Field(default_factory=list, max_length=50)
    called_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    minutes_spent: int | None = Field(default=None, ge=0, le=24 * 60)
    follow_up: LongText | None = None
    seen_elsewhere: int = Field(default=0, ge=0, le=MAX_INT32, description=(
        "Set by the server: other cases of the same student ID on the same day, at any "
        "desk or by any volunteer."))


class AppointmentRecord(Record):
    """A visit the counselor arranged with a household (issue 19): when, how, a note."""

    household_id: RecordId
    visit_id: RecordId | None = Field(default=None, description="The visit it led to, if any.")
    starts_at: AwareDatetime
    mode: VisitMode
    note: LongText = ""
    counselor: ShortText | None = Field(default=None, description="Set by the server.")
    cancelled: bool = False


class HandbackRecord(Record):
    """A counselor hands an assignment back (written once); the server keeps its status
    and the supervisor's answer, which arrives as a ``handback_decision``."""

    household_id: RecordId
    reason: HandbackReason
    note: LongText = ""
    requested_by: ShortText | None = Field(default=None, description="Set by the server.")
    requested_at: AwareDatetime | None = None
    status: HandbackStatus = Field(default=HandbackStatus.REQUESTED,
                                   description="Set by the server.")
    decision_note: LongText | None = Field(default=None, description="Set by the server.")
    decided_by: ShortText | None = Field(default=None, description="Set by the server.")
    decided_at: AwareDatetime | None = Field(default=None, description="Set by the server.")


class HandbackDecisionRecord(Record):
    """A supervisor's answer to a hand-back: accept (the server reassigns the household to
    ``reassign_to``, a counselor in the supervisor's scope) or decline, with a note."""

    handback_id: RecordId
    household_id: RecordId
    decision: HandbackDecision
    note: LongText = Field(min_length=1)
    reassign_to: ShortText | None = Field(
        default=None, description="Username of the new counselor; required to accept.")
    decided_by: ShortText | None = Field(default=None, description="Set by the server.")
    decided_at: AwareDatetime | None = None
class DelegationRecord(Record):
    """A request that someone else visits a household jointly or instead (issue 19): while
    requested or accepted, the delegate (or the colleague their office assigns) sees the
    household; approval of the visit ends it."""

    household_id: RecordId
    visit_id: RecordId | None = Field(
        default=None, description="The open visit to join; none: the delegate starts one.")
    kind: DelegationKind
    delegate: ShortText = Field(description="Username of the colleague, or of the other "
                                "office's supervisor for an office delegation.")
    assignee: ShortText | None = Field(
        default=None, description="For an office delegation: the counselor the other "
        "office's supervisor assigns.")
    status: DelegationStatus = DelegationStatus.REQUESTED
    note: LongText = ""
    decline_reason: LongText | None = None
    requested_by: ShortText | None = Field(default=None, description="Set by the server.")
    delegating_office: ShortText | None = Field(
        default=None, description="Set by the server: the requester's team or region.")
    ended_at: AwareDatetime | None = Field(default=None, description="Set by the server.")


class ProposalRecord(Record):
    """A family in difficulty on no list, proposed by a counselor with minimal data (no ID
    numbers) after the family consented; the supervisor accepts it into assignments or
    declines it with a reason."""

    region_code: RegionCode = Field(description="The township or county (GB/T 2260).")
    address: Address = Field(min_length=1)
    contact_name: ShortText = Field(min_length=1)
    contact_relation: Code | None = None
    reasons: list[ProposalReason] = Field(min_length=1, max_length=len(ProposalReason))
    note: LongText = ""
    notice_version: Code = Field(description="The privacy notice explained to the family.")
    consented_at: AwareDatetime = Field(description="When the family agreed to be proposed.")
    status: ProposalStatus = ProposalStatus.PROPOSED
    decision_reason: LongText | None = None
    proposed_by: ShortText | None = Field(default=None, description="Set by the server.")
    decided_by: ShortText | None = Field(default=None, description="Set by the server.")
    decided_at: AwareDatetime | None = Field(default=None, description="Set by the server.")
    household_id: RecordId | None = Field(
        default=None, description="Set by the server: the household made on acceptance.")


MIN_SCHOOL_YEAR, MAX_SCHOOL_YEAR = 2000, 2100
MAX_AMOUNT_FEN = 100_000_000  # one million yuan: far above any single grant or loan


class AidEntryRecord(Record):
    """One entry of a student's growth record (资助成长档案), written only by the server: aid
    received (imported), the level a visit was recognised at (on approval), or a minimal
    summary of a loan help-desk case of the same student ID (no phone, no co-borrower)."""

    student_id: RecordId
    household_id: RecordId
    kind: AidKind
    school_year: int = Field(ge=MIN_SCHOOL_YEAR, le=MAX_SCHOOL_YEAR, description=(
        "The school year by the calendar year it starts in: 2026 = 2026–2027 学年."))
    amount_fen: int | None = Field(default=None, ge=0, le=MAX_AMOUNT_FEN, description=(
        "Amount in fen (1 yuan = 100 fen), never a float; none for levels and cases."))
    source: AidSource
    title: ShortText = Field(default="", description="e.g. 国家助学金; the place of a case.")
    level: Code | None = Field(default=None, description="The recognised level (kind level).")
    loan_type: LoanType | None = None
    outcome: CaseOutcome | None = None
    note: LongText = ""
    visit_id: RecordId | None = Field(default=None, description="The approved visit.")
    recorded_at: AwareDatetime | None = Field(default=None, description=(
        "When it happened: the grant's date, the approval, the desk's day."))


RECORD_TYPES: dict[Entity, type[Record]] = {
    Entity.HOUSEHOLD: HouseholdRecord,
    Entity.MEMBER: MemberRecord,
    Entity.STUDENT: StudentRecord,
    Entity.ASSIGNMENT: AssignmentRecord,
    Entity.VISIT: VisitRecord,
    Entity.VISIT_VERSION: VisitVersionRecord,
    Entity.CONSENT: ConsentRecord,
    Entity.ATTACHMENT: AttachmentMeta,
    Entity.FLAG: FlagRecord,
    Entity.REVIEW: ReviewRecord,
    Entity.FLAG_DECISION: FlagDecisionRecord,
    Entity.COMMENT_ANSWER: CommentAnswerRecord,
    Entity.HELPDESK_CASE: HelpDeskCaseRecord,
    Entity.APPOINTMENT: AppointmentRecord,
    Entity.HANDBACK: HandbackRecord,
    Entity.HANDBACK_DECISION: HandbackDecisionRecord,
    Entity.DELEGATION: DelegationRecord,
    Entity.PROPOSAL: ProposalRecord,
    Entity.AID_ENTRY: AidEntryRecord,
}
"""Which record model validates a payload of each entity."""
