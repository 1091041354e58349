"""The client sync engine end to end over loopback (DESIGN §6), floors measured in the same run.

    python bench/bench_sync.py                    # 10,000 records, 2,000 households
    HOMEVISIT_BENCH_RECORDS=2000 HOMEVISIT_BENCH_HOUSEHOLDS=400 python bench/bench_sync.py

- records: 10,000 small visits made in device A's encrypted store, pushed by the engine to
  the real server (SQLite), and pulled by device B's engine into its encrypted store.
  Floors (issue 20), each measured in this run against the bare bulk-insert app of
  bench/bench_server_sync.py (no sync bookkeeping at all):
  push floor = the same JSON bodies bulk-POSTed to it;
  pull floor = the same rows paged out of it PLUS bulk-inserted (executemany, one
  transaction per page) into an encrypted store on the client;
  end-to-end floor = their sum. Ratio = floor / real, target >= 0.5 for each. Made
  HOMEVISIT_BENCH_ROUNDS times (3), 10,000 new visits each round, each floor on a fresh
  bare app; each side's best round counts (one run lasts a second or two, and on a noisy
  machine a single slow moment on either side swung the push ratio from 0.36 to 0.74).
- first download: a counselor's new laptop pulls 2,000 households with 7,000 members (3.5
  each) — one whole sync run. Floor: the same households and members paged out of the bare
  app and bulk-inserted into an encrypted store, one transaction per page. Target < 3 s.
- no-op sync: a whole sync run (/me with the policies, empty push, one pull page, documents,
  audit head, scope check) when nothing changed; median of 30, target < 50 ms.
- upload: a 20 MB attachment uploaded by the engine (vault decryption, chunk hashes, state
  saved after every chunk) vs raw httpx PATCHes of the same size streamed from memory to the
  same endpoints. Ratio = floor / real, target >= 0.7.

Processes (issue 20): the central server runs as production runs it, ``homevisit-server
run`` in its own process, over the SQLite database tests/sync/synckit.py's Central
prepares; the floor app runs under uvicorn in its own process too, so both sides are
measured the same way. In one process, client and server would share one GIL, which never
happens in the field (the server is another machine), and client work that overlaps the
server's (push pipelining) could not show.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "sync"))

from sqlalchemy import select  # noqa: E402
from synckit import Central, Device  # noqa: E402

from homevisit import outbox  # noqa: E402
from homevisit.model import Attachment, Outbox, SyncState, Visit  # noqa: E402
from homevisit.protocol import CLIENT_VERSION_HEADER  # noqa: E402
from homevisit.runtime import tune_gc  # noqa: E402
from homevisit.sync.attachments import upload_all  # noqa: E402
from homevisit.sync.progress import Phase, Progress, ignore  # noqa: E402
from homevisit.sync.transport import Tokens  # noqa: E402


def _server_bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_server_sync",
                                                  ROOT / "bench" / "bench_server_sync.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_visits(device: Device, households: list[str], count: int) -> None:
    def make(session: Any) -> None:
        for n in range(count):
            outbox.save(session, Visit(
                household_id=households[n % len(households)], mode="home",
                started_at=dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC),
                answers={"income": 12000 + n, "members": 4}, observations="家中整洁",
                recommended_level="比较困难"))

    device.store.run(make)


def floor_bodies(session: Any) -> list[dict[str, Any]]:
    """The queued ops as the floor app takes them: the same records, in batches of 500."""
    ops = []
    for row in session.scalars(select(Outbox).order_by(Outbox.op_id)):
        payload = {k: v for k, v in row.payload["record"].items()
                   if v is not None and k not in ("rev", "deleted", "updated_at")}
        ops.append({"op_id": row.op_id, "entity": row.entity, "entity_id": row.entity_id,
                    "operation": "upsert", "base_rev": 0, "payload": payload})
    return [{"ops": ops[i:i + 500]} for i in range(0, len(ops), 500)]


class PhaseClock:
    def __init__(self) -> None:
        self.marks: dict[Phase, float] = {}

    def __call__(self, progress: Progress) -> None:
        self.marks.setdefault(progress.phase, time.perf_counter())


def client_values(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    """A row of the bare app's JSON as values of the client's table: its columns only,
    dates and times parsed back (what a real client does with the wire record too)."""
    out: dict[str, Any] = {}
    for column in model.__table__.columns:
        if column.key not in row:
            continue
        value = row[column.key]
        if isinstance(value, str):
            python_type = getattr(column.type, "impl", column.type).python_type
            if python_type is dt.datetime:
                value = dt.datetime.fromisoformat(value)
                value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
            elif python_type is dt.date:
                value = dt.date.fromisoformat(value)
        out[column.key] = value
    return out


def floor_pull_into_store(client: httpx.Client, store: Any, tables: list[tuple[str, Any]],
                          page: int = 1000) -> int:
    """Page ``tables`` out of the bare app and bulk-insert every page into ``store`` (one
    transaction per page, executemany): the pull floor. Returns rows moved."""
    from sqlalchemy import insert

    moved = 0
    for table, model in tables:
        after = ""
        while True:
            rows = client.get("/raw/pull", params={"after": after, "limit": page,
                                                   "table": table}).json()["rows"]
            if not rows:
                break
            values = [client_values(model, r) for r in rows]
            store.run(lambda s, values=values, model=model: s.execute(insert(model), values)
                      and None)
            moved += len(rows)
            after = rows[-1]["id"]
    return moved


def floor_records(server_bench: Any, tmp: Path, households: list[str],
                  bodies: list[dict[str, Any]]) -> tuple[float, float]:
    """(push floor, pull floor) for the visits of ``bodies`` (see the module docstring)."""
    from sqlalchemy import insert

    from homevisit.model import Household as LocalHousehold
    from homevisit.server.db import make_engine
    from homevisit.server.models import Household
    from homevisit.store import Store

    with server_bench.database("sqlite", None, tmp, "floor") as url:
        with make_engine(url).begin() as conn:
            conn.execute(insert(Household), [{"id": h, "region_code": "320321", "rev": 1}
                                             for h in households])
        floor = server_bench.ServerProcess.floor(url)
        store = Store.open(tmp / "floor-store.db", os.urandom(32), create=True)
        store.run(lambda s: s.execute(insert(LocalHousehold), [
            {"id": h, "region_code": "320321", "rev": 1} for h in households]) and None)
        try:
            with httpx.Client(base_url=floor.url, trust_env=False, timeout=300) as client:
                client.get("/raw/pull", params={"limit": 1})
                t0 = time.perf_counter()
                for body in bodies:
                    client.post("/raw/push", json=body).raise_for_status()
                push_floor = time.perf_counter() - t0
                t0 = time.perf_counter()
                got = floor_pull_into_store(client, store, [("visits", Visit)])
                pull_floor = time.perf_counter() - t0
                assert got == sum(len(b["ops"]) for b in bodies)
        finally:
            store.close()
            floor.stop()
    return push_floor, pull_floor


def seed_download(central: Central, counselor: str, households: int,
                  members_each: float) -> int:
    """``households`` households with ``members_each`` members on average, assigned to
    ``counselor``, written straight into the server's database (with their change-log
    rows, as the server's own import makes them). Returns the member count."""
    from homevisit.protocol.records import Entity
    from homevisit.server.assignments import assign_household
    from homevisit.server.changes import bump, record_change
    from homevisit.server.models import Household, Member

    members = 0
    with central.services.sessions.begin() as s:
        for n in range(households):
            household = Household(id=str(uuid.uuid4()), region_code="320321",
                                  address=f"东村 {n} 号", rev=0)
            bump(household)
            s.add(household)
            s.flush()
            record_change(s, Entity.HOUSEHOLD, household)
            count = 3 if n % 2 else 4  # 3.5 on average
            for i in range(count):
                member = Member(id=str(uuid.uuid4()), household_id=household.id,
                                name=f"王{n}号{i}", relation="child" if i else "father",
                                is_guardian=i == 0, rev=0)
                bump(member)
                s.add(member)
                record_change(s, Entity.MEMBER, member, household=household)
                members += 1
            s.flush()
            assign_household(s, household.id, counselor, None, actor="bench")
    return members


def first_download(server_bench: Any, central: Central, tmp: Path, households: int
                   ) -> tuple[float, float, int, int]:
    """(real, floor, households, members) of a counselor's first download."""
    from homevisit.model import Household as LocalHousehold
    from homevisit.model import Member as LocalMember
    from homevisit.store import Store

    central.user("counselor", "li")
    members = seed_download(central, "li", households, 3.5)
    device = Device.enrolled(tmp / "c", central, "li")
    try:
        t0 = time.perf_counter()
        result = device.engine.run(ignore)
        real = time.perf_counter() - t0
        assert result.ok and result.pulled >= households + members, result.error
    finally:
        device.close()
    floor_app = server_bench.ServerProcess.floor(central.settings.database_url)
    store = Store.open(tmp / "floor-download.db", os.urandom(32), create=True)
    try:
        with httpx.Client(base_url=floor_app.url, trust_env=False, timeout=300) as client:
            client.get("/raw/pull", params={"limit": 1})
            t0 = time.perf_counter()
            moved = floor_pull_into_store(client, store, [("households", LocalHousehold),
                                                          ("members", LocalMember)])
            floor = time.perf_counter() - t0
    finally:
        store.close()
        floor_app.stop()
    assert moved >= households + members
    return real, floor, households, members


def raw_upload(url: str, token: str, data: bytes, chunk: int, household_id: str) -> float:
    import hashlib

    headers = {CLIENT_VERSION_HEADER: "0.1.0", "Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url + "/api/v1", headers=headers, trust_env=False,
                      timeout=60) as client:
        t0 = time.perf_counter()
        state = client.post("/attachments/uploads", json={
            "household_id": household_id, "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data)}).json()
        offset = 0
        while offset < len(data):
            part = data[offset:offset + chunk]
            r = client.patch(f"/attachments/uploads/{state['upload_id']}", content=iter([part]),
                             headers={"Upload-Offset": str(offset),
                                      "Upload-Chunk-Sha256": hashlib.sha256(part).hexdigest(),
                                      "Content-Type": "application/offset+octet-stream"})
            r.raise_for_status()
            offset += len(part)
        return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> list[str]:
    records = int(os.environ.get("HOMEVISIT_BENCH_RECORDS", "10000"))
    rounds = int(os.environ.get("HOMEVISIT_BENCH_ROUNDS", "3"))
    lines: list[str] = []
    # The client process collects garbage as the app's does (homevisit.cli.main): with
    # CPython's defaults the store's worker walked the whole heap (the app's modules, and
    # the server's, which this process imports to prepare the database) every few pages.
    tune_gc()
    server_bench = _server_bench()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        central = Central.start(
            tmp / "central",
            serve=lambda settings, _services: server_bench.ServerProcess.homevisit(settings))
        lines.append("sync processes: homevisit-server run (SQLite) and the floor app "
                     "(uvicorn) each in its own process, apart from the client's")
        try:
            central.user("counselor", "wang")
            households = [central.household("wang") for _ in range(10)]
            a = Device.enrolled(tmp / "a", central, "wang")
            b = Device.enrolled(tmp / "b", central, "wang")
            assert a.sync().ok and b.sync().ok
            runs = []
            for round_ in range(rounds):
                make_visits(a, households, records)
                bodies = a.store.run(floor_bodies)
                clock = PhaseClock()
                result = a.engine.run(clock)
                assert result.ok and result.pushed == records, result.error
                push_s = clock.marks[Phase.PULLING] - clock.marks[Phase.PUSHING]
                t0 = time.perf_counter()
                result = b.engine.run(ignore)
                pull_s = time.perf_counter() - t0
                assert result.ok and result.pulled >= records, result.error
                floor_dir = tmp / f"floor-{round_}"
                floor_dir.mkdir()
                runs.append((push_s, pull_s,
                             *floor_records(server_bench, floor_dir, households, bodies)))
            # Each side's best round (see the module docstring).
            push_s, pull_s, push_floor, pull_floor = (
                min(column) for column in zip(*runs, strict=True))
            real = push_s + pull_s
            floor = push_floor + pull_floor
            lines.append(
                f"sync push {records} records (store A -> server): {push_s:.2f} s "
                f"(ratio {push_floor / push_s:.2f}x vs floor {push_floor:.2f} s: the same "
                f"bodies bulk-POSTed to the bare app, target >= 0.5x; best of {rounds})")
            lines.append(
                f"sync pull {records} records (server -> store B): {pull_s:.2f} s "
                f"(ratio {pull_floor / pull_s:.2f}x vs floor {pull_floor:.2f} s: the same "
                f"pages from the bare app + executemany into an encrypted store, "
                f"target >= 0.5x; best of {rounds})")
            lines.append(
                f"sync end to end {records} records (store A -> server -> store B): "
                f"{real:.2f} s (push {push_s:.2f} s, pull {pull_s:.2f} s), "
                f"{records / real:.0f} records/s (ratio {floor / real:.2f}x vs floor "
                f"{floor:.2f} s = push floor + pull floor, target >= 0.5x)")
            download_households = int(os.environ.get("HOMEVISIT_BENCH_HOUSEHOLDS", "2000"))
            real_d, floor_d, n_h, n_m = first_download(server_bench, central, tmp,
                                                       download_households)
            lines.append(
                f"sync first download {n_h} households + {n_m} members (one whole sync "
                f"of a new laptop): {real_d:.2f} s (target < 3 s; ratio {floor_d / real_d:.2f}x "
                f"vs floor {floor_d:.2f} s: the same rows paged out of the bare app + "
                f"executemany into an encrypted store)")

            a.sync()
            times = []
            for _ in range(30):
                t0 = time.perf_counter()
                assert a.engine.run(ignore).ok
                times.append((time.perf_counter() - t0) * 1000)
            lines.append(f"sync no-op round trip: {statistics.median(times):.1f} ms median, "
                         f"{max(times):.1f} ms max (target < 50 ms)")

            size = 20 * 1024 * 1024
            transport = a.engine.transport()
            token = Tokens.unpack(a.store.run(
                lambda s: s.get(SyncState, 1).device_token)).access
            real_runs, floor_runs = [], []
            for _ in range(3):  # best of three: the machine is shared
                stored = a.vault.put_stream(io.BytesIO(os.urandom(size)))
                a.store.run(lambda s, stored=stored: outbox.save(s, Attachment(
                    household_id=households[0], doc_type="home_photo", mime="image/jpeg",
                    size=stored.size, sha256=stored.sha256, vault_file_id=stored.file_id,
                    file_key=stored.key)))
                t0 = time.perf_counter()
                summary = upload_all(a.store, a.vault, transport, ignore)
                real_runs.append(time.perf_counter() - t0)
                assert summary.bytes_sent == size
                floor_runs.append(raw_upload(central.url, token, os.urandom(size),
                                             central.settings.chunk_max_bytes, households[0]))
            real_upload, floor_upload = min(real_runs), min(floor_runs)
            lines.append(
                f"sync attachment upload 20 MB: {real_upload:.2f} s, "
                f"{size / real_upload / 1e6:.0f} MB/s (ratio {floor_upload / real_upload:.2f}x "
                f"vs floor {floor_upload:.2f} s raw httpx, target >= 0.7x)")
            a.close()
            b.close()
        finally:
            central.stop()
    for line in lines:
        print(line)
    return lines


if __name__ == "__main__":
    main()
