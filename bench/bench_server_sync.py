"""Push and pull of 10,000 small visit records through the real sync endpoints vs the raw
floor (DESIGN §6: target >= 0.5x), on SQLite and, given a URL, on PostgreSQL.

    python bench/bench_server_sync.py                      # SQLite only
    python bench/bench_server_sync.py --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    HOMEVISIT_BENCH_RECORDS=2000 python bench/bench_server_sync.py   # quicker

Floor, measured in the same run: the same JSON bodies (batches of 500 ops) POSTed over the
same kind of connection to a bare endpoint of a throwaway app (made here, same uvicorn
options, same database kind, migrated the same way) that bulk-inserts the records into
``visits`` with no validation, scope, idempotency or change log; and, for pull, a bare
endpoint that pages the same rows out as JSON. Ratio = floor time / real time (1.0 = as
fast as raw). Each server runs in its own process, the real one as production starts it
(``homevisit-server run``), so neither shares the client's GIL.

Before the timing each server gets one push of 500 more visits (which the pulls then read
too) and a pull of one change: the first request of a process compiles and builds what
later ones reuse. The whole run is made ``--rounds`` times (3), each on fresh databases,
and each side's best time counts: a run lasts about a second, and on a noisy machine one
slow moment on either side would otherwise decide the ratio. The PostgreSQL run makes
throwaway databases and drops them afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.protocol.admin import UserCreate
from homevisit.protocol.vocabulary import Role
from homevisit.runtime import tune_gc
from homevisit.server.assignments import assign_household
from homevisit.server.db import make_engine, make_sessionmaker, migrate
from homevisit.server.models import Household, Member, Visit
from homevisit.server.roster_key import create_secret_file
from homevisit.server.security import Passwords
from homevisit.server.serve import settle_heap
from homevisit.server.settings import PasswordCost, ServerSettings
from homevisit.server.users import add_region, add_team, create_user

TARGET = 0.5
BATCH = 500
FLOOR_DATABASE_ENV = "HOMEVISIT_BENCH_FLOOR_DATABASE_URL"
CHEAP = PasswordCost(time_cost=1, memory_kib=8, parallelism=1)


# --- plumbing shared with bench_server_load ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """A server in its own process group on a free loopback port, started with ``argv``
    followed by ``--host 127.0.0.1 --port N`` (``homevisit-server run`` and uvicorn both
    take them) and ready once ``ready`` (a GET path) answers 200. Client and server then
    never share a GIL, as in the field, where the server is another machine."""

    def __init__(self, argv: list[str], ready: str, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [*argv, "--host", "127.0.0.1", "--port", str(self.port)],
            env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(self.url + ready, trust_env=False).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self._kill(signal.SIGKILL)
        self.proc.wait()
        raise RuntimeError(f"{argv[0]} did not start")

    @classmethod
    def homevisit(cls, settings: ServerSettings) -> ServerProcess:
        """``homevisit-server run`` (one worker: the database is SQLite) over ``settings``'
        database, storage and roster secret, as production runs it."""
        exe = Path(sys.executable).with_name("homevisit-server")
        return cls([str(exe), "--database-url", settings.database_url,
                    "--storage-dir", str(settings.storage_dir),
                    "--secret-file", str(settings.roster_secret_path), "run"],
                   ready="/api/v1/health")

    @classmethod
    def floor(cls, database_url: str) -> ServerProcess:
        """The floor app over ``database_url`` under uvicorn with the options
        ``homevisit-server run`` gives it (homevisit.server.serve)."""
        return cls([sys.executable, "-m", "uvicorn", "--factory",
                    "bench_server_sync:floor_app_from_environment",
                    "--app-dir", str(Path(__file__).resolve().parent),
                    "--no-access-log", "--no-proxy-headers", "--backlog", "2048",
                    "--log-level", "warning"],
                   ready="/raw/pull?limit=1", env={FLOOR_DATABASE_ENV: database_url})

    def _kill(self, sig: signal.Signals) -> None:
        with suppress(ProcessLookupError):  # the group is gone already
            os.killpg(self.proc.pid, sig)

    def stop(self) -> None:
        self._kill(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:  # graceful shutdown can hang on open connections
            self._kill(signal.SIGKILL)
            self.proc.wait()


@contextmanager
def database(kind: str, pg_url: str | None, tmp: Path, name: str) -> Iterator[str]:
    """A migrated throwaway database; PostgreSQL ones are dropped afterwards."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp / name}.db"
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url
        return
    assert pg_url
    db_name = f"hv_bench_{name}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{db_name}"'))
    url = make_url(pg_url).set(database=db_name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()


def seed_counselors(url: str, counselors: int, households_each: int) -> list[tuple[str, list[str]]]:
    """Counselors (cheap password hashes: logging in is not what is measured) with their
    assigned households; returns (username, household ids)."""
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    out: list[tuple[str, list[str]]] = []
    with sessions.begin() as s:
        add_region(s, "320000", "江苏省", None)
        add_region(s, "320321", "丰县", "320000")
        add_team(s, "bench", "320321")
    passwords = Passwords(CHEAP)
    for i in range(counselors):
        username = f"counselor{i}"
        with sessions.begin() as s:
            create_user(s, passwords, UserCreate(username=username, password="bench-password",
                                                 role=Role.COUNSELOR, team="bench"))
            ids = []
            for _ in range(households_each):
                hid = str(uuid.uuid4())
                s.add(Household(id=hid, region_code="320321", rev=1))
                s.flush()
                assign_household(s, hid, username, None, actor="bench")
                ids.append(hid)
        out.append((username, ids))
    engine.dispose()
    return out


def login(base_url: str, username: str) -> dict[str, str]:
    headers = {CLIENT_VERSION_HEADER: "0.1.0"}
    r = httpx.post(f"{base_url}/api/v1/auth/login", headers=headers, trust_env=False, json={
        "username": username, "password": "bench-password", "device_name": "bench"})
    r.raise_for_status()
    return {**headers, "Authorization": f"Bearer {r.json()['access_token']}"}


def visit_op(op_id: int, household_id: str, n: int) -> dict[str, Any]:
    visit_id = str(uuid.uuid4())
    return {"op_id": op_id, "entity": "visit", "entity_id": visit_id, "operation": "upsert",
            "base_rev": 0, "payload": {
                "id": visit_id, "household_id": household_id, "status": "draft", "version": 0,
                "mode": "home", "started_at": "2026-07-01T08:00:00+00:00",
                "answers": {"income": 12000 + n, "members": 4}, "observations": "家中整洁",
                "recommended_level": "比较困难"}}


# --- the floor -------------------------------------------------------------------------------


def floor_app(url: str) -> FastAPI:
    """Bare endpoints: bulk-insert the pushed records; page them out."""
    engine = make_engine(url)
    app = FastAPI()

    @app.post("/raw/push")
    async def raw_push(request: Request) -> dict[str, int]:
        body = await request.json()
        rows = []
        for op in body["ops"]:
            p = op["payload"]
            rows.append({**p, "started_at": dt.datetime.fromisoformat(p["started_at"]),
                         "rev": 1})
        with engine.begin() as conn:
            conn.execute(insert(Visit), rows)
        return {"stored": len(rows)}

    @app.get("/raw/pull")
    def raw_pull(after: str = "", limit: int = 1000, table: str = "visits") -> Response:
        import json

        model = {"visits": Visit, "households": Household, "members": Member}[table]
        cols = [c for c in model.__table__.columns]  # type: ignore[attr-defined]
        with engine.connect() as conn:
            rows = conn.execute(select(*cols).where(model.id > after).order_by(model.id)
                                .limit(limit)).mappings().all()
        out = [{k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in r.items()}
               for r in rows]
        return Response(json.dumps({"rows": out}, ensure_ascii=False),
                        media_type="application/json")

    return app


def floor_app_from_environment() -> FastAPI:
    """uvicorn's ``--factory`` entry of :class:`ServerProcess.floor`, with the collector
    set up as ``homevisit-server run`` sets up its own workers (raw speed, not a handicap)."""
    app = floor_app(os.environ[FLOOR_DATABASE_ENV])
    tune_gc()
    settle_heap()
    return app


def run_backend(kind: str, pg_url: str | None, records: int, rounds: int = 1) -> list[str]:
    """The lines of ``rounds`` whole runs, each on fresh databases, with the best time of
    each side: on a noisy machine one slow moment would otherwise decide the ratio of a
    run that lasts a second."""
    runs = [measure(kind, pg_url, records) for _ in range(rounds)]
    best = {key: min(run[key] for run in runs) for key in runs[0]}
    lines = []
    for what, count in (("push", records), ("pull", records + BATCH)):
        real_s, floor_s = best[what], best[f"{what}_floor"]
        lines.append(
            f"sync {what} {count} visits ({kind}): {real_s:.2f} s, "
            f"{count / real_s:.0f} records/s (ratio {floor_s / real_s:.2f}x vs floor "
            f"{floor_s:.2f} s, target >= {TARGET}x; best of {rounds})")
    return lines


def measure(kind: str, pg_url: str | None, records: int) -> dict[str, float]:
    """Seconds for the real push and pull of ``records`` visits and for their floors."""
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        with database(kind, pg_url, tmp, "real") as real_url, \
                database(kind, pg_url, tmp, "floor") as floor_url:
            [(username, households)] = seed_counselors(real_url, 1, 10)
            with make_engine(floor_url).begin() as conn:
                conn.execute(insert(Household), [{"id": h, "region_code": "320321", "rev": 1}
                                                 for h in households])
            settings = ServerSettings(database_url=real_url, storage_dir=tmp / "storage",
                                      password_cost=CHEAP)
            create_secret_file(settings.roster_secret_path)
            real = ServerProcess.homevisit(settings)
            floor = ServerProcess.floor(floor_url)
            try:
                headers = login(real.url, username)
                ops = [visit_op(i + 1, households[i % len(households)], i)
                       for i in range(records + BATCH)]
                warm_up = {"ops": ops[records:]}
                bodies = [{"ops": ops[i:i + BATCH]} for i in range(0, records, BATCH)]
                with httpx.Client(headers=headers, trust_env=False, timeout=300) as client:
                    # Warm-up, not timed: each server's first push and pull (statements
                    # compiled, schemas built, lazy imports) cost what no later one does.
                    client.post(f"{real.url}/api/v1/sync/push", json=warm_up).raise_for_status()
                    client.post(f"{floor.url}/raw/push", json=warm_up).raise_for_status()
                    client.get(f"{real.url}/api/v1/sync/pull", params={"limit": 1})
                    client.get(f"{floor.url}/raw/pull", params={"limit": 1})
                    t0 = time.perf_counter()
                    for body in bodies:
                        client.post(f"{floor.url}/raw/push", json=body).raise_for_status()
                    floor_push = time.perf_counter() - t0
                    t0 = time.perf_counter()
                    for body in bodies:
                        r = client.post(f"{real.url}/api/v1/sync/push", json=body)
                        r.raise_for_status()
                        assert all(x["status"] == "applied" for x in r.json()["results"])
                    real_push = time.perf_counter() - t0
                    t0 = time.perf_counter()
                    after, got = "", 0
                    while True:
                        rows = client.get(f"{floor.url}/raw/pull",
                                          params={"after": after, "limit": 1000}).json()["rows"]
                        if not rows:
                            break
                        got += len(rows)
                        after = rows[-1]["id"]
                    floor_pull = time.perf_counter() - t0
                    assert got == records + BATCH
                    t0 = time.perf_counter()
                    since, visits = 0, 0
                    while True:
                        page = client.get(f"{real.url}/api/v1/sync/pull",
                                          params={"since": since, "limit": 1000}).json()
                        visits += sum(c["entity"] == "visit" for c in page["changes"])
                        since = page["cursor"]
                        if not page["has_more"]:
                            break
                    real_pull = time.perf_counter() - t0
                    assert visits == records + BATCH
            finally:
                real.stop()
                floor.stop()
    return {"push": real_push, "push_floor": floor_push, "pull": real_pull,
            "pull_floor": floor_pull}


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=os.environ.get("HOMEVISIT_TEST_PG_URL"),
                        help="a PostgreSQL server URL to make throwaway databases on")
    parser.add_argument("--records", type=int,
                        default=int(os.environ.get("HOMEVISIT_BENCH_RECORDS", "10000")))
    parser.add_argument("--rounds", type=int,
                        default=int(os.environ.get("HOMEVISIT_BENCH_ROUNDS", "3")),
                        help="whole runs on fresh databases; each side's best time counts")
    # A runner calls main() with no arguments: never read the runner's own sys.argv.
    args = parser.parse_args([] if argv is None else argv)
    lines: list[str] = []
    for kind in ("sqlite", *(["postgresql"] if args.pg_url else [])):
        for line in run_backend(kind, args.pg_url, args.records, args.rounds):
            print(line, flush=True)
            lines.append(line)
    return lines


if __name__ == "__main__":
    main(sys.argv[1:])
