"""The one HTTP client of a sync (DESIGN §5): keep-alive, timeouts on every call, backoff
with full jitter, and suspicion of everything the network says.

- ``verify`` is always on (optionally against a pinned CA alone: ``sync enrol --ca``);
  ``trust_env=False`` so no proxy or CA bundle from the environment applies; redirects are
  never followed.
- Every answer must carry the protocol header, else it is not our server (captive portal).
- Bodies are read with a size limit and validated with the protocol's pydantic models.
- Network errors, 5xx and 429 are retried (``Retry-After`` honoured); 401/403/409/412/422
  are not. A 401 gets one token refresh; a revoked device raises :class:`DeviceRevoked`.
- A whole call, retries and their waits included, ends by its deadline (``call_deadline``
  seconds), however slowly the server drips its answer; :meth:`Transport.interrupt` (any
  thread) cancels and cuts a request in flight (:mod:`homevisit.sync.connections`).
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pydantic

from homevisit import __version__
from homevisit.protocol import API_PREFIX, CLIENT_VERSION_HEADER, PROTOCOL_HEADER
from homevisit.protocol.auth import RefreshRequest, TokenResponse
from homevisit.protocol.errors import ErrorBody, ErrorCode
from homevisit.sync.backoff import RetryPolicy
from homevisit.sync.connections import ConnectionGuard, GuardedTransport
from homevisit.sync.errors import (
    AuthFailed,
    BadCaFile,
    BadCredentials,
    BadServerResponse,
    ClientTooOld,
    DeviceRevoked,
    NetworkUnavailable,
    NotOurServer,
    RedirectRefused,
    ResponseTooLarge,
    ServerBusy,
    ServerRefused,
    ServerTooSlow,
    SyncCancelled,
    UntrustedServer,
)

M = TypeVar("M", bound=pydantic.BaseModel)

MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""A pull page of 1,000 records is a few MB; anything far larger is not an honest answer."""

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
CALL_DEADLINE = 90.0
"""Seconds one call may take in all: a pull page or a 4 MiB chunk over a slow rural link
fits; a server dripping its answer does not hold a sync (or the GUI's cancel) hostage."""
DOWNLOAD_DEADLINE = 600.0
"""An attachment download is streamed and may be tens of MB."""
_NO_RETRY = {401, 403, 409, 412, 422}


@dataclass
class Tokens:
    access: str
    refresh: str

    def pack(self) -> str:
        """One string for ``SyncState.device_token`` (inside the encrypted store only)."""
        return f"{self.access} {self.refresh}"

    @classmethod
    def unpack(cls, packed: str) -> Tokens:
        access, _, refresh = packed.partition(" ")
        return cls(access, refresh)


class Transport:
    """HTTP to one Homevisit server. Not thread-safe: used by the one sync thread."""

    def __init__(
        self,
        server_url: str,
        *,
        tokens: Tokens | None = None,
        on_tokens: Callable[[Tokens], None] | None = None,
        ca_file: Path | None = None,
        ca_pem: str | None = None,
        retry: RetryPolicy | None = None,
        cancel: threading.Event | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        call_deadline: float = CALL_DEADLINE,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        verify: ssl.SSLContext | bool = True
        if ca_file is not None:
            ca_pem = read_ca_file(ca_file)
        if ca_pem is not None:
            verify = pinned_context(ca_pem)
        self.server_url = server_url.rstrip("/")
        self.tokens = tokens
        self._on_tokens = on_tokens
        self.retry = retry or RetryPolicy()
        self.cancel = cancel or threading.Event()
        self.call_deadline = call_deadline
        self.max_response_bytes = max_response_bytes
        self.bytes_sent = 0
        self._guard = ConnectionGuard(self.cancel)
        # TCP_NODELAY: a request's head and body go out as separate writes; with Nagle on,
        # the body waits for the server's delayed ACK (~40 ms a request on Linux).
        connection = GuardedTransport(
            self._guard,
            verify=verify,
            limits=httpx.Limits(max_keepalive_connections=2, max_connections=4),
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        )
        self.client = httpx.Client(
            base_url=self.server_url + API_PREFIX,
            transport=connection,
            trust_env=False,
            follow_redirects=False,
            timeout=timeout,
            headers={CLIENT_VERSION_HEADER: __version__, "Accept": "application/json"},
        )

    def close(self) -> None:
        self.client.close()

    def interrupt(self) -> None:
        """Cancel from any thread: the call in progress raises :class:`SyncCancelled` now,
        even in the middle of a request (its connection is shut down)."""
        self.cancel.set()
        self._guard.interrupt()

    @contextmanager
    def _deadline(self, seconds: float) -> Iterator[float]:
        """Bound the network work inside to ``seconds`` from now (a nested call — the token
        refresh inside a call — keeps the outer, earlier deadline)."""
        outer = self._guard.deadline
        deadline = time.monotonic() + seconds
        self._guard.deadline = deadline if outer is None else min(outer, deadline)
        try:
            yield self._guard.deadline
        finally:
            self._guard.deadline = outer

    def _failed(self, exc: httpx.TransportError, deadline: float, seconds: float) -> Exception:
        """What a transport error means: cancelled, the deadline passed, a certificate that
        did not verify, or no network."""
        if self.cancel.is_set():
            return SyncCancelled()
        if _caused_by(exc, ssl.SSLCertVerificationError):
            return UntrustedServer()
        if time.monotonic() >= deadline:
            return ServerTooSlow(seconds=int(seconds))
        return NetworkUnavailable()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the one entry point -------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        model: type[M] | None,
        *,
        json_body: Any = None,
        content: bytes | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
        retry: bool = True,
        on_sent: Callable[[], None] | None = None,
    ) -> M | None:
        """Send one request (retrying as the module says) and return the validated body
        (``None`` when ``model`` is None, e.g. for 204); all of it within ``call_deadline``.
        ``on_sent`` is called on this thread each time the request has been written out,
        before its answer is awaited."""
        with self._deadline(self.call_deadline) as deadline:
            return self._call(method, path, model, json_body, content, params, headers, auth,
                              retry, deadline, on_sent)

    def _call(self, method: str, path: str, model: type[M] | None, json_body: Any,
              content: bytes | None, params: dict[str, Any] | None,
              headers: dict[str, str] | None, auth: bool, retry: bool, deadline: float,
              on_sent: Callable[[], None] | None) -> M | None:
        attempt = 0
        refreshed = False
        while True:
            self._check_cancelled()
            try:
                response = self._send(method, path, json_body, content, params, headers, auth,
                                      on_sent)
            except httpx.TransportError as exc:
                failure = self._failed(exc, deadline, self.call_deadline)
                if (not retry or attempt + 1 >= self.retry.max_attempts
                        or not isinstance(failure, NetworkUnavailable)):
                    raise failure from exc
                self._sleep(self.retry.delay(attempt), deadline, failure)
                attempt += 1
                continue
            status, head, body = response
            if status == 401 and auth and not refreshed and self._is_refreshable(body):
                refreshed = True
                self.refresh()
                continue
            if (status >= 500 or status == 429) and retry and status not in _NO_RETRY:
                busy = ServerBusy(status=status)
                if attempt + 1 >= self.retry.max_attempts:
                    raise busy
                self._sleep(self.retry.delay(attempt, _retry_after(head, body)), deadline,
                            busy)
                attempt += 1
                continue
            if status >= 300:
                raise self._error(status, body)
            return None if model is None else self._validate(model, head, body)

    def refresh(self) -> None:
        """Trade the refresh token for a new pair (once per call, see :meth:`call`)."""
        if self.tokens is None:
            raise AuthFailed()
        reply = self.call("POST", "/auth/refresh", TokenResponse, auth=False,
                          json_body=RefreshRequest(refresh_token=self.tokens.refresh)
                          .model_dump())
        assert reply is not None
        self.tokens = Tokens(reply.access_token, reply.refresh_token)
        if self._on_tokens is not None:
            self._on_tokens(self.tokens)

    @contextmanager
    def download(self, path: str, max_bytes: int) -> Iterator[Iterator[bytes]]:
        """Stream a binary answer (an attachment) with the same checks as :meth:`call`:
        no redirect, the protocol header, a 200, and at most ``max_bytes``."""
        self._check_cancelled()
        headers = {"Accept": "*/*"}
        if self.tokens is not None:
            headers["Authorization"] = f"Bearer {self.tokens.access}"
        with self._deadline(DOWNLOAD_DEADLINE) as deadline:
            try:
                with self.client.stream("GET", path, headers=headers) as response:
                    if 300 <= response.status_code < 400:
                        raise RedirectRefused()
                    if response.headers.get(PROTOCOL_HEADER) is None:
                        raise NotOurServer()
                    if response.status_code != 200:
                        raise self._error(response.status_code, self._read_limited(response))
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise ResponseTooLarge(limit=max_bytes)
                    yield self._limited(response.iter_bytes(), max_bytes)
            except httpx.TransportError as exc:
                raise self._failed(exc, deadline, DOWNLOAD_DEADLINE) from exc

    def _limited(self, parts: Iterator[bytes], max_bytes: int) -> Iterator[bytes]:
        total = 0
        for part in parts:
            total += len(part)
            if total > max_bytes:
                raise ResponseTooLarge(limit=max_bytes)
            yield part

    # --- pieces ----------------------------------------------------------------------------

    def _send(self, method: str, path: str, json_body: Any, content: bytes | None,
              params: dict[str, Any] | None, headers: dict[str, str] | None,
              auth: bool, on_sent: Callable[[], None] | None = None
              ) -> tuple[int, httpx.Headers, bytes]:
        sent_headers = dict(headers or {})
        if auth and self.tokens is not None:
            sent_headers["Authorization"] = f"Bearer {self.tokens.access}"
        if json_body is not None:
            content = json.dumps(json_body, separators=(",", ":"), ensure_ascii=False).encode()
            sent_headers["Content-Type"] = "application/json"
        # httpcore's trace hook names the moment the request is written out.
        extensions = {"trace": _after_sending(on_sent)} if on_sent is not None else None
        with self.client.stream(method, path, content=content, params=params,
                                headers=sent_headers, extensions=extensions) as response:
            if 300 <= response.status_code < 400:
                raise RedirectRefused()
            if response.headers.get(PROTOCOL_HEADER) is None:
                raise NotOurServer()
            body = self._read_limited(response)
        if content:
            self.bytes_sent += len(content)
        return response.status_code, response.headers, body

    def _read_limited(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_response_bytes:
            raise ResponseTooLarge(limit=self.max_response_bytes)
        parts: list[bytes] = []
        total = 0
        for part in response.iter_bytes():
            total += len(part)
            if total > self.max_response_bytes:
                raise ResponseTooLarge(limit=self.max_response_bytes)
            parts.append(part)
        return b"".join(parts)

    def _validate(self, model: type[M], head: httpx.Headers, body: bytes) -> M:
        if head.get("content-type", "").split(";")[0].strip() != "application/json":
            raise BadServerResponse(what="content-type")
        try:
            return model.model_validate_json(body)
        except pydantic.ValidationError:
            # Field paths could be shown, values never: they may hold personal data.
            raise BadServerResponse(what="schema") from None

    def _is_refreshable(self, body: bytes) -> bool:
        info = _error_info(body)
        if info is not None and (info.wipe or info.code == ErrorCode.DEVICE_REVOKED):
            return False
        return self.tokens is not None and bool(self.tokens.refresh)

    def _error(self, status: int, body: bytes) -> Exception:
        info = _error_info(body)
        code = info.code if info is not None else ""
        if info is not None and (info.wipe or code == ErrorCode.DEVICE_REVOKED):
            return DeviceRevoked()
        if status == 401:
            if code in (ErrorCode.BAD_CREDENTIALS, ErrorCode.ACCOUNT_DISABLED):
                return BadCredentials()
            return AuthFailed()
        if status == 426:
            # The 426 body names the minimum only in its sentence; better no number than a
            # number parsed out of prose.
            return ClientTooOld()
        return ServerRefused(status, code)

    def _sleep(self, seconds: float, deadline: float, instead: Exception) -> None:
        """Back off before a retry; ``instead`` is raised when the wait would outlast the
        call's deadline."""
        if time.monotonic() + seconds >= deadline:
            raise instead
        if self.cancel.wait(seconds):
            raise SyncCancelled()

    def _check_cancelled(self) -> None:
        if self.cancel.is_set():
            raise SyncCancelled()


def _after_sending(on_sent: Callable[[], None]) -> Callable[[str, dict[str, Any]], None]:
    def trace(event: str, _info: dict[str, Any]) -> None:
        if event.endswith(".send_request_body.complete"):  # http11. or http2.
            on_sent()

    return trace


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):  # httpx wraps httpcore's error, which wraps the ssl one
        if seen is None:
            return False
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def read_ca_file(path: Path) -> str:
    """The PEM text of a CA file, checked to hold a certificate (:class:`BadCaFile`)."""
    try:
        pem = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        raise BadCaFile() from None
    pinned_context(pem)
    return pem


@lru_cache(maxsize=8)
def pinned_context(pem: str) -> ssl.SSLContext:
    """TLS that trusts this CA alone (no system roots), hostname checked as usual. Made
    once per CA and process (every sync run makes a transport; a context is shared
    safely by its connections)."""
    try:
        return ssl.create_default_context(cadata=pem)
    except (ssl.SSLError, ValueError):
        raise BadCaFile() from None


def _error_info(body: bytes) -> Any:
    try:
        return ErrorBody.model_validate_json(body).error
    except (pydantic.ValidationError, ValueError):
        return None


def _retry_after(head: httpx.Headers, body: bytes) -> float | None:
    value = head.get("retry-after", "")
    if value.strip().isdigit():
        return float(value)
    info = _error_info(body)
    return float(info.retry_after) if info is not None and info.retry_after else None


def chunked(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
