"""What devices fetch and hand in besides sync: policies, and their audit log."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select

from homevisit.protocol import API_PREFIX
from homevisit.protocol.auth import DeviceAuditReceipt, DeviceAuditUpload, Policies
from homevisit.server.deps import DbSession, DevicePrincipal
from homevisit.server.models import DeviceAuditLog
from homevisit.server.policies import load_policies

router = APIRouter(prefix=f"{API_PREFIX}/device", tags=["device"])


@router.get("/policies", response_model=Policies)
def policies(principal: DevicePrincipal, session: DbSession):
    """Idle lock, max offline days, retention, minimum client version, form versions."""
    return load_policies(session)


@router.post("/audit-log", response_model=DeviceAuditReceipt)
def upload_audit_log(body: DeviceAuditUpload, principal: DevicePrincipal, session: DbSession):
    """Append the device's audit events. Append-only: an event already held (same device
    and seq) is counted as a duplicate and never overwritten."""
    held = set(
        session.execute(
            select(DeviceAuditLog.seq).where(
                DeviceAuditLog.device_id == principal.device_id,
                DeviceAuditLog.seq.in_([e.seq for e in body.events]),
            )
        ).scalars()
    )
    accepted = 0
    for event in body.events:
        if event.seq in held:
            continue
        held.add(event.seq)
        session.add(
            DeviceAuditLog(device_id=principal.device_id, user_id=principal.user_id,
                           **event.model_dump())
        )
        accepted += 1
    session.flush()
    last = session.execute(
        select(func.max(DeviceAuditLog.seq)).where(
            DeviceAuditLog.device_id == principal.device_id
        )
    ).scalar_one()
    return DeviceAuditReceipt(
        accepted=accepted, duplicates=len(body.events) - accepted, last_seq=last or 0
    )
