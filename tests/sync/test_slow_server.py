"""A slow-drip server double (issue 9 item 10): it reads the request, then answers one byte
every 30 s — inside any per-read timeout, so only a whole-call deadline ends the call. The
call ends by its deadline; cancel (the GUI's cancel button, and lock, which stops the
service) cuts the request in flight and returns well before it."""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from synckit import FAST_RETRY

from homevisit.model import SyncState
from homevisit.protocol.auth import Policies
from homevisit.store import Store
from homevisit.sync.engine import SyncEngine
from homevisit.sync.errors import ServerTooSlow, SyncCancelled
from homevisit.sync.service import SyncService
from homevisit.sync.transport import Tokens, Transport
from homevisit.vault import Vault

DRIP_SECONDS = 30.0
ANSWER = (b"HTTP/1.1 200 OK\r\nX-Homevisit-Protocol: 1\r\nContent-Type: application/json\r\n"
          b"Content-Length: 2\r\n\r\n{}")
UNDER = 10.0  # "well before": the calls below would otherwise last 30 s or more


class Drip:
    """One byte of a valid answer every ``DRIP_SECONDS``, on a real socket on loopback."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self.requests = threading.Semaphore(0)
        drip = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                seen = b""
                while b"\r\n\r\n" not in seen:
                    part = self.request.recv(4096)
                    if not part:
                        return
                    seen += part
                drip.requests.release()
                for i in range(len(ANSWER)):
                    if drip.stopping.wait(DRIP_SECONDS):
                        return
                    try:
                        self.request.sendall(ANSWER[i:i + 1])
                    except OSError:
                        return

        socketserver.ThreadingTCPServer.daemon_threads = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def drip() -> Iterator[Drip]:
    server = Drip()
    yield server
    server.stop()


def test_a_dripping_server_is_cut_off_by_the_call_deadline(drip):
    with Transport(drip.url, call_deadline=3.0, retry=FAST_RETRY) as transport:
        started = time.monotonic()
        with pytest.raises(ServerTooSlow) as raised:
            transport.call("GET", "/device/policies", Policies, auth=False)
        assert time.monotonic() - started < UNDER
    assert "3" in raised.value.text.en and "3" in raised.value.text.zh


def test_interrupt_from_another_thread_cuts_the_call_at_once(drip):
    with Transport(drip.url, retry=FAST_RETRY) as transport:  # the default 90 s deadline
        outcome: list[BaseException] = []

        def call() -> None:
            try:
                transport.call("GET", "/device/policies", Policies, auth=False)
            except BaseException as exc:
                outcome.append(exc)

        worker = threading.Thread(target=call)
        worker.start()
        assert drip.requests.acquire(timeout=UNDER)  # the request is in flight
        started = time.monotonic()
        transport.interrupt()
        worker.join(UNDER)
        assert not worker.is_alive() and time.monotonic() - started < UNDER
    assert len(outcome) == 1 and isinstance(outcome[0], SyncCancelled)


@pytest.fixture
def service(tmp_path: Path, drip: Drip) -> Iterator[SyncService]:
    store = Store.open(tmp_path / "store.db", b"k" * 32, create=True)
    store.run(lambda s: s.add(SyncState(id=1, pull_cursor=0, server_url=drip.url,
                                        device_token=Tokens("a", "r").pack(), policies={})))
    service = SyncService(SyncEngine(store, Vault(tmp_path / "vault"), retry=FAST_RETRY),
                          interval_seconds=None)
    service.start()
    yield service
    service.stop(timeout=UNDER)
    store.close()


def test_the_sync_services_cancel_acts_at_once(service, drip):
    service.request_sync()
    assert drip.requests.acquire(timeout=UNDER)
    started = time.monotonic()
    service.cancel()
    assert service.wait_idle(UNDER)
    assert time.monotonic() - started < UNDER
    result = service.last_result
    assert result is not None and isinstance(result.error, SyncCancelled)


def test_stopping_the_service_at_lock_does_not_wait_for_the_server(service, drip):
    service.request_sync()
    assert drip.requests.acquire(timeout=UNDER)
    started = time.monotonic()
    service.stop(timeout=UNDER * 3)
    assert time.monotonic() - started < UNDER
