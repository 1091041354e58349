"""Hand-backs (issue 19): a counselor hands an assignment back with a reason; a supervisor
accepts — naming the counselor who takes it over — or declines, with a note. Both are
records written here with their outbox rows; the server applies the answer (and reassigns)
at the supervisor's next sync, and the household follows on both laptops at theirs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import outbox
from homevisit.errors import (
    DecisionNoteRequired,
    HandbackNotAwaiting,
    HandbackNoteRequired,
    HandbackPending,
    HouseholdNotHeld,
    NewCounselorRequired,
    TextTooLong,
)
from homevisit.model import Handback, HandbackRuling, Household
from homevisit.planning.appointments import NOTE_LIMIT
from homevisit.protocol.vocabulary import HandbackDecision, HandbackReason, HandbackStatus


@dataclass(frozen=True, slots=True)
class HandbackLine:
    id: str
    household_id: str
    address: str
    reason: HandbackReason
    note: str
    status: HandbackStatus
    requested_by: str
    requested_at: dt.datetime | None
    decision_note: str
    answered_here: bool  # a supervisor's answer written on this laptop, not yet applied


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise TextTooLong(limit=NOTE_LIMIT)
    return note


def request_handback(session: Session, household_id: str, reason: HandbackReason,
                     note: str = "") -> str:
    """Hand a household back to the supervisor; returns the hand-back's id. One waiting
    hand-back per household; "other" needs a note."""
    note = _note(note)
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise HouseholdNotHeld()
    if reason is HandbackReason.OTHER and not note:
        raise HandbackNoteRequired()
    if session.scalar(select(Handback.id).where(
            Handback.household_id == household_id, Handback.deleted.is_(False),
            Handback.status == HandbackStatus.REQUESTED)):
        raise HandbackPending()
    handback = Handback(household_id=household_id, reason=HandbackReason(reason), note=note,
                        status=HandbackStatus.REQUESTED)
    outbox.save(session, handback)
    return handback.id


def _lines(session: Session, handbacks: list[Handback]) -> list[HandbackLine]:
    ids = {h.household_id for h in handbacks}
    addresses = dict(session.execute(select(Household.id, Household.address).where(
        Household.id.in_(ids))).all())
    answered = set(session.scalars(select(HandbackRuling.handback_id).where(
        HandbackRuling.handback_id.in_([h.id for h in handbacks]))))
    return [HandbackLine(h.id, h.household_id, addresses.get(h.household_id, ""), h.reason,
                         h.note, h.status, h.requested_by or "", h.requested_at,
                         h.decision_note or "", h.id in answered) for h in handbacks]


def household_handbacks(session: Session, household_id: str) -> list[HandbackLine]:
    """A household's hand-backs, newest first (its detail shows the latest answer)."""
    return _lines(session, list(session.scalars(select(Handback).where(
        Handback.household_id == household_id, Handback.deleted.is_(False))
        .order_by(Handback.requested_at.desc().nulls_first()))))


def awaiting_answer(session: Session) -> list[HandbackLine]:
    """The hand-backs a supervisor has to answer (those answered here but not yet synced
    are listed, marked), oldest first."""
    return _lines(session, list(session.scalars(select(Handback).where(
        Handback.deleted.is_(False), Handback.status == HandbackStatus.REQUESTED,
        Handback.rev > 0).order_by(Handback.requested_at))))


def counselors_to_pick(session: Session, exclude: str | None = None) -> list[str]:
    """Counselors a supervisor may hand a household to: those of the households in their
    scope held here (the server checks the pick against the supervisor's scope again)."""
    names = set(session.scalars(select(Household.assigned_counselor).where(
        Household.deleted.is_(False), Household.assigned_counselor.is_not(None))))
    return sorted(n for n in names if n and n != exclude)


def answer_handback(session: Session, handback_id: str, decision: HandbackDecision,
                    note: str, reassign_to: str | None = None) -> str:
    """A supervisor's answer, queued for the server; returns the decision's id."""
    note = _note(note)
    handback = session.get(Handback, handback_id)
    if handback is None or handback.deleted or handback.status != HandbackStatus.REQUESTED \
            or session.scalar(select(HandbackRuling.id).where(
                HandbackRuling.handback_id == handback_id)):
        raise HandbackNotAwaiting()
    if not note:
        raise DecisionNoteRequired()
    accept = HandbackDecision(decision) is HandbackDecision.ACCEPT
    reassign_to = (reassign_to or "").strip() or None
    if accept and (reassign_to is None or reassign_to == handback.requested_by):
        raise NewCounselorRequired()
    ruling = HandbackRuling(handback_id=handback.id, household_id=handback.household_id,
                            decision=HandbackDecision(decision), note=note,
                            reassign_to=reassign_to if accept else None)
    outbox.save(session, ruling)
    return ruling.id
