"""What devices fetch and hand in besides sync: policies, and their audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request

from homevisit.protocol import API_PREFIX
from homevisit.protocol.auth import DeviceAuditReceipt, DeviceAuditUpload, Policies
from homevisit.server import device_audit
from homevisit.server.api.answer import json_answer
from homevisit.server.deps import BearerToken, as_device
from homevisit.server.policies import load_policies

router = APIRouter(prefix=f"{API_PREFIX}/device", tags=["device"])

# Both are called at every sync of every device: one worker-thread hop each (as_device).


@router.get("/policies", response_model=Policies)
async def policies(token: BearerToken, request: Request):
    """Idle lock, max offline days, retention, minimum client version, form versions."""
    return json_answer(await as_device(
        request, token, lambda session, _principal: load_policies(session), reads=True))


@router.post("/audit-log", response_model=DeviceAuditReceipt)
async def upload_audit_log(body: DeviceAuditUpload, token: BearerToken, request: Request):
    """Append the device's audit events. Append-only: an event already held (same device
    and seq) is counted as a duplicate and never overwritten. A head behind the events held,
    or a held event arriving changed, is refused (409 ``audit_log_rolled_back``) and recorded
    in the server's audit trail."""
    return json_answer(await as_device(
        request, token, lambda session, principal: device_audit.receive(session, principal,
                                                                        body)))
