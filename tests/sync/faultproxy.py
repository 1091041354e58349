"""A fault-injecting HTTP/1.1 proxy on loopback (asyncio, in a thread), between a sync
client and the real server. Per request it may: drop the connection before forwarding,
drop it after the server answered (the answer is lost: an "applied but unacknowledged"
op), answer 500 or 429 itself, delay, truncate the response body, or flip a byte of the
request body (a corrupted upload chunk). Faults are drawn from a seeded RNG."""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import dataclass, field

FAULTS = ("drop_before", "drop_after", "status_500", "status_429", "delay", "truncate",
          "corrupt_body")
_PROTOCOL = b"X-Homevisit-Protocol: 1\r\n"


@dataclass
class FaultPlan:
    rate: float = 0.3  # chance that a request gets a fault
    faults: tuple[str, ...] = FAULTS
    seed: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def draw(self, has_body: bool) -> str | None:
        if self.rng.random() >= self.rate:
            return None
        choices = [f for f in self.faults if has_body or f != "corrupt_body"]
        fault = self.rng.choice(choices) if choices else None
        if fault:
            self.counts[fault] = self.counts.get(fault, 0) + 1
        return fault


async def _read_message(reader: asyncio.StreamReader) -> tuple[bytes, bytes] | None:
    """One HTTP message (head, body); bodies by Content-Length or chunked."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lower = head.lower()
    body = b""
    if b"transfer-encoding: chunked" in lower:
        parts = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.strip().split(b";")[0], 16)
            data = await reader.readexactly(size + 2)
            parts.append(size_line + data)
            if size == 0:
                break
        body = b"".join(parts)
    else:
        for line in lower.split(b"\r\n"):
            if line.startswith(b"content-length:"):
                body = await reader.readexactly(int(line.split(b":")[1]))
    return head, body


class FaultProxy:
    def __init__(self, upstream_port: int, plan: FaultPlan) -> None:
        self.upstream_port = upstream_port
        self.plan = plan
        self.enabled = True
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    def stop(self) -> None:
        async def close() -> None:
            self.server.close()
        asyncio.run_coroutine_threadsafe(close(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while True:
                request = await _read_message(reader)
                if request is None:
                    return
                head, body = request
                # Only upload chunks get a flipped byte: their checksum must catch it (TLS
                # guards every other body in real use).
                chunk = head.startswith(b"PATCH") and bool(body)
                fault = self.plan.draw(chunk) if self.enabled else None
                if fault == "drop_before":
                    return
                if fault in ("status_500", "status_429"):
                    code = b"500 Internal Server Error" if fault == "status_500" else \
                        b"429 Too Many Requests"
                    payload = b'{"error":{"code":"internal","message":"x"}}'
                    writer.write(b"HTTP/1.1 " + code + b"\r\n" + _PROTOCOL +
                                 b"Retry-After: 0\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: " + str(len(payload)).encode() +
                                 b"\r\n\r\n" + payload)
                    await writer.drain()
                    continue
                if fault == "corrupt_body":
                    flipped = bytearray(body)
                    flipped[len(flipped) // 2] ^= 0x01
                    body = bytes(flipped)
                if upstream is None:
                    upstream = await asyncio.open_connection("127.0.0.1", self.upstream_port)
                up_reader, up_writer = upstream
                up_writer.write(head + body)
                await up_writer.drain()
                response = await _read_message(up_reader)
                if response is None:
                    return
                r_head, r_body = response
                if fault == "drop_after":
                    return
                if fault == "delay":
                    await asyncio.sleep(self.plan.rng.uniform(0.01, 0.2))
                if fault == "truncate" and r_body:
                    writer.write(r_head + r_body[: len(r_body) // 2])
                    await writer.drain()
                    return
                writer.write(r_head + r_body)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()
            if upstream is not None:
                upstream[1].close()
