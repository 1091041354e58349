"""A hostile server (a test double over real HTTP): oversized bodies, wrong content type,
200 without the protocol header, path-traversal file names, JSON that fails the schema and
a redirect to http are all refused with a clear error, and local data stays untouched."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select
from synckit import FAST_RETRY

from homevisit import outbox
from homevisit.model import Household, Member, Outbox, SyncState
from homevisit.store import Store
from homevisit.sync import errors
from homevisit.sync.engine import SyncEngine
from homevisit.sync.transport import Tokens
from homevisit.vault import Vault

HOUSEHOLD = "6f1c2a8e-3b1d-4c5e-9f7a-1b2c3d4e5f60"
ATTACHMENT = "0b7e5c1a-2d3f-4a5b-8c9d-0e1f2a3b4c5d"
POLICIES = json.dumps({"idle_lock_minutes": 5}).encode()
ME = json.dumps({"user": {"id": 1, "username": "wang", "display_name": "王老师",
                          "role": "counselor"},
                 "device_id": "5a0e8a4c-7b1d-4e2f-9a3b-6c7d8e9f0a1b",
                 "server_time": "2026-09-01T08:00:00+00:00"}).encode()

Answer = Callable[[BaseHTTPRequestHandler], None]


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, *,
         protocol: bool = True, content_type: str = "application/json",
         extra: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    if protocol:
        handler.send_header("X-Homevisit-Protocol", "1")
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (extra or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def pull_page(changes: object) -> bytes:
    return json.dumps({"changes": changes, "cursor": 7, "has_more": False}).encode()


def attachment_change(name: str) -> dict[str, object]:
    return {"seq": 7, "entity": "attachment", "entity_id": ATTACHMENT, "rev": 1,
            "record": {"id": ATTACHMENT, "rev": 1, "household_id": HOUSEHOLD,
                       "doc_type": "photo", "mime": "image/jpeg", "size": 10,
                       "sha256": "a" * 64, "original_name": name}}


def oversized(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("X-Homevisit-Protocol", "1")
    h.send_header("Content-Type", "application/json")
    h.end_headers()  # no length: the client must stop reading by itself
    block = b" " * (1 << 20)
    try:
        for _ in range(40):
            h.wfile.write(block)
    except (BrokenPipeError, ConnectionResetError):
        pass
    h.close_connection = True


def oversized_declared(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("X-Homevisit-Protocol", "1")
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(1 << 30))
    h.end_headers()
    h.close_connection = True


SCENARIOS: dict[str, tuple[Answer, type[Exception]]] = {
    "oversized body": (oversized, errors.ResponseTooLarge),
    "oversized declared": (oversized_declared, errors.ResponseTooLarge),
    "wrong content type": (lambda h: send(h, 200, POLICIES, content_type="text/html"),
                           errors.BadServerResponse),
    "no protocol header": (lambda h: send(h, 200, b"<html>Wi-Fi login</html>", protocol=False,
                                          content_type="text/html"), errors.NotOurServer),
    "schema-failing JSON": (lambda h: send(h, 200, b'{"idle_lock_minutes": "soon"}'),
                            errors.BadServerResponse),
    "redirect to http": (lambda h: send(h, 302, b"", extra={"Location": "http://evil.example/"}),
                         errors.RedirectRefused),
}

PULL_SCENARIOS: dict[str, bytes] = {
    "path-traversal file name": pull_page([attachment_change("../../etc/passwd")]),
    "windows path file name": pull_page([attachment_change("..\\..\\boot.ini")]),
    "changes not a list": pull_page({"seq": 1}),
    "unknown entity": pull_page([{"seq": 7, "entity": "payroll", "entity_id": HOUSEHOLD,
                                  "rev": 1, "record": {"id": HOUSEHOLD}}]),
}


class Hostile:
    def __init__(self) -> None:
        self.answer: dict[str, Answer] = {"/me": lambda h: send(h, 200, ME)}
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                path = self.path.split("?")[0].removeprefix("/api/v1")
                hostile.answer.get(path, lambda h: send(h, 404, b"{}"))(self)

            do_GET = do_POST = do_PATCH = _any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    server = Hostile()
    yield server
    server.stop()


@pytest.fixture
def local(tmp_path: Path, hostile: Hostile) -> Iterator[tuple[Store, Vault, SyncEngine]]:
    store = Store.open(tmp_path / "store.db", b"k" * 32, create=True)
    vault = Vault(tmp_path / "vault")

    def arrange(session):
        session.add(SyncState(id=1, pull_cursor=3, server_url=hostile.url,
                              device_token=Tokens("a", "r").pack(), policies={}))
        session.add(Household(id=HOUSEHOLD, region_code="320321", address="东村", rev=2))
        outbox.save(session, Member(household_id=HOUSEHOLD, name="李明", relation="child"))

    store.run(arrange)
    engine = SyncEngine(store, vault, retry=FAST_RETRY)
    yield store, vault, engine
    engine.close()
    store.close()


def snapshot(store: Store) -> tuple[object, ...]:
    def read(session):
        state = session.get(SyncState, 1)
        return (state.pull_cursor, state.device_token, state.policies,
                [(o.op_id, o.payload, o.quarantined) for o in session.scalars(select(Outbox))],
                [(h.id, h.address, h.rev) for h in session.scalars(select(Household))],
                len(session.scalars(select(Member)).all()))

    return store.run(read)


@pytest.mark.parametrize("name", SCENARIOS)
def test_hostile_answer_is_refused_and_local_data_untouched(name, hostile, local):
    store, vault, engine = local
    before = snapshot(store)
    hostile.answer["/device/policies"] = SCENARIOS[name][0]
    result = engine.run()
    assert isinstance(result.error, SCENARIOS[name][1]), result.error
    assert str(result.error)  # a sentence the user can read
    assert snapshot(store) == before
    assert vault.ids() == set()


@pytest.mark.parametrize("name", PULL_SCENARIOS)
def test_hostile_pull_page_is_refused_whole(name, hostile, local):
    store, vault, engine = local
    hostile.answer["/device/policies"] = lambda h: send(h, 200, POLICIES)
    hostile.answer["/sync/push"] = lambda h: send(h, 200, json.dumps({"results": [
        {"op_id": 1, "status": "rejected", "reason": {"code": "x", "message": "no"}}]}).encode())
    hostile.answer["/sync/pull"] = lambda h: send(h, 200, PULL_SCENARIOS[name])
    result = engine.run()
    assert isinstance(result.error, errors.BadServerResponse), result.error
    cursor = store.run(lambda s: s.get(SyncState, 1).pull_cursor)
    assert cursor == 3  # the page and its cursor were refused together
    assert store.run(lambda s: s.get(Household, HOUSEHOLD).rev) == 2
    assert vault.ids() == set()


def test_push_results_for_other_ops_are_refused(hostile, local):
    store, _, engine = local
    hostile.answer["/device/policies"] = lambda h: send(h, 200, POLICIES)
    hostile.answer["/sync/push"] = lambda h: send(h, 200, json.dumps({"results": [
        {"op_id": 999, "status": "applied", "rev": 5}]}).encode())
    before = snapshot(store)[3:]
    result = engine.run()
    assert isinstance(result.error, errors.BadServerResponse)
    assert snapshot(store)[3:] == before  # the op stays queued, nothing marked applied
