"""``create_app(settings)``: the central API (DESIGN §2, §4, §5)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI

from homevisit.protocol import PROTOCOL_VERSION
from homevisit.protocol.errors import ErrorBody
from homevisit.runtime import tune_gc
from homevisit.server import handlers, openapi_links, roster_key, sweeper
from homevisit.server.api import ROUTERS
from homevisit.server.db import make_engine
from homevisit.server.login import proxy_networks
from homevisit.server.middleware import (
    BodyLimitMiddleware,
    ClientVersionMiddleware,
    ProtocolHeaderMiddleware,
)
from homevisit.server.models import Policy
from homevisit.server.ratelimit import LoginLimits
from homevisit.server.security import Passwords, VerificationGate
from homevisit.server.services import Services
from homevisit.server.settings import ServerSettings
from homevisit.server.storage import FileStorage

_ERROR = {"model": ErrorBody}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {**_ERROR, "description": "Malformed request (code malformed_json, …)"},
    401: {**_ERROR, "description": "Not logged in, token expired, or device revoked (wipe)"},
    403: {**_ERROR, "description": "Role or scope does not allow this"},
    404: {**_ERROR, "description": "Not found or outside the caller's scope"},
    409: {**_ERROR, "description": "Conflict"},
    413: {**_ERROR, "description": "Body larger than the configured limit"},
    422: {**_ERROR, "description": "Invalid fields (code invalid_request, details)"},
    426: {**_ERROR, "description": "Client version missing or below the minimum"},
    429: {**_ERROR, "description": "Too many attempts (retry_after)"},
    503: {**_ERROR, "description": "Overloaded (server_busy, Retry-After): back off, retry"},
}


def build_services(settings: ServerSettings, pool_size: int | None = None) -> Services:
    """The shared objects of one server process; ``pool_size`` connections (and as many
    again in overflow) on PostgreSQL, else the engine's default."""
    sized = {} if pool_size is None or settings.database_url.startswith("sqlite") else \
        {"pool_size": pool_size, "max_overflow": pool_size}
    engine = make_engine(settings.database_url, **sized)
    try:  # refuses another key; on the first start, rehashes stored rosters
        sessions, key = roster_key.keyed_sessions(engine, settings.roster_secret_path)
    except BaseException:
        engine.dispose()
        raise
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        passwords=Passwords(settings.password_cost),
        limits=LoginLimits(settings.login_max_failures,
                           settings.login_max_failures_per_address, settings.login_window),
        verifications=VerificationGate(settings.login_concurrency,
                                       settings.login_queue_seconds),
        proxies=proxy_networks(settings.trusted_proxies),
        storage=FileStorage(settings.storage_dir),
        roster_key=key,
    )


def _lifespan(services: Services, interval: float | None):
    """Runs the storage sweep (``server.sweeper``) for as long as the app serves."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(sweeper.run_forever(services, interval)) \
            if interval else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    return lifespan


def create_app(settings: ServerSettings, services: Services | None = None) -> FastAPI:
    """The API over an existing database (made by ``homevisit-server init``)."""
    tune_gc()  # a server process: nothing per request that can be done at start-up
    services = services or build_services(settings)
    interval = settings.sweep_interval.total_seconds() if settings.sweep_interval else None
    app = FastAPI(
        title="Homevisit central API",
        version=PROTOCOL_VERSION,
        description="Reference server that Homevisit (家访通) devices sync with.",
        responses=ERROR_RESPONSES,
        docs_url="/docs" if settings.docs else None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs else None,
        lifespan=_lifespan(services, interval),
        # No OpenTelemetry here: FastAPI's native telemetry otherwise asks the global
        # providers whether they are configured on every request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.services = services
    handlers.install(app)
    for router in ROUTERS:
        app.include_router(router)
    openapi_links.install(app)

    def minimum_client_version() -> str:
        with services.sessions() as session:
            row = session.get(Policy, "min_client_version")
            return str(row.value) if row is not None else settings.min_client_version

    # add_middleware wraps: the last added is the outermost.
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(
        ClientVersionMiddleware,
        minimum=minimum_client_version,
        cache_seconds=settings.policy_cache_seconds,
    )
    app.add_middleware(ProtocolHeaderMiddleware)
    return app

