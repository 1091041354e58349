"""Joint and delegated visits on the device (委托或联合家访, issue 19): a counselor asks a
colleague to visit jointly or instead, a supervisor asks another office; the delegate
answers. Every change is the delegation record with its outbox row and an audit event; the
server decides who may see what (a delegate sees the household while it is requested or
accepted, until the visit is approved)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from homevisit import audit, outbox
from homevisit.model import Account, Delegation, Household
from homevisit.planning.errors import DelegateInvalid, DelegationNotOpen, ReasonNeeded
from homevisit.protocol.vocabulary import ACTIVE_DELEGATIONS, DelegationKind, DelegationStatus


def request(session: Session, *, household_id: str, kind: DelegationKind, delegate: str,
            actor: str, visit_id: str | None = None, note: str = "") -> Delegation:
    """Ask ``delegate`` to visit the household jointly, instead, or (an office delegation)
    on the office's behalf. Raises :class:`DelegateInvalid` for an empty name or oneself."""
    delegate = delegate.strip()
    if not delegate or delegate == actor:
        raise DelegateInvalid()
    row = Delegation(household_id=household_id, visit_id=visit_id, kind=kind,
                     delegate=delegate, status=DelegationStatus.REQUESTED, note=note.strip())
    outbox.save(session, row)
    audit.append(session, actor=actor, action="delegation.request", entity="delegation",
                 entity_id=row.id, detail={"kind": kind.value})
    return row


def _open(session: Session, delegation_id: str) -> Delegation:
    row = session.get(Delegation, delegation_id)
    if row is None or row.status not in ACTIVE_DELEGATIONS:
        raise DelegationNotOpen()
    return row


def answer(session: Session, delegation_id: str, *, accept: bool, actor: str,
           reason: str = "", assignee: str | None = None) -> Delegation:
    """The delegate accepts (an office names the counselor who goes: ``assignee``) or
    declines with a reason."""
    row = _open(session, delegation_id)
    if accept:
        row.status = DelegationStatus.ACCEPTED
        if assignee is not None:
            row.assignee = assignee.strip() or None
    else:
        if not reason.strip():
            raise ReasonNeeded()
        row.status = DelegationStatus.DECLINED
        row.decline_reason = reason.strip()
    outbox.save(session, row)
    audit.append(session, actor=actor, action=f"delegation.{row.status.value}",
                 entity="delegation", entity_id=row.id)
    return row


def withdraw(session: Session, delegation_id: str, *, actor: str) -> Delegation:
    """The requester withdraws an open request: the delegate's access ends."""
    row = _open(session, delegation_id)
    row.status = DelegationStatus.ENDED
    row.ended_at = dt.datetime.now(dt.UTC)
    outbox.save(session, row)
    audit.append(session, actor=actor, action="delegation.withdraw", entity="delegation",
                 entity_id=row.id)
    return row


@dataclass(frozen=True, slots=True)
class DelegationRow:
    """One delegation as the pages list it (no personal data beyond the address)."""

    id: str
    household_id: str
    address: str
    kind: DelegationKind
    status: DelegationStatus
    delegate: str
    assignee: str | None
    requested_by: str | None
    delegating_office: str | None
    note: str
    decline_reason: str | None
    synced: bool


def _rows(session: Session, query) -> list[DelegationRow]:
    addresses = dict(session.execute(select(Household.id, Household.address)).all())
    return [DelegationRow(
        id=d.id, household_id=d.household_id, address=addresses.get(d.household_id, ""),
        kind=d.kind, status=d.status, delegate=d.delegate, assignee=d.assignee,
        requested_by=d.requested_by, delegating_office=d.delegating_office, note=d.note,
        decline_reason=d.decline_reason, synced=d.rev > 0)
        for d in session.scalars(query.order_by(Delegation.updated_at.desc()))]


def of_household(session: Session, household_id: str) -> list[DelegationRow]:
    """The household's delegations, newest first (the household detail shows them)."""
    return _rows(session, select(Delegation).where(
        Delegation.household_id == household_id, Delegation.deleted.is_(False)))


def asked_of(session: Session, username: str) -> list[DelegationRow]:
    """Requests waiting for ``username``'s answer (as the delegate)."""
    return _rows(session, select(Delegation).where(
        Delegation.delegate == username, Delegation.status == DelegationStatus.REQUESTED,
        Delegation.deleted.is_(False)))


def open_delegations(session: Session, statuses: Sequence[DelegationStatus] = tuple(
        ACTIVE_DELEGATIONS)) -> list[DelegationRow]:
    """Every delegation the device holds in ``statuses`` (a supervisor's overview)."""
    return _rows(session, select(Delegation).where(
        Delegation.status.in_(statuses), Delegation.deleted.is_(False)))


def office_for_visit(session: Session, household_id: str, username: str) -> str | None:
    """The delegating office a new visit by ``username`` records, when an active delegation
    names them for the household; None for the household's own counselor."""
    row = session.scalars(select(Delegation).where(
        Delegation.household_id == household_id,
        Delegation.status.in_(tuple(ACTIVE_DELEGATIONS)), Delegation.deleted.is_(False),
        Delegation.kind != DelegationKind.JOINT,
        or_(Delegation.delegate == username, Delegation.assignee == username))).first()
    return (row.delegating_office or row.requested_by) if row is not None else None


def new_visit_fields(session: Session, household_id: str) -> dict[str, Any]:
    """What a new visit of the household records about who goes: this device's user and
    the colleagues of an active joint delegation (``visitors``), and the office that asked
    for the visit when the user visits for another office (``delegated_by_office``)."""
    me = session.get(Account, 1)
    if me is None:
        return {}
    visitors = [me.username]
    joint = session.scalars(select(Delegation.delegate).where(
        Delegation.household_id == household_id, Delegation.kind == DelegationKind.JOINT,
        Delegation.status == DelegationStatus.ACCEPTED, Delegation.deleted.is_(False)))
    visitors += [name for name in joint if name not in visitors]
    office = office_for_visit(session, household_id, me.username)
    return {"visitors": visitors, "delegated_by_office": office}
