"""Push (DESIGN §5): outbox ops in batches, one local transaction per batch of results.

An op is marked as attempted (committed) before it is sent, so later edits never fold into
a row the server may already hold. Only the oldest pending op of each record goes in a
batch: a later op of the same record waits for the earlier one's result, which gives it
the base_rev it builds on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from homevisit.changes import note_bulk_write
from homevisit.model import Conflict, Outbox, OutboxOperation
from homevisit.outbox import MODELS, to_wire
from homevisit.protocol.records import Entity
from homevisit.protocol.sync import MAX_OPS_PER_PUSH, OpResult, OpStatus, PushResponse
from homevisit.store import Store
from homevisit.sync.errors import BadServerResponse
from homevisit.sync.merge import merge
from homevisit.sync.progress import Phase, Progress, ProgressSink
from homevisit.sync.records import validate_record, write_record
from homevisit.sync.transport import Transport

MAX_ROUNDS_EXTRA = 20


@dataclass
class PushSummary:
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0


def take_batch(session: Session, limit: int = MAX_OPS_PER_PUSH) -> list[dict[str, Any]]:
    """The next ops to send (oldest first, one per record), marked as attempted."""
    # Plain columns, not ORM objects: this runs for every 500 ops of a big queue.
    rows = session.execute(
        select(Outbox.op_id, Outbox.entity, Outbox.entity_id, Outbox.operation,
               Outbox.base_rev, Outbox.payload)
        .where(Outbox.quarantined.is_(False)).order_by(Outbox.op_id).limit(limit + 100)
    ).all()
    seen: set[tuple[str, str]] = set()
    ops: list[dict[str, Any]] = []
    for op_id, entity, entity_id, operation, base_rev, payload in rows:
        key = (entity, entity_id)
        if key in seen:
            continue
        seen.add(key)
        ops.append({"op_id": op_id, "entity": entity, "entity_id": entity_id,
                    "operation": operation.value, "base_rev": base_rev,
                    "payload": (payload or {}).get("record")})
        if len(ops) == limit:
            break
    # One statement, committed before the ops are sent: edits made from now on never fold
    # into a row the server may already hold.
    session.execute(update(Outbox).where(Outbox.op_id.in_([op["op_id"] for op in ops]))
                    .values(attempts=Outbox.attempts + 1))
    return ops


def apply_results(session: Session, ops: Sequence[dict[str, Any]],
                  results: Sequence[OpResult], summary: PushSummary) -> None:
    """Apply one batch's results in the caller's (one) transaction."""
    if [r.op_id for r in results] != [op["op_id"] for op in ops]:
        raise BadServerResponse(what="results")
    sent = [op["op_id"] for op in ops]
    keys = {op_id: (entity, entity_id) for op_id, entity, entity_id in session.execute(
        select(Outbox.op_id, Outbox.entity, Outbox.entity_id).where(Outbox.op_id.in_(sent)))}
    later: dict[tuple[str, str], list[Outbox]] = {}
    by_entity: dict[str, set[str]] = {}
    for op in ops:
        by_entity.setdefault(op["entity"], set()).add(op["entity_id"])
    for entity_name, ids in by_entity.items():
        # entity first: the (entity, entity_id) index serves it; entity_id alone would scan
        # (and decrypt) the whole outbox once per batch.
        for row in session.scalars(select(Outbox).where(
                Outbox.entity == entity_name, Outbox.entity_id.in_(ids),
                Outbox.op_id.not_in(sent), Outbox.quarantined.is_(False))
                .order_by(Outbox.op_id)):
            later.setdefault((row.entity, row.entity_id), []).append(row)
    new_revs: dict[Entity, list[dict[str, Any]]] = {}
    done: list[int] = []
    for result in results:
        key = keys.get(result.op_id)
        if key is None:
            continue  # handled by an earlier run whose answer was applied already
        entity = Entity(key[0])
        following = later.get(key, [])
        if result.status is OpStatus.APPLIED:
            if result.rev is None:
                raise BadServerResponse(what="rev")
            new_revs.setdefault(entity, []).append({"id": key[1], "rev": result.rev})
            for next_row in following:
                next_row.base_rev = result.rev  # our own later edit builds on this one
            done.append(result.op_id)
            summary.applied += 1
            continue
        acked = session.get(Outbox, result.op_id)
        assert acked is not None
        if result.status is OpStatus.CONFLICT:
            _conflict(session, entity, acked, following, result)
            summary.conflicts += 1
        else:
            acked.quarantined = True
            reason = result.reason
            acked.last_error = f"{reason.code}: {reason.message}" if reason else "rejected"
            summary.rejected += 1
    for entity, values in new_revs.items():
        # One Core executemany UPDATE per kind (the ORM's bulk update by primary key cost
        # ~100 µs a row); the change tracking is told which table it wrote.
        table = cast(Table, MODELS[entity].__table__)  # a mapped class's table
        session.connection().execute(
            update(table).where(table.c.id == bindparam("b_id")).values(rev=bindparam("b_rev")),
            [{"b_id": v["id"], "b_rev": v["rev"]} for v in values])
        note_bulk_write(session, table.name)
    if done:
        session.execute(delete(Outbox).where(Outbox.op_id.in_(done)))


def _conflict(session: Session, entity: Entity, row: Outbox, following: list[Outbox],
              result: OpResult) -> None:
    """Merge field by field; overlapping fields become a Conflict, the rest is re-queued."""
    server_record = validate_record(entity, result.server_record, row.entity_id)
    server = server_record.model_dump(mode="json")
    obj = session.get(MODELS[entity], row.entity_id)
    pending = [row, *following]
    local = to_wire(entity, obj) if obj is not None else dict(
        (pending[-1].payload or {}).get("record") or {})
    base: dict[str, Any] = {}
    for item in pending:
        for name, value in ((item.payload or {}).get("base") or {}).items():
            base.setdefault(name, value)  # the oldest base is what the edits started from
    outcome = merge(local, base, server)
    for item in pending:
        session.delete(item)
    merged = validate_record(entity, {**outcome.merged, "rev": server_record.rev},
                             row.entity_id)
    write_record(session, entity, merged, obj)
    if outcome.overlap:
        open_conflict = session.scalars(select(Conflict).where(
            Conflict.entity == entity.value, Conflict.entity_id == row.entity_id,
            Conflict.resolved_at.is_(None))).first()
        if open_conflict is None:
            session.add(Conflict(entity=entity.value, entity_id=row.entity_id, local=local,
                                 server=server, fields=outcome.overlap))
        else:
            open_conflict.server = server
            open_conflict.fields = sorted({*open_conflict.fields, *outcome.overlap})
    elif outcome.to_push:
        operation = (OutboxOperation.DELETE if outcome.merged.get("deleted")
                     else OutboxOperation.UPSERT)
        session.add(Outbox(
            entity=entity.value, entity_id=row.entity_id, operation=operation,
            base_rev=server_record.rev,
            payload={"record": {**outcome.merged, "rev": server_record.rev},
                     "base": {name: server.get(name) for name in outcome.to_push}}))


def push_all(store: Store, transport: Transport, report: ProgressSink,
             batch_size: int = MAX_OPS_PER_PUSH) -> PushSummary:
    """Send the outbox until only quarantined ops are left (or no progress is made)."""
    summary = PushSummary()
    total = store.run(lambda s: len(s.scalars(
        select(Outbox.op_id).where(Outbox.quarantined.is_(False))).all()))
    report(Progress(Phase.PUSHING, 0, total))
    if not total:
        return summary
    rounds = total // max(batch_size, 1) + MAX_ROUNDS_EXTRA
    done = 0
    for _ in range(rounds):
        ops = store.run(lambda s: take_batch(s, batch_size))
        if not ops:
            break
        reply = transport.call("POST", "/sync/push", PushResponse, json_body={"ops": ops})
        assert reply is not None
        store.run(partial(apply_results, ops=ops, results=reply.results, summary=summary))
        done += len(ops)
        report(Progress(Phase.PUSHING, done, max(total, done)))
    return summary
