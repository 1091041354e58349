"""The server keeps the device's consent promises too (DESIGN §4): a pushed attachment or a
visit's health answers are refused unless a synced consent record of that visit carries the
choice (a forged push cannot skip the wizard's check), and roster results exist only while
a synced consent authorises the roster check."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.consent import ConsentChoice, has_health_answers, required_for_doc_type
from homevisit.protocol.records import Entity, Record
from homevisit.protocol.sync import Op, Operation, RejectCode
from homevisit.server.models import ConsentRecord, Flag
from homevisit.server.roster import roster_authorised, withdraw
from homevisit.server.sync_rules import OpRefused

ROSTER = "roster"


def _ticked(choices: Mapping[str, Any] | None) -> frozenset[str]:
    return frozenset(code for code, on in (choices or {}).items() if on)


def consents_in(ops: Iterable[Op]) -> list[Mapping[str, Any]]:
    """The consent records a push carries (their ops may come after the captures), each
    as its fields: validated with the body, or the plain object it was sent as."""
    return [op.payload.model_dump() if isinstance(op.payload, Record) else op.payload
            for op in ops if op.entity == Entity.CONSENT.value
            and op.operation is Operation.UPSERT and isinstance(op.payload, dict | Record)]


def consented(session: Session, pending: Iterable[Mapping[str, Any]], visit_id: str | None,
              household_id: str) -> frozenset[str]:
    """The choices of the visit's consent (or, for a household's own document, of any of
    its visits), counting consent records carried by the same push."""
    found: set[str] = set()
    for values in pending:
        same = values.get("visit_id") == visit_id if visit_id else \
            values.get("household_id") == household_id
        choices = values.get("choices")
        if same and not values.get("deleted") and isinstance(choices, Mapping):
            found |= _ticked(choices)
    where = (ConsentRecord.visit_id == visit_id if visit_id
             else ConsentRecord.household_id == household_id)
    for choices in session.execute(select(ConsentRecord.choices).where(
            where, ConsentRecord.deleted.is_(False))).scalars():
        found |= _ticked(choices)
    return frozenset(found)


def required(entity: Entity, record: Record) -> ConsentChoice | None:
    """The consent choice a pushed record needs, or None."""
    if entity is Entity.ATTACHMENT:
        return required_for_doc_type(record.doc_type)  # type: ignore[attr-defined]
    if entity in (Entity.VISIT, Entity.VISIT_VERSION) and has_health_answers(
            record.answers):  # type: ignore[attr-defined]
        return ConsentChoice.HEALTH_INFORMATION
    return None


def check_push(session: Session, pending: Iterable[Mapping[str, Any]], entity: Entity,
               record: Record) -> None:
    """Refuse (``consent_required``) a capture whose consent choice is not synced."""
    needed = required(entity, record)
    if needed is None:
        return
    visit_id = record.id if entity is Entity.VISIT else getattr(record, "visit_id", None)
    if needed.value not in consented(session, pending, visit_id,
                                     record.household_id):  # type: ignore[attr-defined]
        raise OpRefused(RejectCode.CONSENT_REQUIRED, choice=needed.value)


def drop_roster_results(session: Session, household_ids: Iterable[str],
                        device_id: str | None = None) -> int:
    """Withdraw the roster flags of households whose consent no longer authorises the check
    (deleted, so devices drop them at the next pull). Returns how many went."""
    dropped = 0
    for household_id in set(household_ids):
        if roster_authorised(session, household_id):
            continue
        dropped += withdraw(session, session.execute(select(Flag).where(
            Flag.household_id == household_id, Flag.source == ROSTER,
            Flag.deleted.is_(False))).scalars().all(), device_id)
    return dropped
