"""500 simulated devices syncing at once against uvicorn on PostgreSQL (DESIGN §6: no
errors, pull p95 < 200 ms).

    python bench/bench_server_load.py [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
    HOMEVISIT_BENCH_LOAD_SECONDS=20 HOMEVISIT_BENCH_DEVICES=100 python bench/bench_server_load.py

The server runs as production would: ``uvicorn --workers N`` (N = CPU count) in a child
process over a throwaway database (dropped afterwards). 100 counselors with 3 households
each log in on 5 devices each; every device (an asyncio task sharing one keep-alive
httpx.AsyncClient) repeats a sync cycle — pull to the end of its scope, push 2 new visits,
pull again — then waits a random think time (mean ``--interval`` seconds), until the
deadline. Everything is bounded: device count, duration, and a timeout on every request.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_server_sync import (
    CHEAP,
    database,
    seed_counselors,
    visit_op,
)

from homevisit.protocol import CLIENT_VERSION_HEADER

TARGET_P95_MS = 200.0
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def app_from_env():  # type: ignore[no-untyped-def]
    """uvicorn ``--factory`` entry: the real app, with a pool sized for several workers
    sharing one PostgreSQL (its default max_connections is 100)."""
    from homevisit.server.app import create_app
    from homevisit.server.db import make_engine, make_sessionmaker
    from homevisit.server.ratelimit import LoginLimiter
    from homevisit.server.security import Passwords
    from homevisit.server.services import Services
    from homevisit.server.settings import ServerSettings
    from homevisit.server.storage import FileStorage

    settings = ServerSettings(database_url=os.environ["HOMEVISIT_BENCH_DB_URL"],
                              storage_dir=Path(os.environ["HOMEVISIT_BENCH_STORAGE"]),
                              password_cost=CHEAP, login_max_failures=1000)
    engine = make_engine(settings.database_url, pool_size=10, max_overflow=10)
    services = Services(settings=settings, engine=engine, sessions=make_sessionmaker(engine),
                        passwords=Passwords(settings.password_cost),
                        limiter=LoginLimiter(1000, 60.0),
                        storage=FileStorage(settings.storage_dir))
    return create_app(settings, services)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, storage: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "HOMEVISIT_BENCH_DB_URL": db_url, "HOMEVISIT_BENCH_STORAGE": str(storage)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "--app-dir", str(Path(__file__).parent),
         "bench_server_load:app_from_env", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--log-level", "warning", "--no-access-log",
         "--backlog", "2048"],
        env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v1/health", trust_env=False).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


class Stats:
    def __init__(self) -> None:
        self.pull_ms: list[float] = []
        self.push_ms: list[float] = []
        self.errors: dict[str, int] = {}
        self.requests = 0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


async def device(client: httpx.AsyncClient, headers: dict[str, str], households: list[str],
                 deadline: float, interval: float, stats: Stats, op_ids: list[int]) -> None:
    rng = random.Random()
    cursor = 0
    await asyncio.sleep(min(rng.uniform(0, interval), max(0.0, deadline - time.monotonic())))
    while time.monotonic() < deadline:
        try:
            for phase in ("pull", "push", "pull"):
                if phase == "pull":
                    while True:
                        t0 = time.perf_counter()
                        r = await client.get("/api/v1/sync/pull", headers=headers,
                                             params={"since": cursor, "limit": 200})
                        stats.pull_ms.append((time.perf_counter() - t0) * 1000)
                        stats.requests += 1
                        if r.status_code != 200:
                            stats.error(f"pull {r.status_code}")
                            break
                        page = r.json()
                        if page["reset"]:
                            stats.error("pull reset")
                        cursor = page["cursor"]
                        if not page["has_more"]:
                            break
                else:
                    ops = []
                    for _ in range(2):
                        op_ids[0] += 1
                        ops.append(visit_op(op_ids[0], rng.choice(households), op_ids[0]))
                    t0 = time.perf_counter()
                    r = await client.post("/api/v1/sync/push", headers=headers, json={"ops": ops})
                    stats.push_ms.append((time.perf_counter() - t0) * 1000)
                    stats.requests += 1
                    if r.status_code != 200:
                        stats.error(f"push {r.status_code}")
                    elif any(x["status"] != "applied" for x in r.json()["results"]):
                        stats.error("push op not applied")
        except httpx.HTTPError as exc:
            stats.error(type(exc).__name__)
        pause = rng.expovariate(1 / interval)
        await asyncio.sleep(min(pause, max(0.0, deadline - time.monotonic())))


async def run_devices(url: str, counselors: list[tuple[str, list[str]]], per_counselor: int,
                      seconds: float, interval: float) -> tuple[Stats, float]:
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=1000)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30, trust_env=False,
                                 headers={CLIENT_VERSION_HEADER: "0.1.0"}) as client:
        async def login(username: str) -> dict[str, str]:
            r = await client.post("/api/v1/auth/login", json={
                "username": username, "password": "bench-password", "device_name": "bench"})
            r.raise_for_status()
            return {"Authorization": f"Bearer {r.json()['access_token']}"}

        sem = asyncio.Semaphore(20)

        async def bounded_login(username: str) -> dict[str, str]:
            async with sem:
                return await login(username)

        jobs = [(u, hs) for u, hs in counselors for _ in range(per_counselor)]
        tokens = await asyncio.gather(*(bounded_login(u) for u, _ in jobs))
        stats = Stats()
        # Each device has its own op-id counter, as each device has its own outbox.
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(device(client, h, hs, deadline, interval, stats, [0])
                               for h, (_, hs) in zip(tokens, jobs, strict=True)))
        return stats, time.monotonic() - started


def _pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=os.environ.get("HOMEVISIT_TEST_PG_URL", DEFAULT_PG))
    parser.add_argument("--devices", type=int,
                        default=int(os.environ.get("HOMEVISIT_BENCH_DEVICES", "500")))
    parser.add_argument("--seconds", type=float,
                        default=float(os.environ.get("HOMEVISIT_BENCH_LOAD_SECONDS", "30")))
    parser.add_argument("--interval", type=float, default=10.0,
                        help="mean think time between a device's sync cycles, seconds")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    # A runner calls main() with no arguments: never read the runner's own sys.argv.
    args = parser.parse_args([] if argv is None else argv)
    per_counselor = 5
    counselor_count = max(1, args.devices // per_counselor)
    with tempfile.TemporaryDirectory() as tmp, \
            database("postgresql", args.pg_url, Path(tmp), "load") as db_url:
        counselors = seed_counselors(db_url, counselor_count, 3)
        proc, url = start_server(db_url, Path(tmp) / "storage", args.workers)
        try:
            stats, elapsed = asyncio.run(run_devices(url, counselors, per_counselor,
                                                     args.seconds, args.interval))
        finally:
            stop_server(proc)
    errors = sum(stats.errors.values())
    lines = [
        f"load devices: {counselor_count * per_counselor} on {args.workers} uvicorn workers, "
        f"{elapsed:.0f} s, {stats.requests} requests ({stats.requests / elapsed:.0f}/s)",
        f"load errors: {errors} {stats.errors if errors else ''} (target 0)".rstrip(),
        f"load pull p50: {_pct(stats.pull_ms, 50):.1f} ms, p95: {_pct(stats.pull_ms, 95):.1f} ms "
        f"(ratio {_pct(stats.pull_ms, 95) / TARGET_P95_MS:.2f}x of target, target p95 < "
        f"{TARGET_P95_MS:.0f} ms), p99: {_pct(stats.pull_ms, 99):.1f} ms",
        f"load push p50: {_pct(stats.push_ms, 50):.1f} ms, p95: {_pct(stats.push_ms, 95):.1f} ms",
    ]
    for line in lines:
        print(line, flush=True)
    return lines


if __name__ == "__main__":
    main(sys.argv[1:])
