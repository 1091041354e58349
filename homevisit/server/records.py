"""Converting between ORM rows and wire records (field names are identical by design)."""

from __future__ import annotations

import logging
from typing import Any

import pydantic

from homevisit.protocol.errors import field_path
from homevisit.protocol.records import RECORD_TYPES, Entity, Record
from homevisit.server import models as m
from homevisit.server.models.base import Base

ORM_TYPES: dict[Entity, type[Base]] = {
    Entity.HOUSEHOLD: m.Household,
    Entity.MEMBER: m.Member,
    Entity.STUDENT: m.Student,
    Entity.ASSIGNMENT: m.Assignment,
    Entity.VISIT: m.Visit,
    Entity.VISIT_VERSION: m.VisitVersion,
    Entity.CONSENT: m.ConsentRecord,
    Entity.ATTACHMENT: m.Attachment,
    Entity.FLAG: m.Flag,
    Entity.REVIEW: m.Review,
    Entity.FLAG_DECISION: m.FlagRuling,
    Entity.COMMENT_ANSWER: m.CommentAnswer,
    Entity.HELPDESK_CASE: m.HelpDeskCase,
    Entity.APPOINTMENT: m.Appointment,
    Entity.HANDBACK: m.Handback,
    Entity.HANDBACK_DECISION: m.HandbackRuling,
    Entity.DELEGATION: m.Delegation,
    Entity.PROPOSAL: m.Proposal,
    Entity.AID_ENTRY: m.AidEntry,
}

log = logging.getLogger("homevisit.server")

ALWAYS_SERVER_SET = frozenset({"id", "rev", "updated_at"})
"""Fields a pushed payload never sets; routers add entity-specific ones (e.g. counselor)."""


def to_record(entity: Entity, row: Base) -> Record:
    return RECORD_TYPES[entity].model_validate(row, from_attributes=True)


def to_wire(entity: Entity, row: Base) -> dict[str, Any]:
    """The JSON-ready record of a row, as pull and conflict results carry it."""
    return to_record(entity, row).model_dump(mode="json")


def record_or_none(entity: Entity, row: Base) -> Record | None:
    """:func:`to_record`, or None (logged by entity and id, never content) for a stored row
    that no longer passes its record schema — e.g. text stored before the protocol refused
    lone surrogates. One such row must not fail every answer that would include it;
    ``homevisit-server check records`` lists them for repair."""
    try:
        return to_record(entity, row)
    except pydantic.ValidationError as exc:
        fields = sorted({".".join(map(str, field_path(e["loc"]))) for e in exc.errors()})
        log.warning("stored %s %s fails its record schema (%s); left out",
                    entity.value, getattr(row, "id", "?"), ", ".join(fields)[:200])
        return None


def records_of(entity: Entity, rows: Any) -> list[Any]:
    """The valid records among ``rows`` (see :func:`record_or_none`)."""
    return [r for r in (record_or_none(entity, row) for row in rows) if r is not None]


def wire_or_none(entity: Entity, row: Base) -> dict[str, Any] | None:
    """:func:`to_wire`, or None for a stored row that fails its schema (see
    :func:`record_or_none`)."""
    record = record_or_none(entity, row)
    return None if record is None else record.model_dump(mode="json")


def apply_record(row: Base, record: Record, *, exclude: frozenset[str] = frozenset(),
                 update: bool = False) -> None:
    """Copy a validated record's fields onto a row, except server-set ones. An ``update``
    keeps the stored value of a field the payload does not carry: a device from before the
    field does not know it (e.g. a member's ``moved_out_on``), and its edit must not erase
    what a newer device recorded. Devices send every field they know."""
    skip = ALWAYS_SERVER_SET | exclude
    if update:
        skip |= type(record).model_fields.keys() - record.model_fields_set
    for name, value in record.model_dump(mode="python").items():
        if name not in skip:
            setattr(row, name, value)
