"""Conflicts the user resolves (DESIGN §5): list them, pick a side per field, and queue the
result for the next sync. Resolving never drops either copy silently: the chosen values
become a new outbox op based on the server's latest rev."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.model import Conflict, Outbox, OutboxOperation
from homevisit.outbox import MODELS, to_wire
from homevisit.protocol.records import Entity
from homevisit.sync.errors import ConflictNotFound
from homevisit.sync.records import validate_record, write_record

Side = Literal["local", "server"]


@dataclass(frozen=True, slots=True)
class ConflictView:
    id: int
    entity: str
    entity_id: str
    fields: list[str]
    local: dict[str, Any]
    server: dict[str, Any]
    created_at: dt.datetime


def open_conflicts(session: Session) -> list[ConflictView]:
    rows = session.scalars(select(Conflict).where(Conflict.resolved_at.is_(None))
                           .order_by(Conflict.id))
    return [ConflictView(c.id, c.entity, c.entity_id, list(c.fields), dict(c.local),
                         dict(c.server), c.created_at) for c in rows]


def resolve(session: Session, conflict_id: int, choices: dict[str, Side] | None = None,
            default: Side = "local") -> None:
    """Resolve a conflict: each overlapping field takes the side ``choices`` names (else
    ``default``); the record is written and queued against the server's latest rev, in
    this transaction. Run the sync afterwards (``SyncService.request_sync``)."""
    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise ConflictNotFound()
    entity = Entity(conflict.entity)
    server, local = dict(conflict.server), dict(conflict.local)
    obj = session.get(MODELS[entity], conflict.entity_id)
    # The local record already holds the merge of the fields that did not clash.
    chosen = to_wire(entity, obj) if obj is not None else dict(server)
    for name in conflict.fields:
        side = (choices or {}).get(name, default)
        chosen[name] = local.get(name) if side == "local" else server.get(name)
    record = validate_record(entity, {**chosen, "rev": server.get("rev", 0)}, conflict.entity_id)
    write_record(session, entity, record, obj)
    wire = record.model_dump(mode="json")
    changed = {k: server.get(k) for k, v in wire.items()
               if k not in ("rev", "updated_at") and v != server.get(k)}
    if changed:
        session.add(Outbox(
            entity=entity.value, entity_id=conflict.entity_id,
            operation=OutboxOperation.DELETE if wire.get("deleted") else OutboxOperation.UPSERT,
            base_rev=int(server.get("rev", 0)), payload={"record": wire, "base": changed}))
    conflict.resolved_at = dt.datetime.now(dt.UTC)
