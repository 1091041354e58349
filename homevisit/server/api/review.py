"""Supervisor review of synced visits, and flag decisions (DESIGN §3).

All endpoints are for supervisors (and admins), scoped to their team or region; a visit
or flag outside the scope is 404. Every decision is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from homevisit.protocol import API_PREFIX
from homevisit.protocol.records import Entity, FlagRecord, ReviewRecord
from homevisit.protocol.review import (
    FlagDecisionBody,
    ReviewDecisionBody,
    VisitDetail,
    VisitPage,
)
from homevisit.protocol.types import UUID_PATTERN
from homevisit.protocol.vocabulary import VisitStatus
from homevisit.server import review_flow
from homevisit.server.deps import DbSession, SupervisorPrincipal
from homevisit.server.records import to_record

router = APIRouter(prefix=f"{API_PREFIX}/review", tags=["review"])

RecordPath = Annotated[str, Path(pattern=UUID_PATTERN)]
Reviewable = Literal[VisitStatus.SUBMITTED, VisitStatus.APPROVED, VisitStatus.RETURNED]


@router.get("/visits", response_model=VisitPage)
def list_visits(
    principal: SupervisorPrincipal,
    session: DbSession,
    status: Reviewable | None = None,
    open_flags: Annotated[bool | None, Query(description="Only visits with (true) or "
                                             "without (false) undecided flags.")] = None,
    region: Annotated[str | None, Query(pattern=r"^[1-8]\d{5}(\d{3})?$")] = None,
    counselor: Annotated[str | None, Query(max_length=40)] = None,
    visited_from: dt.date | None = None,
    visited_to: dt.date | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
):
    """Visits that reached review in the caller's scope, newest submission first."""
    f = review_flow.VisitFilter(status=status, open_flags=open_flags, region=region,
                                counselor=counselor, visited_from=visited_from,
                                visited_to=visited_to)
    return review_flow.list_visits(session, principal, f, offset, limit)


@router.get("/visits/{visit_id}", response_model=VisitDetail)
def get_visit(visit_id: RecordPath, principal: SupervisorPrincipal, session: DbSession):
    """One visit with its versions, consent, attachment metadata, flags and reviews."""
    return review_flow.visit_detail(session, principal, visit_id)


@router.post("/visits/{visit_id}/decision", response_model=ReviewRecord)
def decide_visit(visit_id: RecordPath, body: ReviewDecisionBody, principal: SupervisorPrincipal,
                 session: DbSession):
    """Approve or return (with field-level comments) the visit's current version.
    409 ``open_flags`` while flags are undecided, ``stale_version`` if a newer version
    arrived, ``illegal_transition`` unless the visit is submitted."""
    review = review_flow.decide_visit(session, principal, visit_id, body)
    session.commit()  # durable before the answer (see the server README)
    return to_record(Entity.REVIEW, review)


@router.post("/flags/{flag_id}/decision", response_model=FlagRecord)
def decide_flag(flag_id: RecordPath, body: FlagDecisionBody, principal: SupervisorPrincipal,
                session: DbSession):
    """Confirm or dismiss an open or explained flag, with a reason."""
    flag = review_flow.decide_flag(session, principal, flag_id, body)
    session.commit()  # durable before the answer (see the server README)
    return to_record(Entity.FLAG, flag)
