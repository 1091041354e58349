"""Typed settings of the central API, declared once with their defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class PasswordCost:
    """Argon2id cost. Defaults are argon2-cffi's RFC 9106 low-memory profile
    (t=3, m=64 MiB, p=4); tests pass a cheaper one to stay fast."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


@dataclass(frozen=True, slots=True)
class ServerSettings:
    database_url: str
    storage_dir: Path
    max_body_bytes: int = 8 * 1024 * 1024
    """Any request body above this is refused with 413 ``body_too_large``."""
    min_client_version: str = "0.1.0"
    """Floor for the ``X-Homevisit-Client`` header; the ``min_client_version`` policy, when
    set, takes precedence."""
    access_ttl: dt.timedelta = dt.timedelta(hours=1)
    refresh_ttl: dt.timedelta = dt.timedelta(days=30)
    login_max_failures: int = 5
    """Failed logins of one account, from any address, per window."""
    login_max_failures_per_address: int = 30
    """Failed logins from one address, to any account, per window."""
    login_window: dt.timedelta = dt.timedelta(minutes=15)
    login_concurrency: int = 2
    """Password checks (Argon2id, 64 MiB each) running at once in one process; more wait."""
    login_queue_seconds: float = 3.0
    """How long a login waits for a free check before it gets 503 with Retry-After."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or networks (``10.0.0.0/8``) of reverse proxies whose X-Forwarded-For is
    believed; from anyone else the header is ignored and the peer address counts."""
    secret_file: Path | None = None
    """The roster-matching secret (HMAC key); ``None``: ``homevisit-server.key`` beside the
    storage directory. Made by ``homevisit-server init`` when missing, never by ``run``."""
    upload_ttl: dt.timedelta = dt.timedelta(days=2)
    chunk_max_bytes: int = 4 * 1024 * 1024
    password_cost: PasswordCost = field(default_factory=PasswordCost)
    policy_cache_seconds: float = 10.0
    """How long the client-version middleware trusts its cached copy of the policy."""
    docs: bool = True
    """Serve ``/docs`` and ``/openapi.json`` (turn off in production: ``run --no-docs``)."""
    max_open_uploads: int = 8
    """Unfinished upload sessions one device may hold at once (429 ``too_many_uploads``)."""
    max_upload_bytes_in_flight: int = 512 * 1024 * 1024
    """Sum of the sizes of one device's unfinished uploads."""
    sweep_interval: dt.timedelta | None = dt.timedelta(minutes=10)
    """How often each server process removes expired uploads and collects blobs that no
    attachment names any more (None: never; ``homevisit-server sweep`` does it by hand)."""
    blob_grace: dt.timedelta = dt.timedelta(days=2)
    """An upload no attachment names is kept this long (the device pushes the attachment
    after uploading its bytes) before it is collected."""

    @property
    def roster_secret_path(self) -> Path:
        return self.secret_file or self.storage_dir.parent / "homevisit-server.key"
