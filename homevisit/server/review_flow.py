"""Supervisor review (DESIGN §3): list and fetch synced visits, approve or return them,
decide flags. Supervisors never edit a counselor's answers: a decision is a new ``Review``
record plus the visit's status, both synced to the device; every action is audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, func, or_, select
from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity
from homevisit.protocol.review import (
    FlagDecisionBody,
    ReviewDecisionBody,
    VisitDetail,
    VisitPage,
    VisitSummary,
)
from homevisit.protocol.vocabulary import (
    UNDECIDED_FLAGS,
    FlagDecision,
    FlagStatus,
    ReviewDecision,
    VisitStatus,
)
from homevisit.server import delegations
from homevisit.server.aid import record_level
from homevisit.server.audit import audit
from homevisit.server.changes import bump, record_change
from homevisit.server.errors import (
    CommentsRequired,
    IllegalTransition,
    NotFound,
    OpenFlags,
    StaleVersion,
)
from homevisit.server.models import (
    Attachment,
    CommentAnswer,
    ConsentRecord,
    Flag,
    FlagRuling,
    Household,
    Review,
    Visit,
    VisitVersion,
    utc_now,
)
from homevisit.server.principal import Principal
from homevisit.server.records import record_or_none, records_of
from homevisit.server.scope import (
    household_visible,
    own_scope_filter,
    region_prefix,
)

UNDECIDED = UNDECIDED_FLAGS
REVIEWABLE = (VisitStatus.SUBMITTED, VisitStatus.APPROVED, VisitStatus.RETURNED)
"""Statuses a supervisor sees: the visit reached the server finalized. Drafts are the
counselor's own work in progress."""


@dataclass(frozen=True, slots=True)
class VisitFilter:
    status: str | None = None
    open_flags: bool | None = None
    region: str | None = None
    counselor: str | None = None
    visited_from: dt.date | None = None
    visited_to: dt.date | None = None


def _undecided_flags(visit_id_col: Any, household_id_col: Any) -> ScalarSelect[int]:
    """Undecided flags that block a visit: its own, and the household's not tied to a visit
    (roster matches made at assignment)."""
    return (
        select(func.count(Flag.id))
        .where(Flag.household_id == household_id_col, Flag.deleted.is_(False),
               Flag.status.in_(UNDECIDED),
               or_(Flag.visit_id.is_(None), Flag.visit_id == visit_id_col))
        .scalar_subquery()
    )


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def list_visits(session: Session, p: Principal, f: VisitFilter, offset: int,
                limit: int) -> VisitPage:
    """Visits in the supervisor's scope that reached review, newest submission first."""
    open_count = _undecided_flags(Visit.id, Visit.household_id).label("open_flags")
    # The supervisor's own scope: an office asked to visit (委托家访) does not review.
    where: list[ColumnElement[bool]] = [own_scope_filter(p), Visit.deleted.is_(False)]
    where.append(Visit.status == f.status if f.status else Visit.status.in_(REVIEWABLE))
    if f.region:
        where.append(Household.region_code.startswith(region_prefix(f.region)))
    if f.counselor:
        where.append(Visit.counselor == f.counselor)
    if f.visited_from:
        where.append(Visit.started_at >= _day_start(f.visited_from))
    if f.visited_to:
        where.append(Visit.started_at < _day_start(f.visited_to + dt.timedelta(days=1)))
    if f.open_flags is not None:
        where.append(open_count > 0 if f.open_flags else open_count == 0)
    base = select(Visit, Household.region_code, open_count).join(
        Household, Household.id == Visit.household_id).where(*where)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.execute(
        base.order_by(Visit.submitted_at.desc(), Visit.id).offset(offset).limit(limit)).all()
    items = [
        VisitSummary(id=v.id, household_id=v.household_id, region_code=region,
                     counselor=v.counselor, status=v.status, version=v.version,
                     started_at=v.started_at, submitted_at=v.submitted_at,
                     recommended_level=v.recommended_level, open_flags=count)
        for v, region, count in rows
    ]
    return VisitPage(items=items, total=total, offset=offset, limit=limit)


def visit_in_scope(session: Session, p: Principal, visit_id: str) -> tuple[Visit, Household]:
    """The visit if its household is in ``p``'s scope and it reached review, else 404."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted or visit.status not in REVIEWABLE:
        raise NotFound()
    return visit, _own_household(session, p, visit.household_id)


def _own_household(session: Session, p: Principal, household_id: str) -> Household:
    """The household if it is in ``p``'s own scope (not only delegated to them), else 404."""
    row = session.scalar(select(Household).where(Household.id == household_id,
                                                 own_scope_filter(p)))
    if row is None:
        raise NotFound()
    return row


def visit_detail(session: Session, p: Principal, visit_id: str) -> VisitDetail:
    """One visit with its versions, consent, attachment metadata, flags and reviews."""
    visit, household = visit_in_scope(session, p, visit_id)

    def rows(model, *where):
        return session.execute(select(model).where(*where)).scalars().all()

    # A stored row that fails its schema (issue 9 item 3) is left out; a visit that does
    # cannot be reviewed as it is: not found, like anything else that cannot be shown.
    record = record_or_none(Entity.VISIT, visit)
    if record is None:
        raise NotFound()
    return VisitDetail(
        visit=record,  # type: ignore[arg-type]
        region_code=household.region_code,
        versions=records_of(Entity.VISIT_VERSION, rows(
            VisitVersion, VisitVersion.visit_id == visit.id)),
        consent=records_of(Entity.CONSENT, rows(
            ConsentRecord, ConsentRecord.visit_id == visit.id, ConsentRecord.deleted.is_(False))),
        attachments=records_of(Entity.ATTACHMENT, rows(
            Attachment, Attachment.visit_id == visit.id, Attachment.deleted.is_(False))),
        flags=records_of(Entity.FLAG, rows(
            Flag, Flag.household_id == visit.household_id, Flag.deleted.is_(False),
            or_(Flag.visit_id.is_(None), Flag.visit_id == visit.id))),
        reviews=records_of(Entity.REVIEW, rows(Review, Review.visit_id == visit.id)),
        flag_decisions=records_of(Entity.FLAG_DECISION, rows(
            FlagRuling, FlagRuling.household_id == visit.household_id,
            or_(FlagRuling.visit_id.is_(None), FlagRuling.visit_id == visit.id))),
        comment_answers=records_of(Entity.COMMENT_ANSWER, rows(
            CommentAnswer, CommentAnswer.visit_id == visit.id,
            CommentAnswer.deleted.is_(False))),
    )


def review_visit(session: Session, p: Principal, visit: Visit, *, version: int,
                 decision: ReviewDecision, comments: list[dict[str, Any]],
                 review_id: str | None = None) -> Review:
    """THE review rules, for the review endpoint and a pushed review alike: only a
    submitted visit is reviewed (``IllegalTransition``), only its current version
    (``StaleVersion``), never approved with undecided flags (``OpenFlags``), never returned
    without a comment (``CommentsRequired``). Writes the review, the visit's new status,
    their change-log rows and the audit event. The caller checked the scope."""
    if visit.deleted or visit.status != VisitStatus.SUBMITTED:
        raise IllegalTransition()
    household = session.get(Household, visit.household_id)
    if household is not None and not household_visible(p, household):
        # An office asked to visit (委托家访) sees the household, but the delegating
        # office reviews the visit.
        raise IllegalTransition()
    if version != visit.version:
        raise StaleVersion(version=visit.version)
    if decision == ReviewDecision.APPROVE:
        session.flush()  # flags decided earlier in the same push count
        blocking = session.scalar(select(_undecided_flags(visit.id, visit.household_id)))
        if blocking:
            raise OpenFlags(count=blocking)
    elif not comments:
        raise CommentsRequired()
    now = utc_now()
    review = Review(id=review_id or str(uuid.uuid4()), visit_id=visit.id,
                    household_id=visit.household_id, visit_version=visit.version,
                    reviewer=p.username, decision=decision, comments=comments,
                    created_at=now, rev=0, updated_by_device=p.device_id)
    bump(review, now)
    session.add(review)
    visit.status = (VisitStatus.APPROVED if decision == ReviewDecision.APPROVE
                    else VisitStatus.RETURNED)
    bump(visit, now)
    session.flush()
    record_change(session, Entity.REVIEW, review, device_id=p.device_id)
    record_change(session, Entity.VISIT, visit, device_id=p.device_id)
    if decision == ReviewDecision.APPROVE:
        # Delegated or joint visits: the delegate's access ends with the approval.
        delegations.end_for_visit(session, p, visit)
    if visit.status == VisitStatus.APPROVED:  # the level recognised, on the growth record
        record_level(session, visit, device_id=p.device_id)
    audit(session, p, f"visit.{decision}", "visit", visit.id,
          {"version": visit.version, "review_id": review.id, "comments": len(comments)})
    return review


def decide_visit(session: Session, p: Principal, visit_id: str, body: ReviewDecisionBody) -> Review:
    """Approve or return the visit's current version (the review endpoint)."""
    visit, _ = visit_in_scope(session, p, visit_id)
    return review_visit(session, p, visit, version=body.version, decision=body.decision,
                        comments=[c.model_dump() for c in body.comments])


def rule_on_flag(session: Session, p: Principal, flag: Flag, *, decision: FlagDecision,
                 reason: str, ruling_id: str | None = None) -> FlagRuling:
    """THE flag-decision rule, for the endpoint and a pushed flag decision alike: only an
    undecided flag of a visit past its draft is decided (``IllegalTransition``). Writes the
    decision record, the flag's new status, their change-log rows and the audit event. The
    caller checked the scope."""
    if flag.deleted or flag.status not in UNDECIDED:
        raise IllegalTransition()
    if flag.visit_id is not None:
        visit = session.get(Visit, flag.visit_id)
        if visit is None or visit.status not in REVIEWABLE:
            raise IllegalTransition()  # a draft's flags are the counselor's work in progress
    now = utc_now()
    ruling = FlagRuling(id=ruling_id or str(uuid.uuid4()), flag_id=flag.id,
                        household_id=flag.household_id, visit_id=flag.visit_id,
                        decision=decision, reason=reason, decided_by=p.username,
                        decided_at=now, rev=0, updated_by_device=p.device_id)
    bump(ruling, now)
    session.add(ruling)
    flag.status = (FlagStatus.CONFIRMED if decision == FlagDecision.CONFIRM
                   else FlagStatus.DISMISSED)
    flag.decision_reason = reason
    flag.decided_by = p.username
    flag.decided_at = now
    bump(flag, now)
    session.flush()
    record_change(session, Entity.FLAG_DECISION, ruling, device_id=p.device_id)
    record_change(session, Entity.FLAG, flag, device_id=p.device_id)
    audit(session, p, f"flag.{decision}", "flag", flag.id,
          {"rule_id": flag.rule_id, "visit_id": flag.visit_id, "decision_id": ruling.id})
    return ruling


def decide_flag(session: Session, p: Principal, flag_id: str, body: FlagDecisionBody) -> Flag:
    """Confirm or dismiss an undecided flag, with a reason (the review endpoint)."""
    flag = session.get(Flag, flag_id)
    if flag is None or flag.deleted:
        raise NotFound()
    _own_household(session, p, flag.household_id)
    rule_on_flag(session, p, flag, decision=body.decision, reason=body.reason)
    return flag
