"""500 simulated devices syncing against the central server on PostgreSQL (DESIGN §6: zero
errors, pull p95 < 200 ms). Merges the former bench_server_devices.py into this one.

    python bench/bench_server_load.py [--devices 500] [--seconds 30] [--interval 10]
    PostgreSQL admin URL: --pg-url, else HOMEVISIT_TEST_PG_URL, else the local postgres.

Server: as production runs it — ``homevisit-server run --workers N`` (N = CPU count) in
its own process group, over a throwaway database (dropped afterwards).
Load model (printed with the results): every device is concurrently connected (its own
keep-alive connection and access token; 5 devices per counselor, 3 households each) and
runs the sync loop a real device runs: pull to the end of its scope, push a small batch
(2 new draft visits), then wait its sync interval with ±50 % jitter; devices start at
random offsets within one interval. Offered rate ≈ devices × 2 requests / interval.
The first interval is a warm-up (each worker opens its connections and builds its caches
as a restarted server does once): its requests are not in the percentiles, their p95 is
printed apart; errors count from the start. Bounded: device count, run time (no cycle
starts after the deadline), 30 s timeout per request. CPU: this 2-core machine also runs
the 500 clients (one asyncio process: aiohttp on uvloop, about 1 ms of CPU a request,
where httpx took 7) and PostgreSQL; the CPU seconds each side used in the counted window
are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import aiohttp
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_server_sync import database, seed_counselors, visit_op

from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.server.db import make_engine, make_sessionmaker
from homevisit.server.models import Device, Token, User, utc_now
from homevisit.server.roster_key import create_secret_file
from homevisit.server.security import new_token, token_hash

TARGET_P95_MS = 200.0
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PER_COUNSELOR = 5
BATCH = 2
GENERATOR_SATURATED = 0.9  # of one core: above it the run's latencies are the generator's
WINDOW_SECONDS = 5.0


Devices = list[tuple[str, list[str]]]


def register_devices(url: str, counselors: list[tuple[str, list[str]]]) -> Devices:
    """PER_COUNSELOR devices per counselor with an access token each, written directly
    (logging in is Argon2 work, not what is measured); returns (token, household ids)."""
    engine = make_engine(url)
    out: list[tuple[str, list[str]]] = []
    expires = utc_now().replace(year=utc_now().year + 1)
    with make_sessionmaker(engine).begin() as s:
        for username, households in counselors:
            user = s.query(User).filter_by(username=username).one()
            for _ in range(PER_COUNSELOR):
                device = Device(id=str(uuid.uuid4()), user_id=user.id, name="bench")
                s.add(device)
                s.flush()  # tokens has no relationship to devices to order the inserts by
                token = new_token()
                s.add(Token(token_hash=token_hash(token), device_id=device.id, kind="access",
                            created_at=utc_now(), expires_at=expires))
                out.append((token, households))
    engine.dispose()
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, storage: Path, workers: int,
                 pool: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    exe = Path(sys.executable).with_name("homevisit-server")
    secret = storage.parent / "homevisit-server.key"
    create_secret_file(secret)
    proc = subprocess.Popen(
        [str(exe), "--database-url", db_url, "--storage-dir", str(storage),
         "--secret-file", str(secret), "run",
         "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
         "--pool-size", str(pool)], start_new_session=True)
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


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:  # graceful shutdown can hang on open connections
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


class Stats:
    """Latencies of the requests that started in the counted window (after the warm-up
    interval); errors from the whole run, warm-up included."""

    def __init__(self) -> None:
        self.counting = False
        self.pull_ms: list[float] = []
        self.push_ms: list[float] = []
        self.warmup_ms: list[float] = []
        self.errors: dict[str, int] = {}
        self.cycles = 0
        self.timeline: list[tuple[float, float]] = []  # (started, ms) of counted requests

    def took(self, into: list[float], counted: bool, started: float) -> None:
        ms = (time.perf_counter() - started) * 1000
        (into if counted else self.warmup_ms).append(ms)
        if counted:
            self.timeline.append((started, ms))

    def windows(self, seconds: float = WINDOW_SECONDS) -> list[tuple[int, float]]:
        """(requests, p95 ms) of each ``seconds`` of the counted window, pulls and pushes
        together: one stall (a checkpoint, a stolen core) shows as one bad window, a server
        short of CPU as every window bad."""
        if not self.timeline:
            return []
        first = min(t for t, _ in self.timeline)
        buckets: dict[int, list[float]] = {}
        for started, ms in self.timeline:
            buckets.setdefault(int((started - first) // seconds), []).append(ms)
        return [(len(b), _pct(b, 95)) for _, b in sorted(buckets.items())]

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


async def device(client: aiohttp.ClientSession, token: str, households: list[str],
                 deadline: float, interval: float, stats: Stats) -> None:
    """One device's sync loop until the deadline (see the module docstring)."""
    rng = random.Random()
    headers = {"Authorization": f"Bearer {token}"}
    cursor, op_id = 0, 0
    await asyncio.sleep(min(rng.uniform(0, interval), max(0.0, deadline - time.monotonic())))
    while time.monotonic() < deadline:
        try:
            while True:
                counted, t0 = stats.counting, time.perf_counter()
                async with client.get("/api/v1/sync/pull", headers=headers,
                                      params={"since": cursor, "limit": 200}) as r:
                    body = await r.read()
                stats.took(stats.pull_ms, counted, t0)
                if r.status != 200:
                    stats.error(f"pull {r.status}")
                    break
                page = json.loads(body)
                if page["reset"]:
                    stats.error("pull reset")
                cursor = page["cursor"]
                if not page["has_more"]:
                    break
            ops = []
            for _ in range(BATCH):
                op_id += 1
                ops.append(visit_op(op_id, rng.choice(households), op_id))
            counted, t0 = stats.counting, time.perf_counter()
            async with client.post("/api/v1/sync/push", headers=headers,
                                   json={"ops": ops}) as r:
                body = await r.read()
            stats.took(stats.push_ms, counted, t0)
            if r.status != 200:
                stats.error(f"push {r.status}")
            elif any(x["status"] != "applied" for x in json.loads(body)["results"]):
                stats.error("push op not applied")
            stats.cycles += counted
        except (aiohttp.ClientError, TimeoutError) as exc:
            stats.error(type(exc).__name__)
        # Never sleep past the deadline: the run (and its req/s) ends when the last cycle does.
        await asyncio.sleep(min(interval * rng.uniform(0.5, 1.5),
                                max(0.0, deadline - time.monotonic())))


async def run_devices(url: str, devices: Devices, seconds: float, interval: float,
                      on_counting: Callable[[], None]) -> tuple[Stats, float]:
    """Every device's loop for one warm-up interval, then ``seconds`` counted; calls
    ``on_counting`` as the counted window opens; returns its stats and length."""
    # One session (one keep-alive connection) per device, as on real devices. The
    # generator is aiohttp on uvloop: with one httpx.AsyncClient per device it spent 7 ms
    # of CPU per request (70-90 % of a core for 500 devices), on the 2 cores the server
    # and PostgreSQL need; the devices it stands for are 500 other machines.
    timeout = aiohttp.ClientTimeout(total=30)
    clients = [aiohttp.ClientSession(
        base_url=url, timeout=timeout, headers={CLIENT_VERSION_HEADER: "0.1.0"},
        connector=aiohttp.TCPConnector(limit=1), trust_env=False) for _ in devices]
    stats = Stats()
    counting_from = 0.0

    def count() -> None:
        nonlocal counting_from
        stats.counting, counting_from = True, time.monotonic()
        on_counting()

    # Warm-up: the first interval, when every device makes its first sync of the run and
    # each worker opens its pool's connections and builds its statement caches, is not
    # counted (a server restarts once in days, not every 40 s); its p95 is printed apart.
    deadline = time.monotonic() + interval + seconds
    asyncio.get_running_loop().call_later(interval, count)
    try:
        await asyncio.gather(*(device(client, token, hs, deadline, interval, stats)
                               for client, (token, hs) in zip(clients, devices, strict=True)))
    finally:
        await asyncio.gather(*(c.close() for c in clients))
    return stats, time.monotonic() - counting_from


def _event_loop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop where it exists (the server runs on it too), else asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def _pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def group_cpu_seconds(pgid: int) -> float:
    """CPU seconds used so far by the live processes of process group ``pgid`` (the server
    and its workers; Linux /proc, as the rest of this bench)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) == pgid:  # pgrp; utime and stime are fields 14 and 15 of stat
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def cpu_per_request(url: str, pgid: int, token: str, households: list[str],
                    count: int = 300) -> tuple[float, float]:
    """Server CPU milliseconds for one pull with nothing new and for one push of BATCH
    visits, measured on the idle server with one device sending ``count`` of each in turn
    (so nothing else is counted)."""
    headers = {CLIENT_VERSION_HEADER: "0.1.0", "Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30, trust_env=False) as client:
        cursor = 0
        while True:
            page = client.get("/api/v1/sync/pull", params={"since": cursor, "limit": 1000}
                              ).raise_for_status().json()
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        for _ in range(20):  # warm
            client.get("/api/v1/sync/pull", params={"since": cursor, "limit": 200})
        time.sleep(0.5)
        before = group_cpu_seconds(pgid)
        for _ in range(count):
            client.get("/api/v1/sync/pull", params={"since": cursor, "limit": 200}
                       ).raise_for_status()
        pull = (group_cpu_seconds(pgid) - before) / count * 1000
        op_id = 10**9  # clear of the op ids the load used
        before = group_cpu_seconds(pgid)
        for n in range(count):
            ops = []
            for _ in range(BATCH):
                op_id += 1
                ops.append(visit_op(op_id, households[n % len(households)], n))
            client.post("/api/v1/sync/push", json={"ops": ops}).raise_for_status()
        push = (group_cpu_seconds(pgid) - before) / count * 1000
    return pull, push


def cpu_gauge_ms() -> float:
    """Best of five runs of a fixed pure-Python loop, in ms: how fast a core of this
    (shared) host is right now. The same machine has read 16-29 ms within an hour; the
    run's absolute latencies are only comparable between runs with similar readings."""
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        sum(range(10**6))
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def _busy_cpu_seconds() -> float:
    """CPU seconds the whole machine spent busy (all processes, all cores) since boot."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=os.environ.get("HOMEVISIT_TEST_PG_URL", DEFAULT_PG))
    parser.add_argument("--devices", type=int,
                        default=int(os.environ.get("HOMEVISIT_BENCH_DEVICES", "500")))
    parser.add_argument("--seconds", type=float,
                        default=float(os.environ.get("HOMEVISIT_BENCH_LOAD_SECONDS", "30")))
    parser.add_argument("--interval", type=float, default=10.0,
                        help="a device's sync interval, seconds (jitter ±50 %%)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--pool-size", type=int, default=10,
                        help="connections per worker (as many again in overflow)")
    # A runner calls main() with no arguments: never read the runner's own sys.argv.
    args = parser.parse_args([] if argv is None else argv)
    counselor_count = max(1, args.devices // PER_COUNSELOR)
    gauge = cpu_gauge_ms()
    with tempfile.TemporaryDirectory() as tmp, \
            database("postgresql", args.pg_url, Path(tmp), "load") as db_url:
        devices = register_devices(db_url, seed_counselors(db_url, counselor_count, 3))
        proc, url = start_server(db_url, Path(tmp) / "storage", args.workers, args.pool_size)
        cpu0: list[float] = []  # the machine, the generator and the server, counting from

        def snapshot() -> None:
            cpu0[:] = _busy_cpu_seconds(), time.process_time(), group_cpu_seconds(proc.pid)
        try:
            with asyncio.Runner(loop_factory=_event_loop()) as runner:
                stats, elapsed = runner.run(
                    run_devices(url, devices, args.seconds, args.interval, snapshot))
            busy, client_cpu = _busy_cpu_seconds() - cpu0[0], time.process_time() - cpu0[1]
            server_cpu = group_cpu_seconds(proc.pid) - cpu0[2]
            empty_pull_ms, push_ms = cpu_per_request(url, proc.pid, *devices[0])
        finally:
            stop_server(proc)
    requests = len(stats.pull_ms) + len(stats.push_ms)
    # The generator is one asyncio process: near a whole core, its own queueing is in the
    # latencies, and the run says nothing about the server.
    generator_load = client_cpu / elapsed
    saturated = generator_load >= GENERATOR_SATURATED
    errors = sum(stats.errors.values())
    p95 = _pct(stats.pull_ms, 95)
    lines = [
        f"load model: {len(devices)} devices connected at once, each: pull to the end, push "
        f"{BATCH} visits, wait {args.interval:.0f} s ±50 %; offered ≈ "
        f"{len(devices) * 2 / args.interval:.0f} req/s; {args.interval:.0f} s warm-up, then "
        f"{args.seconds:.0f} s counted",
        f"load server: homevisit-server run --workers {args.workers} --pool-size "
        f"{args.pool_size}, PostgreSQL",
        f"load host speed before the run: sum(range(10**6)) in {gauge:.1f} ms (lower is faster)",
        f"load throughput: {requests} requests in {elapsed:.0f} s ({requests / elapsed:.0f}/s), "
        f"{stats.cycles} sync cycles",
        f"load errors: {errors} {stats.errors if errors else ''}(target 0)",
        f"load pull p50: {_pct(stats.pull_ms, 50):.1f} ms, p95: {p95:.1f} ms (ratio "
        f"{p95 / TARGET_P95_MS:.2f}x of target, target p95 < {TARGET_P95_MS:.0f} ms), "
        f"p99: {_pct(stats.pull_ms, 99):.1f} ms",
        f"load push p50: {_pct(stats.push_ms, 50):.1f} ms, p95: {_pct(stats.push_ms, 95):.1f} ms",
        "load p95 per " + f"{WINDOW_SECONDS:.0f} s window (requests/p95 ms): " + ", ".join(
            f"{n}/{p:.0f}" for n, p in stats.windows()),
        f"load warm-up (not counted): {len(stats.warmup_ms)} requests, p95 "
        f"{_pct(stats.warmup_ms, 95):.1f} ms",
        f"load cpu (2 cores = {2 * elapsed:.0f} cpu-s available): server {server_cpu:.0f} cpu-s, "
        f"clients {client_cpu:.0f} cpu-s, rest of machine (PostgreSQL, others) "
        f"{max(0.0, busy - server_cpu - client_cpu):.0f} cpu-s",
        f"load server cpu per request under load: {server_cpu / max(requests, 1) * 1000:.1f} ms "
        f"({requests} requests)",
        f"load server cpu per request, idle server, one device: pull with nothing new "
        f"{empty_pull_ms:.2f} ms (target <= 3 ms), push of {BATCH} visits {push_ms:.2f} ms "
        f"(target <= 10 ms)",
        f"load generator cpu: {client_cpu:.0f} cpu-s over {elapsed:.0f} s = "
        f"{generator_load:.0%} of a core"
        + (f" — RUN DISCARDED: the generator saturated a core (>= "
           f"{GENERATOR_SATURATED:.0%}); its latencies include its own queueing"
           if saturated else " (not saturated: the run counts)"),
    ]
    for line in lines:
        print(line, flush=True)
    return lines


if __name__ == "__main__":
    main(sys.argv[1:])
