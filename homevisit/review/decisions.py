"""A supervisor's decisions, made on the device (DESIGN §3, §5; no Qt, no network).

Each decision is a record written with its outbox row in one transaction and pushed by the
sync engine like everything else: approve or return a visit (a ``Review``), confirm or
dismiss a flag (a ``FlagRuling``), raise a flag by hand (a supervisor ``Flag``). The server
applies the same review rules again when the op arrives (``server/review_flow``); an op it
refuses — the visit was revised meanwhile, flags are still undecided — stays on the device,
quarantined with its reason, and :func:`rejections` lists it: nothing typed is lost.

Nothing here changes the visit's or the flag's own status: those are the server's, and
arrive with the next pull once it accepted the decision. What is decided but not yet
accepted is read with :func:`pending`.

Every function comes twice: ``name(ws, …)`` runs on the workspace's store (CLI, tests) and
``name_in(session, …, actor=)`` runs in a store session the caller holds (the GUI, through
``run_in_store``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import audit, outbox
from homevisit.errors import (
    ApproveBlocked,
    CommentsRequired,
    DecisionPending,
    FlagAlreadyDecided,
    MemberNotInHousehold,
    NotReviewable,
    ReasonRequired,
    StoreError,
    TextTooLong,
)
from homevisit.i18n import Text
from homevisit.model import Account, Flag, FlagRuling, Member, Outbox, Review, Visit, new_id
from homevisit.protocol.records import Entity
from homevisit.protocol.sync import RejectCode
from homevisit.protocol.vocabulary import (
    UNDECIDED_FLAGS,
    FlagCategory,
    FlagDecision,
    FlagSource,
    FlagStatus,
    ReviewDecision,
    VisitStatus,
)
from homevisit.review.anchors import CommentAnchor
from homevisit.store import Store

MAX_TEXT = 4000  # protocol LongText
SUPERVISOR_RULE = "supervisor"  # rule_id of a flag a supervisor raised by hand
CONFIRMED_NOTE = "督导核实属实"  # the reason stored when a confirmation comes without one
DECISION_ENTITIES = (Entity.REVIEW, Entity.FLAG_DECISION, Entity.FLAG, Entity.COMMENT_ANSWER)

VISIT_NOT_FOUND = Text("找不到这次家访。请先同步。", "This visit was not found. Sync first.")
FLAG_NOT_FOUND = Text("找不到这条核查提示。请先同步。", "This flag was not found. Sync first.")


class ReviewSpace(Protocol):
    """What the decisions need of a workspace: its store and the audit actor."""

    @property
    def store(self) -> Store: ...

    @property
    def actor(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Comment:
    anchor: CommentAnchor
    text: str


@dataclass(frozen=True, slots=True)
class Rejection:
    """A decision the server refused: which record, about which visit, and why."""

    op_id: int
    entity: Entity
    record_id: str
    visit_id: str | None
    code: str
    reason: Text


@dataclass(frozen=True, slots=True)
class Pending:
    """Decisions on one visit made here and not yet accepted by the server."""

    review: ReviewDecision | None = None
    flags: dict[str, FlagDecision] = field(default_factory=dict)  # flag id → decision
    raised: list[str] = field(default_factory=list)  # ids of flags raised here


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _clean(text: str, *, required: bool) -> str:
    cleaned = (text or "").strip()
    if required and not cleaned:
        raise ReasonRequired()
    if len(cleaned) > MAX_TEXT:
        raise TextTooLong(limit=MAX_TEXT)
    return cleaned


def _username(session: Session) -> str:
    account = session.get(Account, 1)
    return account.username if account is not None else "-"  # the server sets the real one


def _unsent(session: Session, entity: Entity, ids: Sequence[str]) -> set[str]:
    """Of ``ids``, those with an outbox row still on its way (not refused)."""
    if not ids:
        return set()
    return set(session.scalars(select(Outbox.entity_id).where(
        Outbox.entity == entity.value, Outbox.entity_id.in_(ids),
        Outbox.quarantined.is_(False))))


def visit_of(session: Session, visit_id: str) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted:
        raise StoreError(VISIT_NOT_FOUND)
    return visit


def _awaiting_review(session: Session, visit_id: str) -> Visit:
    visit = visit_of(session, visit_id)
    if visit.status != VisitStatus.SUBMITTED:
        raise NotReviewable()
    if pending_in(session, visit_id).review is not None:
        raise DecisionPending()
    return visit


def visit_flags(session: Session, visit: Visit) -> list[Flag]:
    """The flags that bear on ``visit``: its own, and its household's tied to no visit
    (roster matches made at assignment), as the server counts them."""
    return list(session.scalars(select(Flag).where(
        Flag.household_id == visit.household_id, Flag.deleted.is_(False),
        (Flag.visit_id == visit.id) | Flag.visit_id.is_(None)).order_by(Flag.updated_at)))


def undecided_in(session: Session, visit_id: str) -> list[str]:
    """Ids of the flags that still keep ``visit_id`` from approval: undecided on the server
    and with no decision of ours on its way."""
    visit = visit_of(session, visit_id)
    flags = [f.id for f in visit_flags(session, visit) if f.status in UNDECIDED_FLAGS]
    decided = pending_in(session, visit_id).flags
    return [f for f in flags if f not in decided]


def pending_in(session: Session, visit_id: str) -> Pending:
    reviews = list(session.scalars(select(Review).where(
        Review.visit_id == visit_id, Review.rev == 0)))
    unsent_reviews = _unsent(session, Entity.REVIEW, [r.id for r in reviews])
    review = next((r.decision for r in reviews if r.id in unsent_reviews), None)
    rulings = list(session.scalars(select(FlagRuling).where(
        FlagRuling.rev == 0, FlagRuling.flag_id.in_(select(Flag.id).where(
            Flag.household_id == select(Visit.household_id).where(
                Visit.id == visit_id).scalar_subquery())))))
    unsent_rulings = _unsent(session, Entity.FLAG_DECISION, [r.id for r in rulings])
    flags = {r.flag_id: FlagDecision(r.decision) for r in rulings if r.id in unsent_rulings}
    raised = list(session.scalars(select(Flag.id).where(
        Flag.visit_id == visit_id, Flag.source == FlagSource.SUPERVISOR, Flag.rev == 0)))
    return Pending(ReviewDecision(review) if review else None, flags,
                   sorted(_unsent(session, Entity.FLAG, raised)))


def _review(session: Session, visit: Visit, decision: ReviewDecision,
            comments: list[dict[str, str | None]], actor: str) -> str:
    review = Review(visit_id=visit.id, household_id=visit.household_id,
                    visit_version=visit.version, reviewer=_username(session),
                    decision=decision, comments=comments, created_at=_now())
    outbox.save(session, review)
    audit.append(session, actor=actor, action=f"review_{decision.value}", entity="visit",
                 entity_id=visit.id, detail={"version": visit.version, "review_id": review.id,
                                             "comments": len(comments)})
    return review.id


def approve_in(session: Session, visit_id: str, *, actor: str) -> str:
    """Approve the visit's current version; :class:`ApproveBlocked` while flags are
    undecided. Returns the review's id."""
    visit = _awaiting_review(session, visit_id)
    blocking = undecided_in(session, visit_id)
    if blocking:
        raise ApproveBlocked(blocking)
    return _review(session, visit, ReviewDecision.APPROVE, [], actor)


def return_in(session: Session, visit_id: str, comments: Sequence[Comment], *,
              actor: str) -> str:
    """Return the visit's current version to the counselor with at least one comment (a
    member's field anchored to the member's id). Returns the review's id."""
    visit = _awaiting_review(session, visit_id)
    wire = []
    for comment in comments:
        text = _clean(comment.text, required=False)
        if not text:
            continue
        anchor = comment.anchor
        wire.append({"id": new_id(), "field": anchor.field,
                     "member_id": anchor.member_id if anchor.field else None, "text": text})
    if not wire:
        raise CommentsRequired()
    return _review(session, visit, ReviewDecision.RETURN, wire, actor)


def decide_flag_in(session: Session, flag_id: str, decision: FlagDecision, reason: str, *,
                   actor: str) -> str:
    """Confirm or dismiss an undecided flag. A dismissal needs a reason; a confirmation
    without one records :data:`CONFIRMED_NOTE`. Returns the decision's id."""
    flag = session.get(Flag, flag_id)
    if flag is None or flag.deleted:
        raise StoreError(FLAG_NOT_FOUND)
    decision = FlagDecision(decision)
    text = _clean(reason, required=decision is FlagDecision.DISMISS) or CONFIRMED_NOTE
    if flag.status not in UNDECIDED_FLAGS:
        raise FlagAlreadyDecided()
    earlier = list(session.scalars(select(FlagRuling.id).where(
        FlagRuling.flag_id == flag.id, FlagRuling.rev == 0)))
    if _unsent(session, Entity.FLAG_DECISION, earlier):
        raise FlagAlreadyDecided()
    ruling = FlagRuling(flag_id=flag.id, household_id=flag.household_id,
                        visit_id=flag.visit_id, decision=decision, reason=text,
                        decided_by=_username(session), decided_at=_now())
    outbox.save(session, ruling)
    audit.append(session, actor=actor, action="flag_decision", entity="flag",
                 entity_id=flag.id, detail={"decision": decision.value,
                                            "decision_id": ruling.id})
    return ruling.id


def raise_flag_in(session: Session, visit_id: str, member_id: str | None,
                  category: FlagCategory, reason: str, *, actor: str) -> str:
    """A flag raised by hand on a visit under review or returned; ``reason`` is its
    evidence. Returns the flag's id."""
    visit = visit_of(session, visit_id)
    if visit.status not in (VisitStatus.SUBMITTED, VisitStatus.RETURNED):
        raise NotReviewable()
    text = _clean(reason, required=True)
    if member_id is not None:
        member = session.get(Member, member_id)
        if member is None or member.deleted or member.household_id != visit.household_id:
            raise MemberNotInHousehold()
    flag = Flag(household_id=visit.household_id, visit_id=visit.id, member_id=member_id,
                source=FlagSource.SUPERVISOR, rule_id=SUPERVISOR_RULE,
                category=FlagCategory(category), evidence=text, status=FlagStatus.OPEN,
                trigger={"member_id": member_id} if member_id else None)
    outbox.save(session, flag)
    audit.append(session, actor=actor, action="flag_raise", entity="flag", entity_id=flag.id,
                 detail={"category": flag.category.value, "visit_id": visit.id})
    return flag.id


# --- what the server refused ---------------------------------------------------------------

_REASONS: dict[str, Text] = {
    RejectCode.STALE_VERSION: Text(
        "辅导员已提交了新的版本，此决定针对的是旧版本，未生效。请审核新版本。",
        "The counselor submitted a newer version; this decision was on the old one and did "
        "not take effect. Review the new version."),
    RejectCode.OPEN_FLAGS: Text(
        "服务器上仍有未处理的核查提示，批准未生效。请先处理全部核查提示。",
        "Flags are still undecided on the server, so the approval did not take effect. "
        "Decide every flag first."),
    RejectCode.NOT_REVIEWABLE: Text(
        "这次家访已不在待审核状态（可能已被他人审核），此决定未生效。",
        "This visit is no longer awaiting review (someone may have decided it); this "
        "decision did not take effect."),
    RejectCode.ILLEGAL_TRANSITION: Text(
        "这条核查提示已被处理过，此决定未生效。",
        "This flag was already decided; this decision did not take effect."),
    RejectCode.OUT_OF_SCOPE: Text(
        "这户家庭已不在您负责的范围内，此决定未生效。",
        "This household is no longer in your scope; this decision did not take effect."),
}


def _reason(last_error: str | None) -> tuple[str, Text]:
    code, _, message = (last_error or "rejected").partition(": ")
    known = _REASONS.get(code)
    return code, known or Text(message or code, message or code)


def rejections_in(session: Session) -> list[Rejection]:
    """Decisions and answers the server refused, oldest first, with the reason in zh/en."""
    rows = session.scalars(select(Outbox).where(
        Outbox.quarantined.is_(True),
        Outbox.entity.in_([e.value for e in DECISION_ENTITIES])).order_by(Outbox.op_id))
    found = []
    for row in rows:
        record = (row.payload or {}).get("record") or {}
        if row.entity == Entity.FLAG and record.get("source") != FlagSource.SUPERVISOR:
            continue  # a counselor's flag: the sync page lists it
        code, reason = _reason(row.last_error)
        found.append(Rejection(row.op_id, Entity(row.entity), row.entity_id,
                               record.get("visit_id"), code, reason))
    return found


def forget_rejection_in(session: Session, op_id: int) -> None:
    """The user has read a refusal: drop the refused op, and the record it carried when
    the server never accepted it (a new decision can then be made)."""
    row = session.get(Outbox, op_id)
    if row is None or not row.quarantined:
        return
    model = outbox.MODELS[Entity(row.entity)]
    record = session.get(model, row.entity_id)
    session.delete(row)
    if record is not None and not getattr(record, "rev", 0):
        session.delete(record)


# --- on a workspace -------------------------------------------------------------------------

def approve(ws: ReviewSpace, visit_id: str) -> str:
    return ws.store.run(partial(approve_in, visit_id=visit_id, actor=ws.actor))


def return_visit(ws: ReviewSpace, visit_id: str, comments: Sequence[Comment]) -> str:
    return ws.store.run(partial(return_in, visit_id=visit_id, comments=list(comments),
                                actor=ws.actor))


def decide_flag(ws: ReviewSpace, flag_id: str, decision: FlagDecision, reason: str) -> str:
    return ws.store.run(partial(decide_flag_in, flag_id=flag_id, decision=decision,
                                reason=reason, actor=ws.actor))


def raise_flag(ws: ReviewSpace, visit_id: str, member_id: str | None,
               category: FlagCategory, reason: str) -> str:
    return ws.store.run(partial(raise_flag_in, visit_id=visit_id, member_id=member_id,
                                category=category, reason=reason, actor=ws.actor))


def pending(ws: ReviewSpace, visit_id: str) -> Pending:
    return ws.store.run(partial(pending_in, visit_id=visit_id))


def undecided(ws: ReviewSpace, visit_id: str) -> list[str]:
    return ws.store.run(partial(undecided_in, visit_id=visit_id))


def rejections(ws: ReviewSpace) -> list[Rejection]:
    return ws.store.run(rejections_in)


def forget_rejection(ws: ReviewSpace, op_id: int) -> None:
    ws.store.run(partial(forget_rejection_in, op_id=op_id))
