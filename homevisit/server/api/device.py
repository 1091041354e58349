"""What devices fetch and hand in besides sync: policies, and their audit log."""

from __future__ import annotations

from fastapi import APIRouter

from homevisit.protocol import API_PREFIX
from homevisit.protocol.auth import DeviceAuditReceipt, DeviceAuditUpload, Policies
from homevisit.server import device_audit
from homevisit.server.deps import DbSession, DevicePrincipal
from homevisit.server.policies import load_policies

router = APIRouter(prefix=f"{API_PREFIX}/device", tags=["device"])


@router.get("/policies", response_model=Policies)
def policies(principal: DevicePrincipal, session: DbSession):
    """Idle lock, max offline days, retention, minimum client version, form versions."""
    return load_policies(session)


@router.post("/audit-log", response_model=DeviceAuditReceipt)
def upload_audit_log(body: DeviceAuditUpload, principal: DevicePrincipal, session: DbSession):
    """Append the device's audit events. Append-only: an event already held (same device
    and seq) is counted as a duplicate and never overwritten. A head behind the events held,
    or a held event arriving changed, is refused (409 ``audit_log_rolled_back``) and recorded
    in the server's audit trail."""
    return device_audit.receive(session, principal, body)
