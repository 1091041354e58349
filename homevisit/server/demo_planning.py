"""The demo county's planning records (issue 19): one household the first counselor asked a
colleague to visit instead (委托/代为家访, still waiting for the answer) and one family the
first counselor proposed that waits for the supervisor's decision."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity
from homevisit.protocol.vocabulary import (
    DelegationKind,
    DelegationStatus,
    ProposalReason,
    ProposalStatus,
)
from homevisit.server.audit import audit
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Delegation, Household, Proposal, Team, Visit


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def seed_planning(session: Session, rng: random.Random, *, counselor: str = "counselor1",
                  colleague: str = "counselor3", team: str = "丰县学生资助管理中心") -> None:
    """Add the delegation and the proposal (after the households are assigned)."""
    visited = select(Visit.household_id)
    household = session.scalars(select(Household).where(
        Household.assigned_counselor == counselor, Household.id.not_in(visited))
        .order_by(Household.id)).first()
    team_row = session.scalars(select(Team).where(Team.name == team)).one()
    if household is not None:
        delegation = Delegation(
            id=_id(rng), household_id=household.id, kind=DelegationKind.INSTEAD,
            delegate=colleague, status=DelegationStatus.REQUESTED,
            note="本周在县城培训，请代为上门家访", requested_by=counselor,
            delegating_office=team, rev=0)
        bump(delegation)
        session.add(delegation)
        session.flush()
        record_change(session, Entity.DELEGATION, delegation, household=household)
        audit(session, "demo-seed", "delegation.request", "delegation", delegation.id,
              {"kind": delegation.kind.value})
    proposal = Proposal(
        id=_id(rng), region_code=household.region_code if household else "320321101",
        address="丰县欢口镇新河村 17 号", contact_name="周桂兰", contact_relation="grandmother",
        reasons=[ProposalReason.SERIOUS_ILLNESS.value, ProposalReason.LOST_INCOME.value],
        note="父亲今年春天确诊重病，母亲在家照顾，家里没有稳定收入；不在任何名单上。",
        notice_version="notice-2025-1",
        consented_at=dt.datetime(2026, 6, 28, 9, 30, tzinfo=dt.UTC),
        status=ProposalStatus.PROPOSED, proposed_by=counselor, team_id=team_row.id, rev=0)
    bump(proposal)
    session.add(proposal)
    session.flush()
    record_change(session, Entity.PROPOSAL, proposal)
    audit(session, "demo-seed", "proposal.create", "proposal", proposal.id, {})
