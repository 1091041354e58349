"""The server's audit trail: one row per admin or supervisor action (append-only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from homevisit.server.models import AuditEvent
from homevisit.server.principal import Principal


def audit(
    session: Session,
    actor: Principal | str | None,
    action: str,
    entity: str,
    entity_id: str | int | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Record an action in the caller's transaction. ``actor`` is the caller, or a string
    such as ``"cli"`` for the server command line. ``detail``: ids and codes only."""
    if isinstance(actor, Principal):
        event = AuditEvent(
            actor=actor.username, role=actor.role.value, device_id=actor.device_id
        )
    else:
        event = AuditEvent(actor=actor, role=None, device_id=None)
    event.action = action
    event.entity = entity
    event.entity_id = None if entity_id is None else str(entity_id)
    event.detail = dict(detail or {})
    session.add(event)
    return event
