"""Households proposed by a counselor (issue 19, item 4) on the server.

A counselor who meets a family in difficulty that is on no list proposes it: the address,
the township, a contact's name, why (reason codes and a note) and when the family agreed —
no ID numbers. The proposal reaches the supervisors of the proposer's team and of the
township (``scope.proposal_filter``). A supervisor accepts it — the household, its contact
as a member, and the assignment to the proposer are made in the push's transaction and
audited, so the counselor's next pull brings an assigned household — or declines it with a
reason the counselor's next pull brings back.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.protocol.records import Entity, ProposalRecord, Record
from homevisit.protocol.sync import RejectCode
from homevisit.protocol.vocabulary import ProposalStatus, Role
from homevisit.server.assignments import assign_household
from homevisit.server.audit import audit
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Household, Member, Proposal, User, utc_now
from homevisit.server.models.base import Base
from homevisit.server.principal import Principal
from homevisit.server.scope import region_prefix
from homevisit.server.sync_rules import OpRefused

REASON_NEEDED = Text("不接收提议时请写明原因，提议的辅导员会看到。",
                     "Give a reason when declining; the proposing counselor will see it.")
PROPOSER_GONE = Text("提议的辅导员账号已停用，不能把家庭分配给他。请先在管理端重新分配。",
                     "The proposing counselor's account is disabled; the household cannot be "
                     "assigned to them. Assign it from the admin tools instead.")

CONTACT_RELATION = "other_relative"
"""The contact's relation when the proposal gives none (relations code list)."""


def visible(p: Principal, row: Proposal) -> bool:
    """The Python twin of ``scope.proposal_filter`` for a loaded row."""
    if p.role is Role.ADMIN:
        return True
    if p.role is Role.COUNSELOR:
        return row.proposed_by == p.username
    if p.role is Role.SUPERVISOR:
        if p.team_id is not None and row.team_id == p.team_id:
            return True
        return bool(p.region_code) and row.region_code.startswith(
            region_prefix(p.region_code or ""))
    return False


def check_push(session: Session, p: Principal, record: Record | None, row: Base | None,
               _households: object) -> None:
    """Scope and the decision's rules, before anything is written."""
    if row is None:
        return  # only counselors create (the policy row's created_by)
    assert isinstance(row, Proposal)
    if not visible(p, row):
        raise OpRefused(RejectCode.OUT_OF_SCOPE)
    if isinstance(record, ProposalRecord) and record.status == ProposalStatus.DECLINED \
            and not (record.decision_reason or "").strip():
        raise OpRefused(RejectCode.INVALID_RECORD, REASON_NEEDED)
    if isinstance(record, ProposalRecord) and record.status == ProposalStatus.ACCEPTED:
        proposer = session.scalar(select(User).where(User.username == row.proposed_by))
        if proposer is None or proposer.disabled or proposer.role != Role.COUNSELOR.value:
            raise OpRefused(RejectCode.NOT_ALLOWED, PROPOSER_GONE)


def after_apply(session: Session, p: Principal, row: Base, is_new: bool) -> None:
    """A new proposal gets its proposer and team; a decision its decider, and an accepted
    one its household and assignment."""
    assert isinstance(row, Proposal)
    if is_new:
        row.proposed_by = p.username
        row.team_id = p.team_id
        audit(session, p, "proposal.create", "proposal", row.id, {"reasons": row.reasons})
        return
    if row.decided_by is not None or row.status == ProposalStatus.PROPOSED:
        return
    row.decided_by, row.decided_at = p.username, utc_now()
    if row.status == ProposalStatus.ACCEPTED:
        row.household_id = accept(session, p, row)
    audit(session, p, f"proposal.{row.status}", "proposal", row.id,
          {"household_id": row.household_id})


def accept(session: Session, p: Principal, proposal: Proposal) -> str:
    """Make the proposed household (its contact as a member) and assign it to the proposer;
    returns the household's id. The caller's transaction holds it all."""
    household = Household(id=str(uuid.uuid4()), region_code=proposal.region_code,
                          address=proposal.address, rural=False, special_categories=[],
                          team_id=proposal.team_id, rev=0)
    bump(household)
    session.add(household)
    contact = Member(id=str(uuid.uuid4()), household_id=household.id,
                     name=proposal.contact_name,
                     relation=proposal.contact_relation or CONTACT_RELATION,
                     is_guardian=False, income={}, rev=0)
    bump(contact)
    session.add(contact)
    session.flush()
    record_change(session, Entity.HOUSEHOLD, household, device_id=p.device_id)
    record_change(session, Entity.MEMBER, contact, device_id=p.device_id, household=household)
    assert proposal.proposed_by is not None
    assign_household(session, household.id, proposal.proposed_by, None, actor=p)
    return household.id
