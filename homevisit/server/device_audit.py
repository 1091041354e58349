"""A device's audit log, kept by the server as the anchor the device cannot roll back.

Every event the server acknowledged stays here. At each sync the device sends its new events
and its head; a head behind the newest event held, a held seq arriving with another hash, or
a new event that does not link to the held one before it means the device's log was trimmed,
re-chained or restored from an older copy (a whole profile folder copied back included, which
no check on the laptop can see). The server records that in its own audit trail and refuses.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.auth import DeviceAuditReceipt, DeviceAuditUpload
from homevisit.server.audit import audit
from homevisit.server.errors import AuditLogRolledBack
from homevisit.server.models import DeviceAuditLog
from homevisit.server.principal import Principal


def _held(session: Session, device_id: str, seqs: set[int]) -> dict[int, str]:
    if not seqs:
        return {}
    rows = session.execute(select(DeviceAuditLog.seq, DeviceAuditLog.hash).where(
        DeviceAuditLog.device_id == device_id, DeviceAuditLog.seq.in_(seqs)))
    return {seq: digest for seq, digest in rows}


def _newest(session: Session, device_id: str) -> tuple[int, str | None]:
    row = session.execute(
        select(DeviceAuditLog.seq, DeviceAuditLog.hash)
        .where(DeviceAuditLog.device_id == device_id)
        .order_by(DeviceAuditLog.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, None)


def _disagreement(session: Session, device_id: str, body: DeviceAuditUpload) -> int | None:
    """The seq where the upload contradicts what the server holds, or None."""
    newest, _ = _newest(session, device_id)
    seqs = {e.seq for e in body.events} | {e.seq - 1 for e in body.events if e.seq > 1}
    if body.head_seq:
        seqs.add(body.head_seq)
    held = _held(session, device_id, seqs)
    for event in sorted(body.events, key=lambda e: e.seq):
        if event.seq in held and held[event.seq] != event.hash:
            return event.seq
        if event.seq - 1 in held and held[event.seq - 1] != event.prev_hash:
            return event.seq
        held[event.seq] = event.hash
    if body.head_seq is not None:
        if body.head_seq < newest:
            return newest
        if body.head_seq in held and held[body.head_seq] != body.head_hash:
            return body.head_seq
    return None


def receive(session: Session, principal: Principal, body: DeviceAuditUpload) -> DeviceAuditReceipt:
    """Append the device's new events (append-only: a held seq is never overwritten)."""
    device_id = principal.device_id
    bad = _disagreement(session, device_id, body)
    if bad is not None:
        audit(session, principal, "device_audit_rollback", "device", device_id, {"seq": bad})
        session.commit()  # the finding outlives the refusal
        raise AuditLogRolledBack(seq=bad)
    held = set(_held(session, device_id, {e.seq for e in body.events}))
    accepted = 0
    for event in body.events:
        if event.seq in held:
            continue
        held.add(event.seq)
        session.add(DeviceAuditLog(device_id=device_id, user_id=principal.user_id,
                                   **event.model_dump()))
        accepted += 1
    session.flush()
    last, _ = _newest(session, device_id)
    return DeviceAuditReceipt(
        accepted=accepted, duplicates=len(body.events) - accepted, last_seq=last)
