"""Stateless API processes (issue 20 item 5, DESIGN §6 "Scale"): two ``homevisit-server
run`` processes on one PostgreSQL database behave as one server — failed logins count
together, an upload started on one finishes on the other, a push to one is pulled from the
other. Everything they must share lives in the database (the attachment files in the one
storage directory both are given, as on one host)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from synchelp import op, pull_all, push, send_chunk, sha, visit_payload

from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.server.settings import ServerSettings

CLIENT = {CLIENT_VERSION_HEADER: "0.1.0"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_process(settings: ServerSettings) -> Iterator[Callable[[], str]]:
    """``server_process()`` → the URL of one more ``homevisit-server run`` process on the
    test's database, storage directory and roster secret."""
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("several API processes need PostgreSQL (set HOMEVISIT_TEST_PG_URL)")
    started: list[subprocess.Popen[bytes]] = []
    exe = Path(sys.executable).with_name("homevisit-server")

    def start() -> str:
        port = _free_port()
        proc = subprocess.Popen(
            [str(exe), "--database-url", settings.database_url,
             "--storage-dir", str(settings.storage_dir), "--secret-file",
             str(settings.secret_file), "run", "--port", str(port), "--pool-size", "2"],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v1/health", trust_env=False).status_code == 200:
                    return url
            except httpx.TransportError:
                time.sleep(0.2)
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
        raise AssertionError("the server process did not start")

    yield start
    for proc in started:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _client(url: str, token: str | None = None) -> httpx.Client:
    headers = dict(CLIENT)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=url, headers=headers, timeout=30, trust_env=False)


def _login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    return client.post("/api/v1/auth/login", json={
        "username": username, "password": password, "device_name": "laptop"})


def test_failed_logins_count_across_two_server_processes(people, server_process):
    username, password = people.user("counselor")
    a, b = server_process(), server_process()
    with _client(a) as on_a, _client(b) as on_b:
        codes = [_login(client, username, "wrong password").status_code
                 for client in (on_a, on_b, on_a, on_b, on_a)]
        assert codes == [401] * 5
        # The sixth try, with the right password, on either process: the account is held.
        for client in (on_b, on_a):
            r = _login(client, username, password)
            assert r.status_code == 429, r.text
            assert r.json()["error"]["code"] == "too_many_attempts"


def test_an_upload_started_on_one_process_finishes_on_the_other(people, make_household,
                                                                 server_process):
    username, password = people.user("counselor")
    household = make_household(username)
    a, b = server_process(), server_process()
    data = os.urandom(300_000)
    with _client(a) as anon_a:
        token = _login(anon_a, username, password).json()["access_token"]
    with _client(a, token) as on_a, _client(b, token) as on_b:
        r = on_a.post("/api/v1/attachments/uploads", json={
            "household_id": household, "sha256": sha(data), "size": len(data)})
        assert r.status_code == 201, r.text
        upload_id = r.json()["upload_id"]
        assert send_chunk(on_a, upload_id, 0, data[:100_000]).status_code == 200
        # The other process knows where the upload stands, refuses a wrong offset …
        state = on_b.get(f"/api/v1/attachments/uploads/{upload_id}").json()
        assert state["offset"] == 100_000 and not state["completed"]
        assert send_chunk(on_b, upload_id, 0, data[:100_000]).status_code == 409
        # … and takes the rest; the whole file is then held for this household.
        assert send_chunk(on_b, upload_id, 100_000, data[100_000:200_000]).status_code == 200
        r = send_chunk(on_a, upload_id, 200_000, data[200_000:])
        assert r.status_code == 200 and r.json()["completed"], r.text
        r = on_b.post("/api/v1/attachments/presence",
                      json={"household_id": household, "sha256": [sha(data)]})
        assert r.status_code == 200, r.text
        assert r.json()["missing"] == []


def test_a_push_to_one_process_is_pulled_from_the_other(people, make_household,
                                                        server_process):
    username, password = people.user("counselor")
    household = make_household(username)
    a, b = server_process(), server_process()
    with _client(a) as anon_a:
        laptop = _login(anon_a, username, password).json()["access_token"]
    with _client(b) as anon_b:
        desktop = _login(anon_b, username, password).json()["access_token"]
    visit = visit_payload(household)
    with _client(a, laptop) as on_a, _client(b, desktop) as on_b:
        results = push(on_a, [op("visit", visit, op_id=1)])
        assert results[0]["status"] == "applied"
        changes, _cursor = pull_all(on_b)
        pulled = [c for c in changes if c["entity"] == "visit"]
        assert [c["entity_id"] for c in pulled] == [visit["id"]]
        assert pulled[0]["record"]["counselor"] == username
        # The same op replayed to the other process: its stored result, nothing new.
        with _client(b, laptop) as laptop_on_b:
            again = push(laptop_on_b, [op("visit", visit, op_id=1)])
        assert again == results
        changes, _ = pull_all(on_b)
        assert len([c for c in changes if c["entity"] == "visit"]) == 1
