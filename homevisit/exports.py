"""Plaintext leaving the app: audited first, written whole or not at all (DESIGN §4).

An export commits its audit row ("export started") and a :class:`PendingExport` naming its
temp file before the first plaintext byte is written; the file is then written under that temp
name and renamed into place. A kill or a full disk in between leaves at most the temp file,
which :func:`sweep_abandoned` removes at the next start (and audits). So every plaintext file
the app ever wrote has its audit row, and no half-written one outlives the next start.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit import audit
from homevisit.model import PendingExport

TEMP_PREFIX = ".homevisit-export-"
TEMP_SUFFIX = ".part"


def temp_name(out: Path) -> Path:
    """The temp file an export to ``out`` is written as (same directory, so the rename
    stays on one volume, e.g. a USB stick)."""
    return out.with_name(f"{TEMP_PREFIX}{uuid.uuid4().hex}{TEMP_SUFFIX}")


def begin(session: Session, *, actor: str, entity: str, entity_id: str | None,
          temp: Path, detail: dict[str, object] | None = None,
          action: str = "export") -> int:
    """Audit the export as started and remember its temp file, in the caller's transaction
    (commit it before writing). Returns the pending export's id for :func:`finish`.
    ``action`` is ``"print"`` for a printed document (DESIGN §4 names both)."""
    event = audit.append(session, actor=actor, action=action, entity=entity,
                         entity_id=entity_id, detail={"phase": "started", **(detail or {})})
    # The path stays in the encrypted store; the audit detail (synced) never holds paths.
    pending = PendingExport(audit_seq=event.seq, temp_path=str(temp.absolute()))
    session.add(pending)
    session.flush()
    return pending.id


def finish(session: Session, pending_id: int) -> None:
    """Forget a pending export once its file was renamed into place or its temp removed."""
    pending = session.get(PendingExport, pending_id)
    if pending is not None:
        session.delete(pending)


def sweep_abandoned(session: Session, *, actor: str) -> int:
    """Remove the temp files of exports a crash interrupted (never the finished file: a
    rename that happened took the temp name away). Returns how many were cleared; a temp
    that cannot be removed now (e.g. its USB stick is out) stays listed for the next start."""
    cleared = 0
    for pending in session.scalars(select(PendingExport).order_by(PendingExport.id)).all():
        temp = Path(pending.temp_path)
        try:
            # Parts streamed beside the temp (an XLSX sheet being written) share its stem.
            for part in temp.parent.glob(f"{temp.stem}.*"):
                part.unlink(missing_ok=True)
            temp.unlink(missing_ok=True)
        except OSError:
            continue
        audit.append(session, actor=actor, action="export_abandoned", entity="export",
                     detail={"started_seq": pending.audit_seq})
        session.delete(pending)
        cleared += 1
    return cleared
