"""Append-only, hash-chained audit log (DESIGN §4).

Each event's hash covers its own fields and the previous event's hash, so editing, deleting
or reordering any event breaks every hash after it. Events keep wall-clock time (what a person
reads) and monotonic time (which cannot be set back by changing the laptop's clock).
Details must never hold personal data: ids and codes only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.errors import AuditChainBroken
from homevisit.model import AuditEvent

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class ChainReport:
    events: int
    head: str


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the event's fields."""
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "wall_time": event.wall_time,
        "mono_ns": event.mono_ns,
        "actor": event.actor,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "detail": event.detail,
    }


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add one event at the head of the chain, inside the caller's transaction."""
    head = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    event = AuditEvent(
        seq=seq,
        wall_time=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        mono_ns=time.monotonic_ns(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=dict(detail or {}),
        prev_hash=prev,
    )
    event.hash = event_hash(prev, _fields(event))
    session.add(event)
    session.flush()
    return event


def verify_events(events: Iterable[AuditEvent]) -> ChainReport:
    """Walk the chain in order; raise :class:`AuditChainBroken` at the first bad link."""
    prev, count, expected_seq = GENESIS, 0, 1
    for event in events:
        if (
            event.seq != expected_seq
            or event.prev_hash != prev
            or event.hash != event_hash(prev, _fields(event))
        ):
            raise AuditChainBroken(seq=event.seq)
        prev, count, expected_seq = event.hash, count + 1, expected_seq + 1
    return ChainReport(events=count, head=prev)


def verify(session: Session) -> ChainReport:
    """Verify the whole audit chain of a store."""
    events = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    return verify_events(events)
