"""Login under attack (DESIGN §4): who is asking, how many may guess, and how many password
checks run at once.

- The caller's address is the TCP peer; ``X-Forwarded-For`` is believed only when the peer
  is one of ``settings.trusted_proxies`` (then the nearest address not itself a proxy).
- Every attempt is counted in the database before its password is checked
  (:mod:`homevisit.server.ratelimit`): over the limit answers 429 without an Argon2 check.
- Argon2id takes 64 MiB and most of a core per check: a per-process gate lets
  ``login_concurrency`` run at once; the rest wait on the event loop (holding no thread and
  no connection) up to ``login_queue_seconds``, then get 503 ``server_busy`` + Retry-After.
- A disabled account answers exactly like a wrong password (same check, same count, 401).
"""

from __future__ import annotations

import ipaddress
import random

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.protocol.auth import LoginRequest, TokenResponse
from homevisit.server import auth
from homevisit.server.deps import in_transaction
from homevisit.server.errors import BadCredentials, TooManyAttempts
from homevisit.server.models import User
from homevisit.server.security import Passwords
from homevisit.server.services import Services

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
PRUNE_EVERY = 1 / 200
"""Share of logins that also sweep the failed-login counters whose window has ended."""


def proxy_networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in trusted)


def client_address(request: Request, proxies: tuple[Network, ...]) -> str:
    """The address a login is counted against (see the module docstring)."""
    peer = request.client.host if request.client else ""
    if not proxies or not _within(peer, proxies):
        return peer or "?"
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _within(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a proxy passed on garbage: count the proxy, not the garbage
    return peer


def _within(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def _stored(session: Session, username: str) -> tuple[int, str, bool] | None:
    row = session.execute(
        select(User.id, User.password_hash, User.disabled).where(User.username == username)
    ).first()
    return None if row is None else (row[0], row[1], row[2])


def _check(passwords: Passwords, stored: tuple[int, str, bool] | None, password: str
           ) -> tuple[bool, str | None]:
    """(right password of an enabled account, a rehash of it when the cost changed)."""
    ok = passwords.verify(stored[1] if stored else None, password)
    if not ok or stored is None or stored[2]:
        return False, None
    return True, passwords.hash(password) if passwords.needs_rehash(stored[1]) else None


async def login(request: Request, services: Services, body: LoginRequest) -> TokenResponse:
    """Count the attempt, check the password behind the gate, then register the device
    (or re-bind ``body.device_id``); three short steps, no connection held while waiting."""
    settings = services.settings
    address = client_address(request, services.proxies)

    def admit(session: Session) -> tuple[int, tuple[int, str, bool] | None]:
        return services.limits.admit(session, body.username, address), _stored(
            session, body.username)

    wait, stored = await in_transaction(request, admit)
    if random.random() < PRUNE_EVERY:  # noqa: S311 - when to sweep, not a secret
        await in_transaction(request, services.limits.prune)  # no host need run a schedule
    if wait:
        err = TooManyAttempts(seconds=wait)
        err.retry_after = wait
        raise err
    ok, rehashed = await services.verifications.run(
        lambda: _check(services.passwords, stored, body.password))
    if not ok or stored is None:
        raise BadCredentials()
    user_id = stored[0]

    def finish(session: Session) -> TokenResponse:
        services.limits.succeeded(session, body.username, address)
        return auth.register_device(session, settings, user_id, body, rehashed)

    return await in_transaction(request, finish)
