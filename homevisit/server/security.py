"""Password hashing (Argon2id) and opaque tokens (random, stored as SHA-256)."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from homevisit.server.errors import ServerBusy
from homevisit.server.settings import PasswordCost

T = TypeVar("T")


class Passwords:
    """Argon2id hashing with the configured cost."""

    def __init__(self, cost: PasswordCost) -> None:
        self._hasher = PasswordHasher(
            time_cost=cost.time_cost,
            memory_cost=cost.memory_kib,
            parallelism=cost.parallelism,
            type=Type.ID,
        )
        # Verified against when the user does not exist, so timing does not reveal that.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._dummy, password) and bool(
                stored_hash
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        return self._hasher.check_needs_rehash(stored_hash)


class VerificationGate:
    """At most ``size`` password checks at once in this process (one limiter per event
    loop: a uvicorn worker has one)."""

    def __init__(self, size: int, wait_seconds: float) -> None:
        self.size, self.wait_seconds = max(1, size), wait_seconds
        self._limiters: dict[int, anyio.CapacityLimiter] = {}

    def _limiter(self) -> anyio.CapacityLimiter:
        loop = id(asyncio.get_running_loop())
        if loop not in self._limiters:
            self._limiters[loop] = anyio.CapacityLimiter(self.size)
        return self._limiters[loop]

    async def run(self, check: Callable[[], T]) -> T:
        limiter = self._limiter()
        with anyio.move_on_after(self.wait_seconds) as waited:
            await limiter.acquire()
        if waited.cancelled_caught:
            raise ServerBusy()
        try:
            return await anyio.to_thread.run_sync(check)
        finally:
            limiter.release()


def new_token() -> str:
    """An opaque bearer token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
