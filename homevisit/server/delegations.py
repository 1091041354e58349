"""Joint and delegated visits (委托或联合家访, issue 19) on the server.

A delegation names a household and a delegate: a colleague who visits with the counselor
(``joint``) or in their place (``instead``), or another office's supervisor (``office``,
委托家访), who names one of their counselors (``assignee``). The request reaches the person
asked without the family's data; once they accept, the delegate and the assignee see the
household (``scope.household_filter``), so their devices pull it and push a visit for it;
the household stays in the delegating office's scope, so the visit reaches that office's
review queue. Approving the visit ends
the delegation, and the delegate's next pull gets the household's tombstone.

Who moves a delegation: the requester creates it (only for a household of their own scope:
a delegate never delegates further) and may withdraw it (``ended``); the delegate accepts
or declines it (with a reason) and, for an office delegation, names the assignee.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.protocol.records import DelegationRecord, Entity, Record
from homevisit.protocol.sync import RejectCode
from homevisit.protocol.vocabulary import (
    ACTIVE_DELEGATIONS,
    DELEGATION_GRANTS,
    DelegationKind,
    DelegationStatus,
    Role,
)
from homevisit.server.assignments import replay_household
from homevisit.server.audit import audit
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Delegation, Household, User, Visit, utc_now
from homevisit.server.models.base import Base
from homevisit.server.principal import Principal
from homevisit.server.scope import household_visible
from homevisit.server.sync_rules import OpRefused

_DELEGATE_ROLE = {DelegationKind.JOINT: Role.COUNSELOR, DelegationKind.INSTEAD: Role.COUNSELOR,
                  DelegationKind.OFFICE: Role.SUPERVISOR}

NOT_REQUESTER = Text("只有提出委托的人可以撤回或修改这项委托。",
                     "Only whoever asked for this delegation can withdraw or change it.")
NOT_DELEGATE = Text("只有被委托的人可以接受或谢绝这项委托。",
                    "Only the person asked can accept or decline this delegation.")
WRONG_DELEGATE = Text(
    "被委托人须是在用的{role}账号（联合或代为家访请选辅导员，委托其他单位请选该单位的资助专干），"
    "且不能是您自己。",
    "The delegate must be an active {role} account (a counselor for a joint or substitute "
    "visit, the other office's supervisor for an office delegation), and not yourself.")
NOT_YOURS = Text("只能为自己负责的家庭请求联合或委托家访。",
                 "You can ask for a joint or delegated visit only for your own households.")
REASON_NEEDED = Text("谢绝委托时请写明原因。", "Give a reason when declining a delegation.")
WRONG_ASSIGNEE = Text("请指派本单位在用的辅导员账号。",
                      "Assign an active counselor account of your office.")


def _active_user(session: Session, username: str | None, role: Role) -> User | None:
    if not username:
        return None
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.disabled or user.role != role.value:
        return None
    return user


def check_push(session: Session, p: Principal, record: Record | None, row: Base | None,
               households: dict[str, Household]) -> None:
    """Scope, and refuse a move the pushing user may not make (before anything is written).
    A delegation is in the scope of its requester and of the people it names — the person
    asked sees the request before (and without) the household."""
    if row is not None:
        assert isinstance(row, Delegation)
        moved = isinstance(record, DelegationRecord) and record.household_id != row.household_id
        if p.username not in (row.requested_by, row.delegate, row.assignee) or moved:
            raise OpRefused(RejectCode.OUT_OF_SCOPE)
    if record is None:
        return  # deletes: the policy row says never
    assert isinstance(record, DelegationRecord)
    if row is None:
        _check_request(session, p, record, households)
        return
    assert isinstance(row, Delegation)
    status = record.status
    if status == row.status and record.assignee == row.assignee:
        if p.username not in (row.requested_by, row.delegate):
            raise OpRefused(RejectCode.NOT_ALLOWED, NOT_REQUESTER)
        return
    if status == DelegationStatus.ENDED and status != row.status:
        if p.username not in (row.requested_by, row.delegate):
            raise OpRefused(RejectCode.NOT_ALLOWED, NOT_REQUESTER)
    elif status != row.status and p.username != row.delegate:
        raise OpRefused(RejectCode.NOT_ALLOWED, NOT_DELEGATE)
    if status == DelegationStatus.DECLINED and not (record.decline_reason or "").strip():
        raise OpRefused(RejectCode.INVALID_RECORD, REASON_NEEDED)
    if record.assignee != row.assignee:
        if p.username != row.delegate or row.kind != DelegationKind.OFFICE:
            raise OpRefused(RejectCode.NOT_ALLOWED, NOT_DELEGATE)
        if record.assignee is not None:
            assignee = _active_user(session, record.assignee, Role.COUNSELOR)
            if assignee is None or (p.team_id is not None and assignee.team_id != p.team_id):
                raise OpRefused(RejectCode.INVALID_RECORD, WRONG_ASSIGNEE)


def _check_request(session: Session, p: Principal, record: DelegationRecord,
                   households: dict[str, Household]) -> None:
    role = _DELEGATE_ROLE[record.kind]
    # A counselor asks a colleague; an office delegation is a supervisor's (委托家访).
    if (record.kind == DelegationKind.OFFICE) != (p.role is Role.SUPERVISOR):
        raise OpRefused(RejectCode.NOT_ALLOWED)
    household = households.get(record.household_id)
    if household is None or not household_visible(p, household):
        raise OpRefused(RejectCode.OUT_OF_SCOPE, NOT_YOURS)
    delegate = _active_user(session, record.delegate, role)
    if delegate is None or delegate.username == p.username or record.assignee is not None:
        raise OpRefused(RejectCode.INVALID_RECORD,
                        WRONG_DELEGATE.format(role="辅导员" if role is Role.COUNSELOR
                                              else "资助专干"))


def office_of(p: Principal) -> str | None:
    """The delegating office as visits and the review show it: the team, else the region."""
    return p.team_name or p.region_code


def after_apply(session: Session, p: Principal, row: Base, is_new: bool) -> None:
    """Fill what the server owns; open the household to the delegate's devices (its records
    logged again past their cursors) or close it (a household change: their pull sends its
    tombstone)."""
    assert isinstance(row, Delegation)
    if is_new:
        row.requested_by = p.username
        row.delegating_office = office_of(p)
        audit(session, p, "delegation.request", "delegation", row.id,
              {"kind": row.kind, "household_id": row.household_id})
    else:
        audit(session, p, f"delegation.{row.status}", "delegation", row.id,
              {"household_id": row.household_id})
    if row.status in DELEGATION_GRANTS:
        session.flush()
        replay_household(session, row.household_id, with_household=True)
    elif row.status not in ACTIVE_DELEGATIONS:
        row.ended_at = row.ended_at or utc_now()
        _household_changed(session, row.household_id)


def _household_changed(session: Session, household_id: str) -> None:
    household = session.get(Household, household_id)
    if household is not None:
        record_change(session, Entity.HOUSEHOLD, household)


def end_for_visit(session: Session, p: Principal, visit: Visit) -> int:
    """The visit is approved: its household's active delegations end (one naming another
    visit of the household stays). Returns how many ended."""
    rows = session.scalars(select(Delegation).where(
        Delegation.household_id == visit.household_id,
        Delegation.status.in_(tuple(ACTIVE_DELEGATIONS)),
        Delegation.deleted.is_(False))).all()
    ended = 0
    now = utc_now()
    for row in rows:
        if row.visit_id not in (None, visit.id):
            continue
        row.status = DelegationStatus.ENDED
        row.ended_at = now
        bump(row, now)
        record_change(session, Entity.DELEGATION, row, device_id=p.device_id)
        audit(session, p, "delegation.ended", "delegation", row.id,
              {"visit_id": visit.id, "reason": "visit_approved"})
        ended += 1
    if ended:
        _household_changed(session, visit.household_id)
    return ended
