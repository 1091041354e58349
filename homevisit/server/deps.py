"""FastAPI dependencies: the database session, the caller, role checks, app services."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from homevisit.protocol.auth import Role
from homevisit.server.auth import authenticate
from homevisit.server.changes import holds_change_lock
from homevisit.server.errors import Forbidden, Unauthenticated
from homevisit.server.principal import Principal
from homevisit.server.services import Services

log = logging.getLogger("homevisit.server")


async def get_services(request: Request) -> Services:
    # async: no I/O, so no threadpool hop (each hop queues behind every waiting request)
    return request.app.state.services


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns (before the answer
    is sent, so a 2xx means the write is durable), rolled back on any error.

    A handler that wrote the change log must call ``session.commit()`` itself before it
    returns: FastAPI validates a sync handler's response on a threadpool thread *before*
    this exit runs, so a transaction still holding the change-log lock there waits for a
    thread that every other writer (blocked on that lock) holds — a deadlock under load.
    """
    session = request.app.state.services.sessions()
    try:
        yield session
        if holds_change_lock(session):
            log.error("a handler returned holding the change-log lock; commit in the handler")
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": exit (commit) runs right after the handler, before the response goes out.
DbSession = Annotated[Session, Depends(get_session, scope="function")]
ServicesDep = Annotated[Services, Depends(get_services)]

_bearer = HTTPBearer(auto_error=False, description="Opaque access token from /auth/login.")


def get_principal(
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The authenticated caller; 401 without a valid access token (``device_revoked`` with
    ``wipe: true`` for a revoked device)."""
    if credentials is None or not credentials.credentials:
        raise Unauthenticated()
    principal = authenticate(session, credentials.credentials)
    # End this read (keeping a last_seen_at update) so the connection goes back to the pool:
    # the handler runs after another threadpool hop, and under load a request waiting for
    # a thread must not sit on a connection others need (seen with 500 devices).
    session.commit()
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency admitting only the given roles (403 ``forbidden`` otherwise)."""
    allowed = frozenset(roles)

    async def check(principal: CurrentPrincipal) -> Principal:  # no I/O: no threadpool hop
        if principal.role not in allowed:
            raise Forbidden()
        return principal

    check.__name__ = "require_" + "_".join(sorted(r.value for r in allowed))
    return check


AdminPrincipal = Annotated[Principal, Depends(require(Role.ADMIN))]
SupervisorPrincipal = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN))]
DevicePrincipal = Annotated[
    Principal, Depends(require(Role.COUNSELOR, Role.VOLUNTEER, Role.SUPERVISOR, Role.ADMIN))
]
