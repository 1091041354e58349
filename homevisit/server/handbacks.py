"""A supervisor's answer to a hand-back (issue 19), applied by push like a flag decision.

Accepting reassigns the household to the counselor the supervisor picked — a counselor of
the supervisor's scope — in the push's transaction, together with the decision, the
hand-back's new status and the audit event; the household's open appointments of the old
counselor are cancelled. The first counselor loses the household at their next pull (its
tombstone), the new one receives it (``assign_household`` logs its records again).
Declining only answers. Either answer is given once, to a hand-back still ``requested``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.records import Entity, HandbackDecisionRecord
from homevisit.protocol.sync import RejectCode
from homevisit.protocol.vocabulary import HandbackDecision, HandbackStatus, Role
from homevisit.server.assignments import assign_household
from homevisit.server.audit import audit
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Appointment, Handback, HandbackRuling, User, utc_now
from homevisit.server.models.base import Base
from homevisit.server.principal import Principal
from homevisit.server.scope import region_prefix
from homevisit.server.sync_rules import OpRefused


def counselor_in_scope(session: Session, p: Principal, username: str | None) -> User | None:
    """The active counselor ``username`` if ``p`` supervises them (same team, or a team or
    region under ``p``'s region); None otherwise."""
    if not username:
        return None
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.disabled or user.role != Role.COUNSELOR.value:
        return None
    if p.role is Role.ADMIN:
        return user
    if p.team_id is not None and user.team_id == p.team_id:
        return user
    if p.region_code:
        prefix = region_prefix(p.region_code)
        regions = (user.region_code, user.team.region_code if user.team else None)
        if any(r and r.startswith(prefix) for r in regions):
            return user
    return None


def decide(session: Session, p: Principal, record: HandbackDecisionRecord,
           row: object) -> Base:
    """Apply a pushed ``handback_decision`` (``row`` is the push batch's row loader; the
    hand-back is a parent: present, same household, in scope). Refusals are the op's."""
    handback = row(Entity.HANDBACK, record.handback_id)  # type: ignore[operator]
    assert isinstance(handback, Handback)
    if handback.deleted or handback.status != HandbackStatus.REQUESTED:
        raise OpRefused(RejectCode.ILLEGAL_TRANSITION, current=str(handback.status),
                        wanted=record.decision.value)
    accept = record.decision is HandbackDecision.ACCEPT
    new_counselor = counselor_in_scope(session, p, record.reassign_to) if accept else None
    if accept and (new_counselor is None or new_counselor.username == handback.requested_by):
        raise OpRefused(RejectCode.INVALID_RECORD, fields="reassign_to")
    now = utc_now()
    ruling = HandbackRuling(
        id=record.id, handback_id=handback.id, household_id=handback.household_id,
        decision=record.decision, note=record.note,
        reassign_to=new_counselor.username if new_counselor else None,
        decided_by=p.username, decided_at=now, rev=0, updated_by_device=p.device_id)
    bump(ruling, now)
    session.add(ruling)
    handback.status = HandbackStatus.ACCEPTED if accept else HandbackStatus.DECLINED
    handback.decision_note = record.note
    handback.decided_by = p.username
    handback.decided_at = now
    bump(handback, now)
    session.flush()
    record_change(session, Entity.HANDBACK_DECISION, ruling, device_id=p.device_id)
    record_change(session, Entity.HANDBACK, handback, device_id=p.device_id)
    if new_counselor is not None:
        for appointment in session.scalars(select(Appointment).where(
                Appointment.household_id == handback.household_id,
                Appointment.cancelled.is_(False), Appointment.starts_at >= now)):
            appointment.cancelled = True  # the old counselor's plans go with the household
            bump(appointment, now)
            record_change(session, Entity.APPOINTMENT, appointment, device_id=p.device_id)
        assign_household(session, handback.household_id, new_counselor.username, None,
                         actor=p)
    audit(session, p, f"handback.{record.decision.value}", "household", handback.household_id,
          {"handback_id": handback.id, "decision_id": ruling.id,
           "reassigned_to": ruling.reassign_to})
    return ruling
