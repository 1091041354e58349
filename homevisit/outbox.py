"""Changing a synced record and queueing it for the server in ONE transaction (DESIGN §5).

The GUI and the CLI change a record, then call :func:`save` (or :func:`delete`) with the same
session, before the session flushes: the outbox row is written in the same transaction as
the change, so a crash can never keep one without the other.

An outbox row's ``payload`` (a local format, only read by :mod:`homevisit.sync`) is
``{"record": <wire record>, "base": {field: value at base_rev}}``. ``base`` remembers what
each field the user changed looked like on the server copy the change was based on; the
sync engine uses it to merge a record changed on both sides field by field.

Edits of a record whose pending row was never sent are folded into that row (one op per
record, not one per keystroke). Once a row has been sent it is never changed again: the
server de-duplicates on the op id and would answer a changed replay with the old result.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from homevisit.errors import UnstorableValue
from homevisit.model import (
    AidEntry,
    Appointment,
    Assignment,
    Attachment,
    CommentAnswer,
    ConsentRecord,
    Delegation,
    Flag,
    FlagRuling,
    Handback,
    HandbackRuling,
    HelpDeskCase,
    Household,
    Member,
    Outbox,
    OutboxOperation,
    Proposal,
    Review,
    Student,
    Visit,
    VisitVersion,
)
from homevisit.model.base import Base
from homevisit.protocol.records import RECORD_TYPES, Entity
from homevisit.protocol.types import json_fault

MODELS: dict[Entity, type[Base]] = {
    Entity.HOUSEHOLD: Household,
    Entity.MEMBER: Member,
    Entity.STUDENT: Student,
    Entity.ASSIGNMENT: Assignment,
    Entity.VISIT: Visit,
    Entity.VISIT_VERSION: VisitVersion,
    Entity.CONSENT: ConsentRecord,
    Entity.ATTACHMENT: Attachment,
    Entity.FLAG: Flag,
    Entity.REVIEW: Review,
    Entity.FLAG_DECISION: FlagRuling,
    Entity.COMMENT_ANSWER: CommentAnswer,
    Entity.HELPDESK_CASE: HelpDeskCase,
    Entity.APPOINTMENT: Appointment,
    Entity.HANDBACK: Handback,
    Entity.HANDBACK_DECISION: HandbackRuling,
    Entity.DELEGATION: Delegation,
    Entity.PROPOSAL: Proposal,
    Entity.AID_ENTRY: AidEntry,
}
"""The local model that stores each synced entity."""

ENTITY_OF: dict[type[Base], Entity] = {model: entity for entity, model in MODELS.items()}

# Fields that travel with the record but that the user never "changes": the server owns them.
_BOOKKEEPING = frozenset({"id", "rev", "updated_at"})


def wire_fields(entity: Entity) -> tuple[str, ...]:
    """The record fields of ``entity`` as the protocol names them."""
    return tuple(RECORD_TYPES[entity].model_fields)


def to_wire_value(value: Any) -> Any:
    """A column value as JSON (dates as ISO text, enums as their value)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_wire(entity: Entity, obj: Base) -> dict[str, Any]:
    """The record as the protocol sends it (a JSON-ready dict of its record fields)."""
    return {name: to_wire_value(getattr(obj, name)) for name in wire_fields(entity)}


def entity_of(obj: Base) -> Entity:
    try:
        return ENTITY_OF[type(obj)]
    except KeyError:
        raise TypeError(f"{type(obj).__name__} is not a synced record") from None


def _base_values(entity: Entity, obj: Base) -> dict[str, Any]:
    """Old values of the fields changed on ``obj`` since it was loaded (before the flush)."""
    state = inspect(obj)
    if state.transient or state.pending:
        return {}  # new record: nothing on the server to be based on
    base: dict[str, Any] = {}
    for name in wire_fields(entity):
        if name in _BOOKKEEPING:
            continue
        history = state.attrs[name].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            base[name] = to_wire_value(old)
    return base


def _fill_defaults(obj: Base) -> None:
    """Give unset columns their Python-side defaults now, so the payload is the row as it
    will be stored. (Not a flush: flushing per record makes bulk saves quadratic, since
    flush hooks such as the household search text re-read the whole household.)"""
    for column in inspect(type(obj)).columns:
        default = column.default
        key = column.key
        if default is None or getattr(obj, key, None) is not None:
            continue
        if isinstance(default, ScalarElementColumnDefault):
            setattr(obj, key, default.arg)
        elif isinstance(default, CallableColumnDefault):
            setattr(obj, key, default.arg(None))  # type: ignore[arg-type]  # no execution yet; our defaults ignore the context


def _pending_row(session: Session, entity: Entity, entity_id: str) -> Outbox | None:
    """The record's newest row that was never sent, if any (the one edits fold into)."""
    with session.no_autoflush:  # a flush per record would make bulk saves quadratic
        return session.scalars(
            select(Outbox)
            .where(Outbox.entity == entity.value, Outbox.entity_id == entity_id,
                   Outbox.quarantined.is_(False))
            .order_by(Outbox.op_id.desc())
            .limit(1)
        ).first()


def _queue(session: Session, entity: Entity, obj: Base, operation: OutboxOperation) -> Outbox:
    base = _base_values(entity, obj)
    _fill_defaults(obj)
    obj_id: str = obj.id  # type: ignore[attr-defined]
    rev: int = obj.rev or 0  # type: ignore[attr-defined]
    record = to_wire(entity, obj)
    for name, value in record.items():
        # The protocol's rule, checked before anything is queued: a value the server must
        # refuse would otherwise sit in the outbox, rejected at every sync.
        if json_fault(value) is not None:
            raise UnstorableValue(field=name)
    if operation is OutboxOperation.DELETE:
        record["deleted"] = True
    state = inspect(obj)
    # A record not yet in the database has no rows queued from an earlier transaction.
    row = None if state.transient or state.pending else _pending_row(session, entity, obj_id)
    if row is not None and row.attempts == 0:
        # Fold into the unsent row; the oldest base value of each field wins, since that is
        # what the server copy held when the first of these edits was made.
        earlier = dict((row.payload or {}).get("base") or {})
        row.payload = {"record": record, "base": {**base, **earlier}}
        row.operation = operation
        return row
    if row is not None:
        # A row already on its way: this edit follows it and is based on it (the sync
        # engine moves base_rev forward when the earlier op is acknowledged).
        rev = row.base_rev
    row = Outbox(entity=entity.value, entity_id=obj_id, operation=operation, base_rev=rev,
                 payload={"record": record, "base": base})
    session.add(row)
    return row


def save(session: Session, obj: Base, entity: Entity | None = None) -> Outbox:
    """Add or update ``obj`` and queue it for the server in the same transaction.

    Call it after changing the object's attributes and before anything flushes the session
    (the changed fields are read from the object's history). Returns the outbox row.
    """
    entity = entity or entity_of(obj)
    session.add(obj)
    if getattr(obj, "rev", None) is None:
        obj.rev = 0  # type: ignore[attr-defined]
    if getattr(obj, "deleted", None) is None:
        obj.deleted = False  # type: ignore[attr-defined]
    return _queue(session, entity, obj, OutboxOperation.UPSERT)


def delete(session: Session, obj: Base, entity: Entity | None = None) -> Outbox | None:
    """Delete ``obj``: a never-synced record simply goes (with its unsent rows); a synced
    one becomes a tombstone queued for the server. Returns the outbox row, if any."""
    entity = entity or entity_of(obj)
    if not getattr(obj, "rev", 0):
        for row in session.scalars(select(Outbox).where(
                Outbox.entity == entity.value, Outbox.entity_id == obj.id)):  # type: ignore[attr-defined]
            if row.attempts == 0:
                session.delete(row)
            else:
                # It may have reached the server: the tombstone must follow it there.
                obj.deleted = True  # type: ignore[attr-defined]
                return _queue(session, entity, obj, OutboxOperation.DELETE)
        session.delete(obj)
        return None
    obj.deleted = True  # type: ignore[attr-defined]
    return _queue(session, entity, obj, OutboxOperation.DELETE)
