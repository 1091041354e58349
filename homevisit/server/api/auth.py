"""Login (registers the device), refresh, logout, and who-am-I."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from homevisit.protocol import API_PREFIX
from homevisit.protocol.auth import LoginRequest, MeResponse, RefreshRequest, TokenResponse
from homevisit.server import auth
from homevisit.server.deps import CurrentPrincipal, DbSession, ServicesDep
from homevisit.server.models import utcnow

router = APIRouter(prefix=API_PREFIX, tags=["auth"])


@router.get("/health", tags=["health"])
def health() -> dict[str, str]:
    """Liveness, without auth. The protocol header is on this answer too."""
    return {"status": "ok"}


@router.post("/auth/login", response_model=TokenResponse)
def login(body: LoginRequest, request: Request, session: DbSession, services: ServicesDep):
    """Check the password (rate-limited per user and IP: 429 ``too_many_attempts``) and
    register this device, or re-bind ``device_id`` registered before by the same user."""
    ip = request.client.host if request.client else "?"
    return auth.login(
        session, services.settings, services.passwords, services.limiter, body, ip
    )


@router.post("/auth/refresh", response_model=TokenResponse)
def refresh(body: RefreshRequest, session: DbSession, services: ServicesDep):
    """Rotate the refresh token; the old pair stops working."""
    return auth.refresh(session, services.settings, body.refresh_token)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: CurrentPrincipal, session: DbSession) -> None:
    auth.logout(session, principal)


@router.get("/me", response_model=MeResponse)
def me(principal: CurrentPrincipal):
    return MeResponse(user=principal.info(), device_id=principal.device_id, server_time=utcnow())
