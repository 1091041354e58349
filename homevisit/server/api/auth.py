"""Login (registers the device), refresh, logout, and who-am-I."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from homevisit.protocol import API_PREFIX
from homevisit.protocol.auth import LoginRequest, MeResponse, RefreshRequest, TokenResponse
from homevisit.server import auth
from homevisit.server import login as login_flow
from homevisit.server.api.answer import json_answer
from homevisit.server.deps import BearerToken, CurrentPrincipal, DbSession, ServicesDep, as_device
from homevisit.server.models import utc_now
from homevisit.server.policies import load_policies

router = APIRouter(prefix=API_PREFIX, tags=["auth"])


@router.get("/health", tags=["health"])
def health() -> dict[str, str]:
    """Liveness, without auth. The protocol header is on this answer too."""
    return {"status": "ok"}


@router.post("/auth/login", response_model=TokenResponse)
async def login(body: LoginRequest, request: Request, services: ServicesDep):
    """Check the password and register this device, or re-bind ``device_id`` registered
    before by the same user. Failed logins are limited per account and per address
    (429 ``too_many_attempts``); when too many checks run at once, 503 ``server_busy``
    with Retry-After. A disabled account answers like a wrong password."""
    return await login_flow.login(request, services, body)


@router.post("/auth/refresh", response_model=TokenResponse)
def refresh(body: RefreshRequest, session: DbSession, services: ServicesDep):
    """Rotate the refresh token; the old pair stops working."""
    return auth.refresh(session, services.settings, body.refresh_token)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: CurrentPrincipal, session: DbSession) -> None:
    auth.logout(session, principal)


@router.get("/me", response_model=MeResponse)
async def me(token: BearerToken, request: Request):
    # Who the caller is now, the server's clock and the device policies. Every device asks
    # at every sync start: one round trip and one worker-thread hop (as_device). No
    # docstring: it would change the wire's description.
    principal, policies = await as_device(
        request, token, lambda session, principal: (principal, load_policies(session)),
        reads=True)
    return json_answer(MeResponse(user=principal.info(), device_id=principal.device_id,
                                  server_time=utc_now(), policies=policies))
