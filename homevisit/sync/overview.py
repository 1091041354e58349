"""What the sync page and the status bar show, read from the local store (no Qt here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.model import Conflict, Outbox, SyncState
from homevisit.sync.documents import refusal_text, refused_documents
from homevisit.sync.pending import PendingWork, pending_work
from homevisit.sync.purge import HOUSEHOLD_LEFT


@dataclass(frozen=True, slots=True)
class QueuedItem:
    op_id: int
    entity: str
    operation: str
    attempts: int
    reason: str  # the server's reject code; never a record's contents
    kept: str = ""  # work kept after its household left: the start of its note, to know it


@dataclass(frozen=True, slots=True)
class ConflictItem:
    id: int
    entity: str
    fields: tuple[str, ...]
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class SyncOverview:
    pending: int = 0
    quarantined: list[QueuedItem] = field(default_factory=list)
    conflicts: list[ConflictItem] = field(default_factory=list)
    server_url: str | None = None
    last_sync_at: dt.datetime | None = None
    last_contact_at: dt.datetime | None = None
    enrolled: bool = False
    policies: dict[str, Any] = field(default_factory=dict)
    work: PendingWork = field(default_factory=PendingWork)  # ``pending`` as a person counts
    refused_documents: tuple[Text, ...] = ()
    """Published documents this device refused (e.g. a newer format): what to do about it."""


_NOTE_FIELDS = ("observations", "note", "text", "traits", "explanation", "address", "name")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def kept_excerpt(payload: dict[str, Any] | None, limit: int = 40) -> str:
    """The first words of what was typed in a kept op (shown inside the unlocked app only,
    so the counselor knows which note it is)."""
    record = _mapping((payload or {}).get("record"))
    step = _mapping(_mapping(record.get("answers")).get("observations"))
    # A draft visit keeps its notes in the form's answers until it is finalized.
    for value in [record.get(n) for n in _NOTE_FIELDS] + [step.get("observations"),
                                                          step.get("traits")]:
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= limit else text[:limit] + "…"
    return ""


def sync_overview(session: Session) -> SyncOverview:
    """Pending and quarantined outbox rows, unresolved conflicts and the sync state."""
    pending = session.scalar(
        select(func.count()).select_from(Outbox).where(Outbox.quarantined.is_(False))) or 0
    quarantined = [
        QueuedItem(row.op_id, row.entity, str(row.operation), row.attempts,
                   (row.last_error or "")[:80],
                   kept_excerpt(row.payload) if row.last_error == HOUSEHOLD_LEFT else "")
        for row in session.scalars(
            select(Outbox).where(Outbox.quarantined.is_(True)).order_by(Outbox.op_id).limit(200))
    ]
    conflicts = [
        ConflictItem(row.id, row.entity, tuple(row.fields or ()), row.created_at)
        for row in session.scalars(
            select(Conflict).where(Conflict.resolved_at.is_(None)).order_by(Conflict.id)
            .limit(200))
    ]
    state = session.get(SyncState, 1)
    work = pending_work(session)
    if state is None:
        return SyncOverview(pending, quarantined, conflicts, work=work)
    return SyncOverview(
        pending=pending,
        quarantined=quarantined,
        conflicts=conflicts,
        server_url=state.server_url,
        last_sync_at=state.last_sync_at,
        last_contact_at=state.last_server_contact_at,
        enrolled=bool(state.device_token),
        policies=dict(state.policies or {}),
        work=work,
        refused_documents=tuple(refusal_text(r) for r in refused_documents(session)),
    )
