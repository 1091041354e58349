"""Sending the device's audit log at each sync and keeping the head the server acknowledged
(DESIGN §4): the server holds every event it acknowledged, so a trimmed or rolled-back log is
refused there at the next sync, whatever was done to the files on the laptop."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from homevisit.i18n import Text
from homevisit.model import AuditAnchor, AuditEvent
from homevisit.protocol.auth import DeviceAuditReceipt
from homevisit.protocol.errors import ErrorCode
from homevisit.store import Store
from homevisit.sync.errors import ServerRefused, SyncError
from homevisit.sync.transport import Transport

BATCH = 1000  # the protocol's limit per upload


class AuditLogRejected(SyncError):
    code = "audit_log_rejected"
    text = Text(
        "服务器发现本机审计日志被删改或用旧副本替换，已记录。数据已同步，但请联系管理员。",
        "The server found that this laptop's audit log was trimmed or restored from an older "
        "copy, and recorded it. Your data was synced; contact your administrator.",
    )


def _wire(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq, "wall_time": event.wall_time, "mono_ns": event.mono_ns,
        "actor": event.actor, "action": event.action, "entity": event.entity,
        "entity_id": event.entity_id, "detail": event.detail,
        "prev_hash": event.prev_hash, "hash": event.hash,
    }


def _next_batch(session: Session) -> dict[str, Any]:
    events = session.scalars(select(AuditEvent).where(AuditEvent.synced.is_(False))
                             .order_by(AuditEvent.seq).limit(BATCH)).all()
    head = session.execute(select(AuditEvent.seq, AuditEvent.hash)
                           .order_by(AuditEvent.seq.desc()).limit(1)).first()
    return {"events": [_wire(e) for e in events],
            "head_seq": head[0] if head else 0, "head_hash": head[1] if head else None}


def _acknowledged(session: Session, body: dict[str, Any]) -> None:
    seqs = [e["seq"] for e in body["events"]]
    if seqs:
        session.execute(update(AuditEvent).where(AuditEvent.seq.in_(seqs)).values(synced=True))
        last = body["events"][-1]
        anchor = session.get(AuditAnchor, 1) or AuditAnchor(id=1, chain_version=1)
        anchor.acked_seq, anchor.acked_hash = last["seq"], last["hash"]
        session.add(anchor)


def send_audit_log(store: Store, transport: Transport) -> int:
    """Upload every unsent event (or just the head), mark them sent and keep the newest one
    the server acknowledged as the anchor; returns how many were sent. Raises
    :class:`AuditLogRejected` when the server finds the log trimmed or rolled back."""
    sent = 0
    while True:
        body = store.run(_next_batch)
        try:
            transport.call("POST", "/device/audit-log", DeviceAuditReceipt, json_body=body)
        except ServerRefused as refused:
            if refused.reason == ErrorCode.AUDIT_LOG_ROLLED_BACK:
                raise AuditLogRejected() from None
            raise
        store.run(functools.partial(_acknowledged, body=body))
        sent += len(body["events"])
        if len(body["events"]) < BATCH:
            return sent

