"""``homevisit-server run``: the API under uvicorn, in one process or several workers.

Several workers (``--workers N``, one per core) because one Python process serves requests
on one core at a time (the GIL); each worker opens its own pool of ``--pool-size``
connections (plus as many again in overflow), so N × 2 × pool size must stay under
PostgreSQL's ``max_connections`` (100 by default). Workers are separate processes, so the
settings reach them through an environment variable, and uvicorn imports the app factory.

TCP_NODELAY: asyncio and uvloop set it on every accepted connection, so small answers are
not held back by Nagle's algorithm waiting on the client's delayed ACK (~40 ms each).
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from homevisit.server.settings import ServerSettings

_ENV = "HOMEVISIT_SERVER_RUN"
DEFAULT_POOL_SIZE = 10


def _encode(settings: ServerSettings, pool_size: int) -> str:
    return json.dumps({"database_url": settings.database_url,
                       "storage_dir": str(settings.storage_dir),
                       "secret_file": str(settings.roster_secret_path),
                       "max_body_bytes": settings.max_body_bytes,
                       "min_client_version": settings.min_client_version,
                       "docs": settings.docs,
                       "trusted_proxies": list(settings.trusted_proxies),
                       "login_concurrency": settings.login_concurrency,
                       "pool_size": pool_size})


def app_from_environment() -> FastAPI:
    """uvicorn's ``--factory`` entry in each worker: the app from ``run``'s settings."""
    from homevisit.server.app import build_services, create_app
    from homevisit.server.db import open_pool

    raw: dict[str, Any] = json.loads(os.environ[_ENV])
    pool_size = int(raw.pop("pool_size"))
    raw["storage_dir"] = Path(raw["storage_dir"])
    raw["secret_file"] = Path(raw["secret_file"])
    raw["trusted_proxies"] = tuple(raw["trusted_proxies"])
    settings = ServerSettings(**raw)
    services = build_services(settings, pool_size=pool_size)
    app = create_app(settings, services)
    open_pool(services.engine)
    settle_heap()
    return app


def settle_heap() -> None:
    """Leave what start-up made (modules, mappers, schemas, the app: objects that live as
    long as the worker) out of the collector's passes from now on. With the thresholds of
    ``homevisit.runtime`` the first pass over the older generation came about 500,000
    allocations after start, a few pushes in, and walked all of them: 143 ms, a push's
    worth of time, during the first minute of serving."""
    gc.collect()
    gc.freeze()


def run(settings: ServerSettings, *, host: str, port: int, workers: int = 1,
        pool_size: int = DEFAULT_POOL_SIZE) -> None:
    """Serve until interrupted; ``workers`` > 1 forks that many uvicorn worker processes."""
    import uvicorn

    os.environ[_ENV] = _encode(settings, pool_size)
    # proxy_headers=False: uvicorn would otherwise take X-Forwarded-For from any local peer;
    # the app believes it only from ``settings.trusted_proxies`` (homevisit.server.login).
    uvicorn.run("homevisit.server.serve:app_from_environment", factory=True, host=host,
                port=port, workers=max(1, workers), access_log=False, backlog=2048,
                proxy_headers=False)
