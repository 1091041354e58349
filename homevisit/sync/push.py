"""Push (DESIGN §5): outbox ops in batches, one local transaction per round trip (the
results of one batch and the taking of the next commit together).

An op is marked as attempted (committed) before it is sent, so later edits never fold into
a row the server may already hold. Only the oldest pending op of each record goes in a
batch: a later op of the same record waits for the earlier one's result, which gives it
the base_rev it builds on.

Pipelined (issue 20): while batch k is on the wire, the store's worker applies the results
of batch k-1 and takes batch k+1, so the client's work overlaps the server's instead of
adding to it. Batch k+1 leaves out the records of batch k (their later ops need its
results), and is committed as attempted before it is sent, like every batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.orm import Session

from homevisit.changes import note_bulk_write
from homevisit.model import Conflict, Outbox, OutboxOperation
from homevisit.outbox import MODELS, to_wire
from homevisit.protocol.records import Entity
from homevisit.protocol.sync import MAX_OPS_PER_PUSH, OpResult, OpStatus, PushResponse
from homevisit.sql_sets import each, pairs
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


_OUTBOX = cast(Table, Outbox.__table__)  # a mapped class's table
_JSON = {"Content-Type": "application/json"}


@dataclass
class Batch:
    """The ops taken for one request: their op ids and records, and the request body."""

    op_ids: list[int] = field(default_factory=list)
    keys: list[tuple[str, str]] = field(default_factory=list)  # (entity, entity_id) per op
    body: bytes = b""


def _op_json(op_id: int, entity: str, entity_id: str, operation: str, base_rev: int,
             record: str | None) -> str:
    """One op of the request body; ``record`` is the stored record's JSON text as is."""
    return (f'{{"op_id":{op_id:d},"entity":{json.dumps(entity)},'
            f'"entity_id":{json.dumps(entity_id)},"operation":{json.dumps(operation)},'
            f'"base_rev":{base_rev:d},"payload":{record or "null"}}}')


@dataclass
class Answer:
    """A batch the server answered, with its results (one per op, in order)."""

    batch: Batch
    results: Sequence[OpResult]


def take_batch(session: Session, limit: int = MAX_OPS_PER_PUSH,
               in_flight: Batch | None = None) -> Batch:
    """The next ops to send (oldest first, one per record), marked as attempted; none of
    a record with an op ``in_flight`` (on the wire: its later ops need that op's result)."""
    # Core rows, and the record's JSON text cut out of the payload by SQLite: the text the
    # store holds is spliced into the body as it is, so no payload is decoded or encoded
    # again (and the base values, which only a conflict needs, are never read here).
    query = (select(Outbox.op_id, Outbox.entity, Outbox.entity_id, Outbox.operation,
                    Outbox.base_rev, func.json_extract(Outbox.payload, "$.record"))
             .where(Outbox.quarantined.is_(False)).order_by(Outbox.op_id).limit(limit + 100))
    seen: set[tuple[str, str]] = set()
    if in_flight is not None and in_flight.op_ids:
        seen.update(in_flight.keys)
        # Its ops are still queued, and the oldest: SQLite skips them before reading their
        # payloads.
        query = query.where(Outbox.op_id.not_in(each(in_flight.op_ids)))
    rows = session.execute(query).all()
    batch = Batch()
    parts: list[str] = []
    for op_id, entity, entity_id, operation, base_rev, record in rows:
        key = (entity, entity_id)
        if key in seen:
            continue
        seen.add(key)
        batch.op_ids.append(op_id)
        batch.keys.append(key)
        parts.append(_op_json(op_id, entity, entity_id, operation.value, base_rev, record))
        if len(parts) == limit:
            break
    if not parts:
        return batch
    batch.body = ('{"ops":[' + ",".join(parts) + "]}").encode()
    # Committed before the ops are sent: edits made from now on never fold into a row the
    # server may already hold.
    session.connection().execute(
        update(_OUTBOX).where(_OUTBOX.c.op_id.in_(each(batch.op_ids)))
        .values(attempts=_OUTBOX.c.attempts + 1))
    note_bulk_write(session, _OUTBOX.name)
    return batch


def _outbox_rows(session: Session, keys: Sequence[tuple[str, str]]
                 ) -> dict[tuple[str, str], list[tuple[int, bool]]]:
    """(op id, quarantined) of every outbox row of these records, oldest first."""
    by_entity: dict[str, set[str]] = {}
    for entity_name, entity_id in keys:
        by_entity.setdefault(entity_name, set()).add(entity_id)
    found: dict[tuple[str, str], list[tuple[int, bool]]] = {}
    for entity_name, ids in by_entity.items():
        # entity first: the (entity, entity_id) index serves it; entity_id alone would scan
        # (and decrypt) the whole outbox once per batch.
        for op_id, entity_id, quarantined in session.execute(
                select(Outbox.op_id, Outbox.entity_id, Outbox.quarantined)
                .where(Outbox.entity == entity_name, Outbox.entity_id.in_(each(list(ids))))
                .order_by(Outbox.op_id)):
            found.setdefault((entity_name, entity_id), []).append((op_id, quarantined))
    return found


def apply_results(session: Session, batch: Batch, results: Sequence[OpResult],
                  summary: PushSummary) -> None:
    """Apply one batch's results in the caller's (one) transaction: bulk statements for
    what was applied (the common case), the ORM for the rare conflict or refusal."""
    if [r.op_id for r in results] != batch.op_ids:
        raise BadServerResponse(what="results")
    rows = _outbox_rows(session, batch.keys)
    new_revs: dict[Entity, list[tuple[str, int]]] = {}
    rebased: list[tuple[int, int]] = []
    done: list[int] = []
    for result, key in zip(results, batch.keys, strict=True):
        present = rows.get(key, [])
        if all(op_id != result.op_id for op_id, _ in present):
            continue  # handled by an earlier run whose answer was applied already
        entity = Entity(key[0])
        following = [op_id for op_id, quarantined in present
                     if op_id > result.op_id and not quarantined]
        if result.status is OpStatus.APPLIED:
            if result.rev is None:
                raise BadServerResponse(what="rev")
            new_revs.setdefault(entity, []).append((key[1], result.rev))
            # Our own later edits build on this one.
            rebased += [(op_id, result.rev) for op_id in following]
            done.append(result.op_id)
            summary.applied += 1
            continue
        acked = session.get(Outbox, result.op_id)
        assert acked is not None
        if result.status is OpStatus.CONFLICT:
            later = [session.get(Outbox, op_id) for op_id in following]
            _conflict(session, entity, acked, [row for row in later if row is not None],
                      result)
            summary.conflicts += 1
        else:
            acked.quarantined = True
            reason = result.reason
            acked.last_error = f"{reason.code}: {reason.message}" if reason else "rejected"
            summary.rejected += 1
    connection = session.connection()
    for entity, revs in new_revs.items():
        # One Core UPDATE … FROM per kind (the ORM's bulk update by primary key cost ~100 µs
        # a row); the change tracking is told which table it wrote.
        table = cast(Table, MODELS[entity].__table__)  # a mapped class's table
        given = pairs(revs)
        connection.execute(update(table).where(table.c.id == given.c.key)
                           .values(rev=given.c.value))
        note_bulk_write(session, table.name)
    if rebased:
        based = pairs(rebased)
        connection.execute(update(_OUTBOX).where(_OUTBOX.c.op_id == based.c.key)
                           .values(base_rev=based.c.value))
    if done:
        connection.execute(delete(_OUTBOX).where(_OUTBOX.c.op_id.in_(each(done))))
    if rebased or done:
        note_bulk_write(session, _OUTBOX.name)
    session.flush()  # the conflicts' and refusals' ORM writes, before the next batch is read


def apply_and_take(session: Session, answer: Answer | None, summary: PushSummary, limit: int,
                   in_flight: Batch | None = None) -> Batch:
    """One batch's results (if any) and the next batch, in one transaction (one commit per
    round trip): after a crash between them neither happened, and the sent ops are resent.
    ``in_flight``: the batch on the wire meanwhile."""
    if answer is not None:
        apply_results(session, answer.batch, answer.results, summary)
    return take_batch(session, limit, in_flight)


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


def _queued(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Outbox)
                           .where(Outbox.quarantined.is_(False))).scalar_one()


def push_all(store: Store, transport: Transport, report: ProgressSink,
             batch_size: int = MAX_OPS_PER_PUSH) -> PushSummary:
    """Send the outbox until only quarantined ops are left (or no progress is made), one
    batch on the wire at a time while the store applies the one before (module doc)."""
    summary = PushSummary()
    total = store.run(_queued)
    report(Progress(Phase.PUSHING, 0, total))
    if not total:
        return summary
    rounds = total // max(batch_size, 1) + MAX_ROUNDS_EXTRA
    done = 0
    answer: Answer | None = None  # answered by the server, its results not applied yet
    batch = store.run(partial(take_batch, limit=batch_size))
    for _ in range(rounds):
        if not batch.op_ids:
            break
        step = _Step(store, partial(apply_and_take, answer=answer, summary=summary,
                                    limit=batch_size, in_flight=batch))
        try:
            # The body was serialised once, when the batch was taken (a retry resends it).
            reply = transport.call("POST", "/sync/push", PushResponse, content=batch.body,
                                   headers=_JSON, on_sent=step.start)
        finally:
            # Either way the store's step has ended (committed or rolled back) before the
            # push goes on or fails; its error, about the earlier batch, comes first.
            following = step.result()
        assert reply is not None
        done = _reported(report, answer, done, total)
        answer, batch = Answer(batch, reply.results), following
        if not batch.op_ids:
            # Nothing left to overlap with: these results may free their records' later ops.
            batch = store.run(partial(apply_and_take, answer=answer, summary=summary,
                                      limit=batch_size))
            done = _reported(report, answer, done, total)
            answer = None
    if answer is not None:  # out of rounds: the last answer is applied all the same
        store.run(partial(apply_results, batch=answer.batch, results=answer.results,
                          summary=summary))
        _reported(report, answer, done, total)
    return summary


class _Step:
    """The store's work while a request is out. Started once the request is written out:
    started before, the store's worker held the GIL while this thread sent it (~4 ms of
    each ~45 ms round trip, measured with bench_sync)."""

    def __init__(self, store: Store, work: Callable[[Session], Batch]) -> None:
        self._store, self._work = store, work
        self._future: Future[Batch] | None = None

    def start(self) -> None:
        if self._future is None:  # a retried request is written out again
            self._future = self._store.submit(self._work)

    def result(self) -> Batch:
        self.start()  # the request failed before it was written out
        assert self._future is not None
        return self._future.result()


def _reported(report: ProgressSink, applied: Answer | None, done: int, total: int) -> int:
    """Report the ops of ``applied`` (if any) as done; the new count of done ops."""
    if applied is None:
        return done
    done += len(applied.batch.op_ids)
    report(Progress(Phase.PUSHING, done, max(total, done)))
    return done
