"""FastAPI dependencies: the database session, the caller, role checks, app services."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from homevisit.protocol.vocabulary import Role
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

T = TypeVar("T")


async def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The raw bearer token (401 without one); checked by :func:`as_device`."""
    if credentials is None or not credentials.credentials:
        raise Unauthenticated()
    return credentials.credentials


BearerToken = Annotated[str, Depends(bearer_token)]


def _db_limiter(request: Request) -> CapacityLimiter:
    """Worker threads allowed to run database work at once: the pool's size, its overflow
    left out. More threads would only queue on the pool (and time out there), or take
    overflow connections, which the pool closes again on return: under 500 devices a
    backlog then opened and closed PostgreSQL connections by the hundred, which made the
    backlog longer (a start-up's first seconds turned into 20 s of 2-4 s answers). Waiters
    sit on the event loop, holding neither a thread nor a connection. One limiter per app
    and event loop."""
    limiters: dict[int, CapacityLimiter] = request.app.__dict__.setdefault("_db_limiters", {})
    loop = id(asyncio.get_running_loop())
    if loop not in limiters:
        pool = request.app.state.services.engine.pool
        size = getattr(pool, "size", lambda: 5)()
        limiters[loop] = CapacityLimiter(max(1, min(size, 40)))
    return limiters[loop]


_EACH_STATEMENT = {"isolation_level": "AUTOCOMMIT"}


async def in_transaction(request: Request, work: Callable[[Session], T], *,
                         reads: bool = False) -> T:
    """Run ``work(session)`` in one transaction, committed before returning (rolled back on
    any error), in ONE worker-thread hop behind the pool-sized limiter.

    ``reads``: ``work`` only reads, in one statement or in statements that need no common
    snapshot (under READ COMMITTED each statement has its own anyway), so on PostgreSQL
    each statement runs on its own: no BEGIN and no COMMIT, two of the four round trips of
    an empty pull. The device's last-seen time that authentication may write is a single
    statement too. Not on SQLite: its driver begins no transaction for a read anyway, and
    putting the isolation level back (a PRAGMA) expired every prepared statement of the
    connection: the pull's was prepared again each time, 2.3 ms."""
    sessions = request.app.state.services.sessions
    each_statement = reads and request.app.state.services.engine.dialect.name == "postgresql"

    def run() -> T:
        with sessions() as session:
            try:
                if each_statement:
                    session.connection(execution_options=_EACH_STATEMENT)
                result = work(session)
                session.commit()
                return result
            except BaseException:
                session.rollback()
                raise

    return await anyio.to_thread.run_sync(run, limiter=_db_limiter(request))


async def as_device(request: Request, token: str, work: Callable[[Session, Principal], T], *,
                    reads: bool = False) -> T:
    """Authenticate ``token`` as any device role and run ``work`` in the same session and
    transaction, committed before returning — all in ONE worker-thread hop.

    The hot sync endpoints use this instead of ``DbSession`` + ``DevicePrincipal``, which
    cost four threadpool hops per request (session enter, principal, handler, session exit)
    and two transactions; under 500 devices those hops and pool waits dominated."""
    return await in_transaction(
        request, lambda session: work(session, authenticate(session, token)), reads=reads)


def require(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
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
