"""Applying server records to the local store. Every record read from the network is
validated with its protocol model first; a record that fails refuses the whole page (the
transaction rolls back, nothing of it is kept)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.model import Attachment, VisitVersion, new_id
from homevisit.model.base import Base
from homevisit.outbox import MODELS, wire_fields
from homevisit.protocol.records import RECORD_TYPES, Entity, Record
from homevisit.sql_sets import each
from homevisit.sync.errors import BadServerResponse

_NEVER_COPIED = frozenset({"id"})


def parse_entity(name: str) -> Entity:
    try:
        return Entity(name)
    except ValueError:
        raise BadServerResponse(what="entity") from None


def validate_record(entity: Entity, data: dict[str, Any] | None, entity_id: str) -> Record:
    """The server's record as its protocol model; the id must be the one announced."""
    try:
        record = RECORD_TYPES[entity].model_validate(data or {})
    except pydantic.ValidationError:
        raise BadServerResponse(what="record") from None
    if record.id != entity_id:
        raise BadServerResponse(what="record id")
    return record


def record_values(entity: Entity, record: Record) -> dict[str, Any]:
    """Column values of a validated record (Python types, ready for the ORM; nested models
    such as a review's comments become plain dicts for their JSON columns)."""
    values = record.model_dump()
    return {name: values[name] for name in wire_fields(entity) if name not in _NEVER_COPIED}


def prefetch(session: Session, entity: Entity, ids: Iterable[str]) -> dict[str, Base]:
    """Local rows of ``entity`` with these ids, loaded in one query."""
    model = MODELS[entity]
    rows = session.scalars(select(model).where(model.id.in_(each(list(set(ids))))))  # type: ignore[attr-defined]
    return {row.id: row for row in rows}  # type: ignore[attr-defined]


def write_record(session: Session, entity: Entity, record: Record,
                 existing: Base | None) -> Base:
    """Create or overwrite the local copy of ``record`` (its rev included)."""
    values = record_values(entity, record)
    if existing is None:
        model = MODELS[entity]
        if model is Attachment:
            # Known from the server, not downloaded: no vault file yet (empty key says so).
            values.update(vault_file_id=new_id(), file_key=b"", uploaded=True,
                          upload_offset=values.get("size", 0))
        obj = model(id=record.id, **values)
        session.add(obj)
        return obj
    if isinstance(existing, VisitVersion):
        # A finalized version never changes; only its bookkeeping does (a trigger enforces).
        existing.rev = record.rev
        existing.deleted = record.deleted
        return existing
    for name, value in values.items():
        if getattr(existing, name) != value:
            setattr(existing, name, value)
    return existing
