"""A supervisor's decisions and a counselor's answers arriving by push (issue 15).

Reviews and flag decisions are not stored as sent: they go through the same review rules as
the review endpoints (``review_flow.review_visit`` and ``review_flow.rule_on_flag``), which
write the record, the visit's or flag's new status and their change-log rows. A rule that
says no becomes that op's rejection with its reason (a newer version, undecided flags, a
visit not awaiting review); the rest of the push goes on. The server sets the reviewer and
decider from the pushing user, whatever the payload says.

A comment answer is stored like any record, once it names a comment of its review and the
visit is not approved.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from homevisit.protocol.records import (
    CommentAnswerRecord,
    Entity,
    FlagDecisionRecord,
    Record,
    ReviewRecord,
)
from homevisit.protocol.sync import RejectCode
from homevisit.protocol.vocabulary import VisitStatus
from homevisit.server import handbacks, review_flow
from homevisit.server.errors import (
    ApiError,
    CommentsRequired,
    IllegalTransition,
    NotFound,
    OpenFlags,
    StaleVersion,
)
from homevisit.server.models import Flag, Review, Visit
from homevisit.server.models.base import Base
from homevisit.server.principal import Principal
from homevisit.server.sync_rules import OpRefused

Lookup = Callable[[Entity, str], Base | None]
"""The push batch's row loader (rows it already holds, else the database)."""

_CODES: dict[type[ApiError], RejectCode] = {
    StaleVersion: RejectCode.STALE_VERSION,
    OpenFlags: RejectCode.OPEN_FLAGS,
    IllegalTransition: RejectCode.NOT_REVIEWABLE,
    CommentsRequired: RejectCode.COMMENTS_REQUIRED,
    NotFound: RejectCode.OUT_OF_SCOPE,
}


def _refusal(error: ApiError, code: RejectCode | None = None) -> OpRefused:
    return OpRefused(code or _CODES.get(type(error), RejectCode.ILLEGAL_TRANSITION), error.text)


def _review(session: Session, p: Principal, record: ReviewRecord, row: Lookup) -> Base:
    visit = row(Entity.VISIT, record.visit_id)
    assert isinstance(visit, Visit)  # a parent: checked present, same household
    try:
        return review_flow.review_visit(
            session, p, visit, version=record.visit_version, decision=record.decision,
            comments=[c.model_dump(mode="json") for c in record.comments],
            review_id=record.id)
    except ApiError as error:
        raise _refusal(error) from None


def _flag_decision(session: Session, p: Principal, record: FlagDecisionRecord,
                   row: Lookup) -> Base:
    flag = row(Entity.FLAG, record.flag_id)
    assert isinstance(flag, Flag)  # a parent: checked present, same household
    if record.visit_id != flag.visit_id:
        raise OpRefused(RejectCode.INVALID_RECORD, fields="visit_id")
    try:
        return review_flow.rule_on_flag(session, p, flag, decision=record.decision,
                                        reason=record.reason, ruling_id=record.id)
    except ApiError as error:
        already = flag.status not in review_flow.UNDECIDED
        raise _refusal(error, RejectCode.ILLEGAL_TRANSITION if already else None) from None


APPLIED_BY_RULES: dict[Entity, Callable[[Session, Principal, Record, Lookup], Base]] = {
    Entity.REVIEW: _review,  # type: ignore[dict-item]  # each rule takes its own record type
    Entity.FLAG_DECISION: _flag_decision,  # type: ignore[dict-item]
    Entity.HANDBACK_DECISION: handbacks.decide,  # type: ignore[dict-item]
}
"""Entities whose pushed records the review rules apply (instead of a plain insert)."""


def check_answer(record: CommentAnswerRecord, row: Lookup) -> None:
    """A comment answer names a comment of its review, on that review's visit, and the
    visit is not approved yet."""
    review = row(Entity.REVIEW, record.review_id)
    assert isinstance(review, Review)  # a parent: checked present, same household
    if review.visit_id != record.visit_id:
        raise OpRefused(RejectCode.INVALID_RECORD, fields="visit_id")
    if not any(c.get("id") == record.comment_id for c in review.comments or ()):
        raise OpRefused(RejectCode.INVALID_RECORD, fields="comment_id")
    visit = row(Entity.VISIT, record.visit_id)
    if visit is None or visit.status == VisitStatus.APPROVED:  # type: ignore[attr-defined]
        raise OpRefused(RejectCode.ILLEGAL_TRANSITION, current=VisitStatus.APPROVED,
                        wanted="answered")
