"""Connections a sync can cut short: a deadline over a whole call, and cancel from any
thread while a request is in flight (DESIGN §5, issue 9 item 10).

httpx's timeouts are per operation: a server that drips one byte just inside the read
timeout keeps a call alive for ever. Here every socket read, write and TLS handshake waits
at most until the call's deadline, and :meth:`ConnectionGuard.interrupt` shuts down the
sockets in use, which wakes a thread blocked in ``recv`` at once on Windows and Linux
alike (``close`` from another thread does not). httpcore opens the sockets through this
network backend, so the guard sees each one, TLS included.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
import typing
from collections.abc import Iterable
from functools import cache

import httpcore
import httpx

SocketOption = (tuple[int, int, int] | tuple[int, int, bytes | bytearray]
                | tuple[int, int, None, int])  # as httpcore types it


class ConnectionGuard(httpcore.NetworkBackend):
    """httpcore's sync backend, with the streams it opened tracked for :meth:`interrupt`
    and their timeouts cut to :attr:`deadline` (``time.monotonic()``; None: no deadline)."""

    def __init__(self, cancel: threading.Event) -> None:
        self._inner = httpcore.SyncBackend()
        self._cancel = cancel
        self._streams: set[_GuardedStream] = set()
        self._lock = threading.Lock()
        self.deadline: float | None = None

    def interrupt(self) -> None:
        """Shut down every open connection (any thread): a blocked read or write fails
        now. Set the cancel event first, so a connection opened meanwhile is cut too."""
        with self._lock:
            streams = list(self._streams)
        for stream in streams:
            stream.shut()

    def remaining(self, timeout: float | None, expired: type[Exception]) -> float | None:
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise expired("the call's deadline passed")
        return left if timeout is None else min(timeout, left)

    def track(self, stream: httpcore.NetworkStream) -> _GuardedStream:
        guarded = _GuardedStream(stream, self)
        with self._lock:
            self._streams.add(guarded)
        if self._cancel.is_set():  # cancelled while connecting: interrupt() missed it
            guarded.shut()
        return guarded

    def forget(self, stream: _GuardedStream) -> None:
        with self._lock:
            self._streams.discard(stream)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[SocketOption] | None = None
                    ) -> httpcore.NetworkStream:
        wait = self.remaining(timeout, httpcore.ConnectTimeout)
        return self.track(self._inner.connect_tcp(host, port, wait, local_address,
                                                  socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[SocketOption] | None = None
                            ) -> httpcore.NetworkStream:  # pragma: no cover - not used
        raise httpcore.ConnectError("no unix sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _GuardedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, guard: ConnectionGuard) -> None:
        self._inner, self._guard = inner, guard

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._guard.remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._guard.remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._guard.forget(self)
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        wait = self._guard.remaining(timeout, httpcore.ConnectTimeout)
        upgraded = self._inner.start_tls(ssl_context, server_hostname, wait)
        self._guard.forget(self)
        return self._guard.track(upgraded)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)

    def shut(self) -> None:
        sock = self._inner.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):  # closed already, or never connected
                sock.shutdown(socket.SHUT_RDWR)


@cache
def system_context(verify: bool) -> ssl.SSLContext:
    """httpx's TLS context (the system's roots, or none when ``verify`` is False), made once
    per process: loading the roots took 40 ms or more, twice for every sync run."""
    return httpx.create_ssl_context(verify=verify, trust_env=False)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a :class:`ConnectionGuard`.

    httpx takes no network backend, so its connection pool (``_pool``, which
    ``handle_request`` uses) is replaced by one made with the same settings and the guard;
    ``tests/sync/test_slow_server.py`` fails if a new httpx stops going through it."""

    def __init__(self, guard: ConnectionGuard, *, verify: ssl.SSLContext | bool,
                 limits: httpx.Limits, socket_options: list[SocketOption]) -> None:
        context = verify if isinstance(verify, ssl.SSLContext) else system_context(verify)
        super().__init__(verify=context, trust_env=False, limits=limits,
                         socket_options=socket_options)
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            socket_options=socket_options,
            network_backend=guard,
        )
