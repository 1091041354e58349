"""Login (which registers the device), token refresh, and resolving a bearer token.

Tokens are opaque random strings; only their SHA-256 is stored, each bound to one device.
A revoked device's next request answers 401 ``device_revoked`` with ``wipe: true``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from homevisit.protocol.auth import LoginRequest, TokenResponse
from homevisit.protocol.vocabulary import Role
from homevisit.server.audit import audit
from homevisit.server.driver_sql import DriverStatement, render, run
from homevisit.server.errors import (
    AccountDisabled,
    BadCredentials,
    DeviceRevoked,
    TokenExpired,
    Unauthenticated,
)
from homevisit.server.models import Device, Team, Token, User, utc_now
from homevisit.server.principal import Principal
from homevisit.server.security import new_token, token_hash
from homevisit.server.settings import ServerSettings

ACCESS, REFRESH = "access", "refresh"
_SEEN_EVERY = dt.timedelta(minutes=5)  # last_seen_at is a hint; don't write it per request


def principal_of(user: User, device_id: str) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        team_id=user.team_id,
        team_name=user.team.name if user.team else None,
        region_code=user.region_code,
        desk_id=user.desk_id,
        device_id=device_id,
    )


def _issue(session: Session, settings: ServerSettings, device: Device) -> TokenResponse:
    """Replace the device's tokens with a fresh access + refresh pair."""
    session.execute(delete(Token).where(Token.device_id == device.id))
    now = utc_now()
    access, refresh = new_token(), new_token()
    session.add_all(
        [
            Token(token_hash=token_hash(access), device_id=device.id, kind=ACCESS,
                  created_at=now, expires_at=now + settings.access_ttl),
            Token(token_hash=token_hash(refresh), device_id=device.id, kind=REFRESH,
                  created_at=now, expires_at=now + settings.refresh_ttl),
        ]
    )
    return TokenResponse(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(settings.access_ttl.total_seconds()),
        refresh_expires_in=int(settings.refresh_ttl.total_seconds()),
        device_id=device.id,
        user=principal_of(device.user, device.id).info(),
    )


def register_device(session: Session, settings: ServerSettings, user_id: int,
                    request: LoginRequest, rehashed: str | None = None) -> TokenResponse:
    """After a right password (see :mod:`homevisit.server.login`): register the device, or
    re-bind ``request.device_id`` if this user registered it before, and issue tokens."""
    user = session.get(User, user_id)
    if user is None or user.disabled:  # disabled while the password was being checked
        raise BadCredentials()
    if rehashed is not None:
        user.password_hash = rehashed
    device = session.get(Device, request.device_id) if request.device_id else None
    if device is not None and device.user_id != user.id:
        device = None  # someone else's device id: register a new one instead
    if device is not None and device.revoked_at is not None:
        raise DeviceRevoked()
    if device is None:
        device = Device(id=str(uuid.uuid4()), user_id=user.id, name=request.device_name)
        device.user = user
        session.add(device)
        session.flush()
        audit(session, principal_of(user, device.id), "device.register", "device", device.id)
    device.last_seen_at = utc_now()
    return _issue(session, settings, device)


def refresh(session: Session, settings: ServerSettings, refresh_token: str) -> TokenResponse:
    """Rotate a refresh token: the old pair stops working, a new pair is returned.

    The token is consumed by a DELETE that is the transaction's first statement, so of
    several concurrent refreshes with one token exactly one deletes the row and wins; the
    others find nothing (401). (A read first would let SQLite's reader fail to upgrade and
    PostgreSQL's second writer rotate too.)"""
    consumed = session.execute(
        delete(Token)
        .where(Token.token_hash == token_hash(refresh_token), Token.kind == REFRESH)
        .returning(Token.device_id, Token.expires_at)
    ).first()
    if consumed is None:
        raise Unauthenticated()
    device_id, expires_at = consumed
    device = session.get(Device, device_id)
    if device is None:
        raise Unauthenticated()
    if device.revoked_at is not None:
        raise DeviceRevoked()  # rolled back with the request: the row stays for the wipe
    if device.user.disabled:
        raise AccountDisabled()
    if expires_at <= utc_now():
        raise TokenExpired()
    return _issue(session, settings, device)


def end_sessions(session: Session, user_id: int) -> int:
    """Revoke every access and refresh token of a user at once (password reset, disable):
    each device must log in again. Devices stay registered (and unrevoked)."""
    devices = select(Device.id).where(Device.user_id == user_id).scalar_subquery()
    done = session.execute(delete(Token).where(Token.device_id.in_(devices)))
    return cast("CursorResult[Any]", done).rowcount or 0  # a DELETE's result is a cursor


_WHO = (  # built once: constructing it and deriving its cache key cost every request
    select(Token.kind, Token.expires_at, Device.id, Device.revoked_at, Device.last_seen_at,
           User.id, User.username, User.display_name, User.role, User.team_id,
           User.region_code, User.desk_id, User.disabled, Team.name)
    .join(Device, Device.id == Token.device_id)
    .join(User, User.id == Device.user_id)
    .outerjoin(Team, Team.id == User.team_id)
    .where(Token.token_hash == bindparam("token_hash"))
)


@lru_cache(maxsize=4)
def _who(dialect: Dialect) -> DriverStatement:
    return render(_WHO, dialect)


def authenticate(session: Session, bearer: str) -> Principal:
    """The principal behind an access token, or the typed reason it is refused.

    One query (token, device, user, team joined): this runs on every request, and the
    ORM path (token row, then device, then its user, then the user's team) cost four round
    trips and four identity-map loads each time. Run on the driver's cursor (``driver_sql``:
    SQLAlchemy's execution of it was a third of the CPU it took)."""
    rows = run(session, _who(session.get_bind().dialect), {"token_hash": token_hash(bearer)})
    found = rows[0] if rows else None
    if found is None or found[0] != ACCESS:
        raise Unauthenticated()
    (_, expires_at, device_id, revoked_at, last_seen_at, user_id, username, display_name,
     role, team_id, region_code, desk_id, disabled, team_name) = found
    if revoked_at is not None:
        raise DeviceRevoked()
    if disabled:
        raise AccountDisabled()
    now = utc_now()
    if expires_at <= now:
        raise TokenExpired()
    if last_seen_at is None or now - last_seen_at > _SEEN_EVERY:
        session.execute(update(Device).where(Device.id == device_id).values(last_seen_at=now))
    return Principal(user_id=user_id, username=username, display_name=display_name,
                     role=Role(role), team_id=team_id, team_name=team_name,
                     region_code=region_code, desk_id=desk_id, device_id=device_id)


def logout(session: Session, principal: Principal) -> None:
    session.execute(delete(Token).where(Token.device_id == principal.device_id))


def revoke_device(session: Session, device_id: str, *, actor: Principal | str) -> Device | None:
    """Revoke a device: its tokens go, and its next contact gets the wipe instruction."""
    device = session.get(Device, device_id)
    if device is None:
        return None
    if device.revoked_at is None:
        device.revoked_at = utc_now()
        audit(session, actor, "device.revoke", "device", device.id)
    # Keep the token rows: the next request must be recognised as this device to get the
    # wipe instruction (an unknown token only gets "log in").
    return device
