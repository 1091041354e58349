"""Work waiting to be sent, counted in things a person knows: visits, photos and household
records (not outbox rows: one visit is a dozen of them). One reading, shown by the status
bar and the sync page alike, so the two always agree. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.model import Member, Outbox
from homevisit.outbox import MODELS
from homevisit.protocol.records import Entity
from homevisit.visits.documents import SIGNATURES

_VISIT_PARTS = {Entity.VISIT, Entity.VISIT_VERSION, Entity.CONSENT, Entity.FLAG,
                Entity.REVIEW, Entity.FLAG_DECISION, Entity.COMMENT_ANSWER}
_HOUSEHOLD_PARTS = {Entity.HOUSEHOLD, Entity.MEMBER, Entity.STUDENT, Entity.ASSIGNMENT}


@dataclass(frozen=True, slots=True)
class PendingHousehold:
    """What one household has waiting: its guardian's name (for the list on screen) and
    how many visits, photos and household-record changes."""

    household_id: str
    guardian: str
    visits: int = 0
    photos: int = 0
    records: bool = False


@dataclass(frozen=True, slots=True)
class PendingWork:
    visits: int = 0
    photos: int = 0
    households: int = 0  # households whose own record (members, details) changed
    other: int = 0  # help-desk cases and anything else, one each
    by_household: list[PendingHousehold] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.visits or self.photos or self.households or self.other)


def pending_work(session: Session) -> PendingWork:
    """Everything not yet acknowledged by the server (refused items are listed apart)."""
    rows = list(session.scalars(select(Outbox).where(Outbox.quarantined.is_(False))
                                .order_by(Outbox.op_id)))
    visits: dict[str, set[str]] = {}
    photos: dict[str, set[str]] = {}
    records: set[str] = set()
    other: set[tuple[str, str]] = set()
    for row in rows:
        try:
            entity = Entity(row.entity)
        except ValueError:
            other.add((row.entity, row.entity_id))
            continue
        record = (row.payload or {}).get("record") or {}
        household_id = record.get("household_id") or (
            record.get("id") if entity is Entity.HOUSEHOLD else None)
        if household_id is None:
            obj = session.get(MODELS[entity], row.entity_id) if entity in MODELS else None
            household_id = getattr(obj, "household_id", None)
        if household_id is None:
            other.add((row.entity, row.entity_id))
        elif entity is Entity.ATTACHMENT:
            if record.get("doc_type") in SIGNATURES or record.get("deleted"):
                visits.setdefault(household_id, set()).add(str(record.get("visit_id")))
            else:
                photos.setdefault(household_id, set()).add(row.entity_id)
        elif entity in _VISIT_PARTS:
            visit_id = record.get("visit_id") or (row.entity_id if entity is Entity.VISIT
                                                  else None)
            visits.setdefault(household_id, set()).add(str(visit_id or household_id))
        elif entity in _HOUSEHOLD_PARTS:
            records.add(household_id)
        else:
            other.add((row.entity, row.entity_id))
    ids = sorted(set(visits) | set(photos) | records)
    names = _guardians(session, ids)
    listed = [PendingHousehold(h, names.get(h, ""), len(visits.get(h, ())),
                               len(photos.get(h, ())), h in records) for h in ids]
    return PendingWork(sum(p.visits for p in listed), sum(p.photos for p in listed),
                       len(records), len(other), listed)


def _guardians(session: Session, household_ids: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    if not household_ids:
        return names
    for household_id, name in session.execute(
            select(Member.household_id, Member.name)
            .where(Member.household_id.in_(household_ids), Member.deleted.is_(False),
                   Member.moved_out_on.is_(None))
            .order_by(Member.household_id, Member.is_guardian.desc(), Member.name)):
        names.setdefault(household_id, name)
    return names


def retry_refused(session: Session, op_id: int) -> None:
    """Send a refused item again at the next sync (e.g. after the data was corrected on
    the server, or the user's role came back)."""
    row = session.get(Outbox, op_id)
    if row is not None and row.quarantined:
        row.quarantined = False
        row.attempts = 0
        row.last_error = None


def discard_refused(session: Session, op_id: int) -> None:
    """Give up sending a refused item; the record stays on this computer as it is."""
    row = session.get(Outbox, op_id)
    if row is not None and row.quarantined:
        session.delete(row)
