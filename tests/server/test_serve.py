"""``homevisit-server run --workers 2``: several uvicorn worker processes answer on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from homevisit.server.cli import main


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_run_with_two_workers_serves_the_api(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'central.db'}"
    assert main(["--database-url", url, "init"]) == 0
    port = _free_port()
    exe = Path(sys.executable).with_name("homevisit-server")
    proc = subprocess.Popen(
        [str(exe), "--database-url", url, "--storage-dir", str(tmp_path / "files"), "run",
         "--port", str(port), "--workers", "2", "--pool-size", "2"],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, answered = time.monotonic() + 30, None
        while time.monotonic() < deadline and answered is None:
            try:
                answered = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", trust_env=False)
            except httpx.TransportError:
                time.sleep(0.2)
        assert answered is not None and answered.status_code == 200
        # Two worker processes under the one started here.
        workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                 text=True).stdout.split()
        assert len(workers) >= 2
        r = httpx.get(f"http://127.0.0.1:{port}/api/v1/sync/pull", trust_env=False,
                      headers={"X-Homevisit-Client": "0.1.0"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
