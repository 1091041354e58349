"""A login flood against the central server (issue 9 item 5): 64 concurrent wrong passwords,
while another user's device keeps pulling. Targets: server RSS < 400 MB, and the pull still
answers (0 errors). Printed figures, not a pass/fail test.

    python bench/bench_login_flood.py [--attackers 64] [--seconds 20] [--workers 1]

Server: as production runs it — ``homevisit-server run`` (one worker: the RSS of one
process is what the gate bounds) with the production Argon2id cost (t=3, 64 MiB, p=4), on
PostgreSQL when reachable (else SQLite), behind a "proxy" at 127.0.0.1 it trusts
(``--trusted-proxy``), so every guess can come from its own address.
Attack model (the worst case for memory): each attacker keeps one guess in flight, every
guess for another made-up account from another forwarded address, so neither the
per-account nor the per-address limit stops it and each one costs a full Argon2 check
(an unknown account is checked against a dummy hash of the same cost). Then a second,
plainer flood: the same 64 guesses at once against one account from one address.
Floor: the same device's pulls measured before the flood, same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_server_load import _free_port, register_devices, stop_server
from bench_server_sync import database, seed_counselors

from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.server.roster_key import create_secret_file

TARGET_RSS_MB = 400.0
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
HEADERS = {CLIENT_VERSION_HEADER: "0.1.0"}


def start_server(db_url: str, tmp: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    secret = tmp / "homevisit-server.key"
    create_secret_file(secret)
    exe = Path(sys.executable).with_name("homevisit-server")
    proc = subprocess.Popen(
        [str(exe), "--database-url", db_url, "--storage-dir", str(tmp / "storage"),
         "--secret-file", str(secret), "run", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--trusted-proxy", "127.0.0.1"], start_new_session=True,
        stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v1/health", trust_env=False).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError("server did not start")


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set of the server's processes (a worker's parent too)."""
    now = peak = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) != pid:  # process group: the server and its workers
                continue
            fields = dict(line.split(":", 1) for line in
                          (entry / "status").read_text().splitlines() if ":" in line)
        except (OSError, IndexError, ValueError):
            continue
        now += int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        peak += int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
    return now, peak


async def puller(url: str, token: str, until: float, into: list[float],
                 errors: list[str]) -> None:
    headers = {**HEADERS, "Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60,
                                 trust_env=False) as client:
        while time.monotonic() < until:
            t0 = time.perf_counter()
            try:
                r = await client.get("/api/v1/sync/pull", params={"since": 0, "limit": 200})
                if r.status_code != 200:
                    errors.append(str(r.status_code))
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            into.append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(0.2)


async def attacker(client: httpx.AsyncClient, n: int, until: float, counts: dict[int, int],
                   spread: bool) -> None:
    k = 0
    while time.monotonic() < until:
        k += 1
        username = f"staff{n}-{k}" if spread else "counselor0"
        forwarded = f"10.{n}.{k // 250 % 250}.{k % 250 + 1}" if spread else "192.0.2.1"
        try:
            r = await client.post("/api/v1/auth/login", headers={"X-Forwarded-For": forwarded},
                                  json={"username": username, "password": "guess-123456",
                                        "device_name": "x"})
            counts[r.status_code] = counts.get(r.status_code, 0) + 1
        except httpx.HTTPError:
            counts[0] = counts.get(0, 0) + 1
        if not spread:
            return  # the plain flood: one guess each, all at once


async def flood(url: str, token: str, pid: int, attackers: int, seconds: float,
                spread: bool) -> dict[str, object]:
    counts: dict[int, int] = {}
    pulls: list[float] = []
    errors: list[str] = []
    peak_now = 0.0
    clients = [httpx.AsyncClient(base_url=url, headers=HEADERS, timeout=120, trust_env=False,
                                 limits=httpx.Limits(max_connections=1))
               for _ in range(attackers)]
    until = time.monotonic() + seconds  # after the clients: making 64 takes seconds

    async def sample() -> None:
        nonlocal peak_now
        while time.monotonic() < until:
            peak_now = max(peak_now, rss_mb(pid)[0])
            await asyncio.sleep(0.1)

    started = time.monotonic()
    try:
        await asyncio.gather(puller(url, token, until, pulls, errors), sample(),
                             *(attacker(c, i, until, counts, spread)
                               for i, c in enumerate(clients)))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return {"counts": counts, "pulls": pulls, "errors": errors, "rss": peak_now,
            "elapsed": time.monotonic() - started}


def _answers(pg_url: str) -> bool:
    try:
        engine = create_engine(pg_url, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except SQLAlchemyError:
        return False


def _pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=os.environ.get("HOMEVISIT_TEST_PG_URL", DEFAULT_PG))
    parser.add_argument("--attackers", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args([] if argv is None else argv)
    kind = "postgresql" if _answers(args.pg_url) else "sqlite"
    with tempfile.TemporaryDirectory() as tmp, \
            database(kind, args.pg_url, Path(tmp), "flood") as db_url:
        [(token, _)] = register_devices(db_url, seed_counselors(db_url, 1, 3))[:1]
        proc, url = start_server(db_url, Path(tmp), args.workers)
        try:
            idle: list[float] = []
            asyncio.run(puller(url, token, time.monotonic() + 3, idle, []))
            rss_idle, _ = rss_mb(proc.pid)
            spread = asyncio.run(flood(url, token, proc.pid, args.attackers, args.seconds, True))
            plain = asyncio.run(flood(url, token, proc.pid, args.attackers, 3, False))
            _, rss_peak = rss_mb(proc.pid)
        finally:
            stop_server(proc)
    pulls = spread["pulls"]
    assert isinstance(pulls, list)
    lines = [
        f"login flood: server homevisit-server run --workers {args.workers} (Argon2id t=3, "
        f"64 MiB, p=4; login concurrency 2 per worker), {kind}",
        f"login flood: {args.attackers} attackers, one guess each in flight for "
        f"{spread['elapsed']:.0f} s, each for another account from another address; "
        f"answers {dict(sorted(spread['counts'].items()))} (401 checked, 503 refused "
        "by the gate, 429 limited)",
        f"login flood RSS: idle {rss_idle:.0f} MB, peak during flood {spread['rss']:.0f} MB, "
        f"high-water mark {rss_peak:.0f} MB (ratio {rss_peak / TARGET_RSS_MB:.2f}x of "
        f"target, target < {TARGET_RSS_MB:.0f} MB)",
        f"login flood pull (another user): {len(pulls)} pulls, errors "
        f"{len(spread['errors'])} (target 0); p50 {_pct(pulls, 50):.1f} ms, p95 "
        f"{_pct(pulls, 95):.1f} ms, max {max(pulls):.0f} ms; floor before the flood p50 "
        f"{_pct(idle, 50):.1f} ms, p95 {_pct(idle, 95):.1f} ms (p95 ratio "
        f"{_pct(pulls, 95) / _pct(idle, 95):.1f}x)",
        f"login flood, one account from one address: {args.attackers} guesses at once → "
        f"answers {dict(sorted(plain['counts'].items()))} (at most 5 checked), pull errors "
        f"{len(plain['errors'])}",
    ]
    for line in lines:
        print(line, flush=True)
    return lines


if __name__ == "__main__":
    main(sys.argv[1:])
