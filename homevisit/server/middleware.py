"""ASGI middleware: the protocol header on every response (even crashes), the request body
limit, and the minimum client version."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import anyio
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from homevisit.i18n import Text
from homevisit.protocol import API_PREFIX, CLIENT_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION
from homevisit.protocol.errors import ErrorCode
from homevisit.server.errors import ApiError, BodyTooLarge, ClientTooOld, ClientVersionMissing

log = logging.getLogger("homevisit.server")

DEVICE_PATHS = (f"{API_PREFIX}/sync", f"{API_PREFIX}/attachments", f"{API_PREFIX}/device")
"""Paths only the desktop client calls: they must say their client version."""

_INTERNAL = Text("服务器内部错误，请稍后重试。", "Internal server error; try again later.")


def language_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            return "en" if value.decode("latin-1").strip().lower().startswith("en") else "zh"
    return "zh"


async def send_error(scope: Scope, send: Send, err: ApiError) -> None:
    message = err.text.in_language(language_of(scope))
    body: dict[str, Any] = {"code": str(err.code), "message": message}
    if err.wipe:
        body["wipe"] = True
    await _send_json(send, err.status, {"error": body})


async def _send_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    raw = json.dumps(payload, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(raw)).encode())]})
    await send({"type": "http.response.body", "body": raw})


class ProtocolHeaderMiddleware:
    """Outermost: adds the protocol header to every response and turns an unhandled crash
    into a 500 error body here, so even that answer carries the header. The log line has
    the exception type and path only: messages may hold personal data."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_header(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[PROTOCOL_HEADER] = PROTOCOL_VERSION
            await send(message)

        try:
            await self.app(scope, receive, send_with_header)
        except Exception as exc:
            log.error("unhandled %s on %s %s", type(exc).__name__, scope["method"], scope["path"])
            if not started:
                await _send_json(
                    send_with_header,
                    500,
                    {"error": {"code": ErrorCode.INTERNAL.value,
                               "message": _INTERNAL.in_language(language_of(scope))}},
                )


class BodyTooLargeHTTP(HTTPException):
    """Raised from inside ``receive`` so FastAPI passes it through its body parsing as is."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413)
        self.limit = limit


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.limit + 1
                if declared > self.limit:
                    await send_error(scope, send, BodyTooLarge(limit=self.limit))
                    return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLargeHTTP(self.limit)
            return message

        await self.app(scope, counting_receive, send)


def parse_version(raw: str) -> tuple[int, ...]:
    """``0.10.2rc1`` → (0, 10, 2): leading digits of each dot part; garbage → (0,)."""
    parts: list[int] = []
    for piece in raw.strip().split(".")[:4]:
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts) or (0,)


class ClientVersionMiddleware:
    """Refuses clients below the minimum version (426). The minimum comes from the
    ``min_client_version`` policy, cached for a few seconds, else from the settings.

    One load at a time: requests that find the cache stale wait for the load under way
    and take its answer (it began after they arrived, so it is fresh enough for them).
    Before, every such request loaded it itself, each on a connection of its own: a
    restarted server facing 500 devices opened PostgreSQL connections by the hundred
    for the same row, outside the pool's limit (see ``deps._db_limiter``)."""

    def __init__(self, app: ASGIApp, minimum: Callable[[], str], cache_seconds: float) -> None:
        self.app = app
        self._load_minimum = minimum
        self._cache_seconds = cache_seconds
        self._cached: tuple[float, str] | None = None  # (when its load began, minimum)
        self._locks: dict[int, asyncio.Lock] = {}  # one per event loop

    def _fresh_for(self, arrived: float) -> bool:
        return self._cached is not None and self._cached[0] >= arrived - self._cache_seconds

    async def minimum(self) -> str:
        arrived = time.monotonic()
        if not self._fresh_for(arrived):
            lock = self._locks.setdefault(id(asyncio.get_running_loop()), asyncio.Lock())
            async with lock:
                if not self._fresh_for(arrived):  # else loaded meanwhile: take that
                    began = time.monotonic()
                    self._cached = (began, await anyio.to_thread.run_sync(self._load_minimum))
        assert self._cached is not None
        return self._cached[1]

    def forget(self) -> None:
        self._cached = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = CLIENT_VERSION_HEADER.lower().encode()
        version = next(
            (v.decode("latin-1") for n, v in scope.get("headers", []) if n == header), None
        )
        if version is None:
            if scope["path"].startswith(DEVICE_PATHS):
                await send_error(scope, send, ClientVersionMissing())
                return
        else:
            minimum = await self.minimum()
            if parse_version(version) < parse_version(minimum):
                await send_error(scope, send, ClientTooOld(minimum=minimum))
                return
        await self.app(scope, receive, send)
