"""500 simulated devices syncing at once against the central API on PostgreSQL (DESIGN §6).

Each device (its own keep-alive connection, its own token) pulls its scope page by page,
then pushes a small batch (a new draft visit and an edit of it), for a few rounds, all
devices at once. The server runs as ``homevisit-server run`` in a separate process, like
production. Target: zero errors and pull p95 < 200 ms. The floor is the p95 of a bare
``GET /health`` at the same concurrency, measured in the same run.

    python bench/bench_server_devices.py        # HOMEVISIT_BENCH_DEVICES=500, _ROUNDS=3
PostgreSQL: HOMEVISIT_BENCH_PG_URL (an admin URL; a throwaway database is created and
dropped), default postgresql+psycopg://postgres@127.0.0.1:5432/postgres.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.protocol.records import Entity
from homevisit.server.changes import bump, record_change
from homevisit.server.db import make_engine, make_sessionmaker, migrate
from homevisit.server.models import Device, Household, Member, Team, Token, User, utcnow
from homevisit.server.security import new_token, token_hash
from homevisit.server.users import add_region

DEVICES = int(os.environ.get("HOMEVISIT_BENCH_DEVICES", "500"))
ROUNDS = int(os.environ.get("HOMEVISIT_BENCH_ROUNDS", "3"))
TIME_CAP = float(os.environ.get("HOMEVISIT_BENCH_TIME_CAP", "90"))
DEVICES_PER_COUNSELOR = 5
HOUSEHOLDS_PER_COUNSELOR = 5
ADMIN_URL = os.environ.get("HOMEVISIT_BENCH_PG_URL",
                           "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(url: str) -> list[tuple[str, list[str]]]:
    """Counselors with households and registered devices; returns (token, household ids)."""
    engine = make_engine(url)
    migrate(engine)
    devices: list[tuple[str, list[str]]] = []
    counselors = (DEVICES + DEVICES_PER_COUNSELOR - 1) // DEVICES_PER_COUNSELOR
    with make_sessionmaker(engine).begin() as s:
        add_region(s, "320000", "江苏省", None)
        add_region(s, "320321", "丰县", "320000")
        team = Team(name="bench", region_code="320321")
        s.add(team)
        s.flush()
        expires = utcnow().replace(year=utcnow().year + 1)
        for c in range(counselors):
            user = User(username=f"c{c}", display_name=f"c{c}", role="counselor",
                        team_id=team.id, password_hash="x")
            s.add(user)
            s.flush()
            households = []
            for _ in range(HOUSEHOLDS_PER_COUNSELOR):
                h = Household(id=str(uuid.uuid4()), region_code="320321", team_id=team.id,
                              assigned_counselor=user.username, rev=0)
                bump(h)
                s.add(h)
                record_change(s, Entity.HOUSEHOLD, h)
                for relation in ("father", "mother", "child"):
                    m = Member(id=str(uuid.uuid4()), household_id=h.id, name="某人",
                               relation=relation, rev=0)
                    bump(m)
                    s.add(m)
                    record_change(s, Entity.MEMBER, m, household=h)
                households.append(h.id)
            for _ in range(DEVICES_PER_COUNSELOR):
                if len(devices) == DEVICES:
                    break
                device = Device(id=str(uuid.uuid4()), user_id=user.id, name="bench")
                token = new_token()
                s.add(device)
                s.flush()  # tokens has no relationship to devices to order the inserts by
                s.add(Token(token_hash=token_hash(token), device_id=device.id, kind="access",
                            expires_at=expires))
                devices.append((token, households))
    engine.dispose()
    return devices


def _p(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100)[int(q) - 1]


async def _device(base: str, token: str, households: list[str], stats: dict[str, Any],
                  deadline: float, op_base: int) -> None:
    headers = {"Authorization": f"Bearer {token}", CLIENT_VERSION_HEADER: "0.1.0"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60,
                                 trust_env=False) as client:
        await asyncio.sleep(random.random())
        cursor, op_id = 0, op_base
        for _ in range(ROUNDS):
            if time.monotonic() > deadline:
                stats["cut"] += 1
                return
            while True:
                t0 = time.perf_counter()
                try:
                    r = await client.get("/api/v1/sync/pull", params={"since": cursor,
                                                                       "limit": 200})
                except httpx.HTTPError:
                    stats["errors"].append("pull transport")
                    break
                stats["pull"].append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    stats["errors"].append(f"pull {r.status_code}")
                    break
                page = r.json()
                cursor = page["cursor"]
                if not page["has_more"]:
                    break
            visit_id = str(uuid.uuid4())
            visit = {"id": visit_id, "household_id": random.choice(households),
                     "status": "draft", "mode": "home", "answers": {"income": 1000}}
            ops = [
                {"op_id": op_id + 1, "entity": "visit", "entity_id": visit_id,
                 "operation": "upsert", "base_rev": 0, "payload": visit},
                {"op_id": op_id + 2, "entity": "visit", "entity_id": visit_id,
                 "operation": "upsert", "base_rev": 1,
                 "payload": {**visit, "observations": "整洁"}},
            ]
            op_id += 2
            t0 = time.perf_counter()
            try:
                r = await client.post("/api/v1/sync/push", json={"ops": ops})
            except httpx.HTTPError as exc:
                stats["errors"].append(f"push {type(exc).__name__}")
                continue
            stats["push"].append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                stats["errors"].append(f"push {r.status_code}")
            elif any(res["status"] != "applied" for res in r.json()["results"]):
                stats["errors"].append("push not applied")


async def _health_floor(base: str, n: int) -> list[float]:
    async def one(client: httpx.AsyncClient) -> float:
        await asyncio.sleep(random.random())
        t0 = time.perf_counter()
        r = await client.get("/api/v1/health")
        r.raise_for_status()
        return (time.perf_counter() - t0) * 1000

    clients = [httpx.AsyncClient(base_url=base, timeout=60, trust_env=False) for _ in range(n)]
    try:
        return list(await asyncio.gather(*(one(c) for c in clients)))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


def main() -> dict[str, float]:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"hv_bench_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    port = _free_port()
    server = None
    try:
        devices = _seed(url)
        with tempfile.TemporaryDirectory() as storage:
            server = subprocess.Popen(
                [sys.executable, "-m", "homevisit.server.cli", "--database-url", url,
                 "--storage-dir", storage, "run", "--port", str(port)],
                stdout=subprocess.DEVNULL)
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/api/v1/health", trust_env=False).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.05)
            floor = asyncio.run(_health_floor(base, len(devices)))
            stats: dict[str, Any] = {"pull": [], "push": [], "errors": [], "cut": 0}
            started = time.monotonic()
            deadline = started + TIME_CAP

            async def everyone() -> None:
                await asyncio.gather(*(
                    _device(base, token, hh, stats, deadline, i * 1_000_000)
                    for i, (token, hh) in enumerate(devices)))

            asyncio.run(everyone())
            elapsed = time.monotonic() - started
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:  # graceful shutdown stuck on open connections
                server.kill()
                server.wait()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
    pull_p95, floor_p95 = _p(stats["pull"], 95), _p(floor, 95)
    result = {
        "devices": len(devices), "rounds": ROUNDS, "seconds": elapsed,
        "errors": len(stats["errors"]), "cut_by_time_cap": stats["cut"],
        "pull_p50_ms": _p(stats["pull"], 50), "pull_p95_ms": pull_p95,
        "push_p95_ms": _p(stats["push"], 95), "health_p95_ms": floor_p95,
        "requests": len(stats["pull"]) + len(stats["push"]),
    }
    print(f"server_devices: {len(devices)} devices x {ROUNDS} rounds in {elapsed:.1f} s, "
          f"{result['requests']} sync requests, {result['errors']} errors "
          f"(target 0), {stats['cut']} devices cut by the {TIME_CAP:.0f} s cap")
    print(f"server_pull_p95: {pull_p95:.1f} ms (ratio {pull_p95 / floor_p95:.2f}x vs "
          f"health p95 {floor_p95:.1f} ms floor, target < 200 ms)")
    print(f"server_pull_p50: {result['pull_p50_ms']:.1f} ms")
    print(f"server_push_p95: {result['push_p95_ms']:.1f} ms (2-op batches)")
    if stats["errors"]:
        print("errors:", sorted(set(stats["errors"]))[:10])
    return result


if __name__ == "__main__":
    main()
