"""Encrypted store vs plain SQLite on the app's own queries (issue 2, DESIGN §6).

    python bench/bench_store.py          # 50,000 households; HOMEVISIT_BENCH_HOUSEHOLDS=5000 quick

Floor: the same ``Store`` code opened with ``key=None`` (plain SQLite through the same
sqlcipher3 build), same data, same queries, in this run. Both stores live in the temp dir on
disk (real fsync; WAL, synchronous FULL).

What is measured, per store:
- insert: 50,000 households with 3–4 members each, written the way a sync pull applies pages:
  ORM bulk inserts, one transaction per 1,000 households. ``search_text`` is computed once
  beforehand for both stores (the pinyin work is the same with or without encryption); the
  search index is written with each page (``search_index.reindex``), as a sync pull does.
- cold page: the first list page after re-opening the store (SQLCipher's page cache is empty,
  so every page read is decrypted; the OS file cache is warm, as just after unlock).
- lookups: 10,000 primary-key gets of random households, 1,000 per call of ``Store.run``.
- list page: 50 households (with their members) ordered by due date at offset 25,000.
- search: 200 search-as-you-type queries (pinyin initials, full pinyin, names, ID tails),
  first 50 matches by due date, through the search index (``search_select(..., session=)``).
The two stores are open side by side and every step alternates between them, so load from
anything else on the machine falls on both alike. Lookups, list and search are steady state
(after one warm-up pass): each is cut into short units (1,000 lookups, one page, one query),
each unit's best of RUNS counts, so a burst of load spoils one unit, not a whole figure.
Cold page is a single first read; on a busy machine it is noisy either way.
The search p95 is per query on the encrypted store (DESIGN §6 asks < 30 ms). Memory is the
peak RSS of a fresh process that opens the encrypted store and runs the same queries.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import false, insert, select
from sqlalchemy.orm import Session, selectinload

from homevisit.households.search import search_select, search_text_for
from homevisit.households.search_index import reindex
from homevisit.ids import id_check_character
from homevisit.model import Household, Member, new_id
from homevisit.store import Store

HOUSEHOLDS = int(os.environ.get("HOMEVISIT_BENCH_HOUSEHOLDS", "50000"))
PAGE_ROWS = 1000
LOOKUPS = 10_000
SEARCHES = 200
RUNS = 2
TARGET = 1.5

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强海燕文杰晓东子涵浩然欣怡"
)
ROADS = "中山北京东路解放路人民路建设路和平路新华路胜利路长江路黄河路"


class _Row:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def _resident_id(rng: random.Random) -> str:
    born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 45))
    first17 = f"320{rng.randrange(100, 999)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_character(first17)


def make_data(households: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """Made-up households and members, with search_text computed as the app does."""
    rng = random.Random(seed)
    house_rows: list[dict] = []
    member_rows: list[dict] = []
    now = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    for _ in range(households):
        hid = new_id()
        surname = rng.choice(SURNAMES)
        road = rng.randrange(0, len(ROADS) - 3, 3)
        address = f"{ROADS[road : road + 3]}{rng.randrange(1, 999)}号"
        members = []
        for relation in ("father", "mother", "student", "student")[: rng.choice((3, 4))]:
            given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            members.append(
                {
                    "id": new_id(),
                    "updated_at": now,
                    "household_id": hid,
                    "name": (surname if relation != "mother" else rng.choice(SURNAMES)) + given,
                    "relation": relation,
                    "id_number": _resident_id(rng),
                    "phone": f"138{rng.randrange(10**8):08d}",
                    "is_guardian": relation != "student",
                    "income": {"wages": float(rng.randrange(0, 60000))},
                }
            )
        text = search_text_for(_Row(address=address), [_Row(**m) for m in members])
        house_rows.append(
            {
                "id": hid,
                "updated_at": now,
                "region_code": "320102",
                "address": address,
                "rural": rng.random() < 0.4,
                "special_categories": rng.sample(["dibao", "tuopin", "canji", "guer"], k=1),
                "assigned_counselor": f"teacher{rng.randrange(20)}",
                "due_date": dt.date(2026, 10, 1) + dt.timedelta(days=rng.randrange(120)),
                "search_text": text,
            }
        )
        member_rows.extend(members)
    return house_rows, member_rows


def _queries(members: list[dict], rng: random.Random) -> list[str]:
    queries: list[str] = []
    for member in rng.sample(members, SEARCHES):
        kind = len(queries) % 4
        words = search_text_for(_Row(address=""), [_Row(**member)]).split()
        # name, full pinyin, initials, ID tail: what people type into the search box
        queries.append([words[0][:2], words[1][:6], words[2], member["id_number"][-4:]][kind])
    return queries


def _list_page(session: Session) -> list[tuple[str, int]]:
    rows = session.scalars(
        select(Household)
        .where(Household.deleted == false())
        .order_by(Household.due_date, Household.id)
        .offset(HOUSEHOLDS // 2)
        .limit(50)
        .options(selectinload(Household.members))
    ).all()
    return [(h.id, len(h.members)) for h in rows]


def _search(queries: list[str]) -> Callable[[Session], int]:
    def run(session: Session) -> int:
        return sum(len(session.scalars(search_select(q, session=session)).all()) for q in queries)

    return run


def _lookups(ids: list[str]) -> Callable[[Store], None]:
    chunks = [ids[i : i + 1000] for i in range(0, len(ids), 1000)]

    def run(store: Store) -> None:
        for chunk in chunks:
            store.run(lambda s, chunk=chunk: [s.get(Household, i).due_date for i in chunk])

    return run


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(
    root: Path, data: tuple[list[dict], list[dict]], ids: list[str], queries: list[str]
) -> tuple[dict[str, dict[str, float]], list[float]]:
    """Both stores side by side, each step alternating between them, so that load from
    anything else on the machine falls on both alike."""
    keys = {"plain": None, "encrypted": os.urandom(32)}
    paths = {arm: root / arm / "store.db" for arm in keys}
    results: dict[str, dict[str, float]] = {arm: {} for arm in keys}
    houses, members = data
    by_house: dict[str, list[dict]] = {}
    for member in members:
        by_house.setdefault(member["household_id"], []).append(member)

    stores = {arm: Store.open(paths[arm], keys[arm], create=True) for arm in keys}
    for arm in keys:
        results[arm]["insert"] = 0.0
    for n, i in enumerate(range(0, len(houses), PAGE_ROWS)):
        page = houses[i : i + PAGE_ROWS]
        page_members = [m for h in page for m in by_house[h["id"]]]

        def apply(session: Session, page=page, page_members=page_members) -> None:
            session.execute(insert(Household), page)
            session.execute(insert(Member), page_members)
            reindex(session, [h["id"] for h in page])  # Core inserts: no flush hook

        for arm in list(keys) if n % 2 else list(reversed(keys)):
            results[arm]["insert"] += _timed(lambda arm=arm, apply=apply: stores[arm].run(apply))
    for store in stores.values():
        store.close()

    # Re-opened: SQLCipher's page cache is empty, so the first page decrypts all it reads.
    stores = {arm: Store.open(paths[arm], keys[arm]) for arm in keys}
    for arm in keys:
        results[arm]["cold page"] = _timed(lambda arm=arm: stores[arm].run(_list_page))

    # Each step is cut into short units (1,000 lookups, one page, one query); every unit
    # runs on both stores in alternation, RUNS times after a warm-up, and its best time
    # counts. Short units make a burst of load elsewhere spoil one unit, not a whole step.
    chunks = [ids[i : i + 1000] for i in range(0, len(ids), 1000)]
    units: dict[str, list[Callable[[Session], object]]] = {
        "lookups": [
            lambda s, chunk=chunk: [s.get(Household, i).due_date for i in chunk] for chunk in chunks
        ],
        "list page": [_list_page],
        "search": [lambda s, q=q: s.scalars(search_select(q, session=s)).all() for q in queries],
    }
    best: dict[str, dict[str, list[float]]] = {
        arm: {name: [float("inf")] * len(fns) for name, fns in units.items()} for arm in keys
    }
    for repetition in range(RUNS + 1):
        for name, fns in units.items():
            gc.collect()  # the previous step's garbage is not this step's cost
            for n, fn in enumerate(fns):
                for arm in list(keys) if (n + repetition) % 2 else list(reversed(keys)):
                    took = _timed(lambda arm=arm, fn=fn: stores[arm].run(fn))
                    if repetition:  # the first pass warms up
                        best[arm][name][n] = min(best[arm][name][n], took)
    for arm in keys:
        for name in units:
            results[arm][name] = sum(best[arm][name])
    latencies = best["encrypted"]["search"]
    for arm, store in stores.items():
        store.close()
        results[arm]["file MB"] = paths[arm].stat().st_size / 1e6
    results["encrypted"]["rss MB"] = _rss_of_a_fresh_process(
        paths["encrypted"], keys["encrypted"], ids, queries
    )
    return results, latencies


_RSS_PROBE = """
import json, resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import bench_store as b
from homevisit.model import Household
from homevisit.store import Store
job = json.loads(sys.stdin.read())
store = Store.open(Path(job["path"]), bytes.fromhex(job["key"]))
store.run(b._list_page)
store.run(b._search(job["queries"]))
b._lookups(job["ids"])(store)
try:  # VmHWM: ru_maxrss would include the parent's memory, inherited at fork
    status = open("/proc/self/status").read()
    print(int(status.split("VmHWM:")[1].split()[0]) / 1024)
except (OSError, IndexError):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
store.close()
"""


def _rss_of_a_fresh_process(
    path: Path, key: bytes | None, ids: list[str], queries: list[str]
) -> float:
    """Peak RSS (MB) of a new process that opens the store and runs list, search and
    lookups: the store's share of the app's memory (no Qt), with the page cache full."""
    job = {"path": str(path), "key": key.hex() if key else "", "ids": ids, "queries": queries}
    done = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, str(Path(__file__).resolve().parent)],
        input=json.dumps(job),  # the key goes through a pipe, never the command line
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


UNITS = {"insert": "s", "cold page": "ms", "lookups": "ms", "list page": "ms", "search": "ms"}


def main() -> dict[str, float]:
    """Run both stores and print one line per figure; returns the ratios."""
    rng = random.Random(11)
    start = time.perf_counter()
    data = make_data(HOUSEHOLDS)
    print(
        f"data: {HOUSEHOLDS} households, {len(data[1])} members, "
        f"made in {time.perf_counter() - start:.1f} s"
    )
    ids = [h["id"] for h in rng.sample(data[0], min(LOOKUPS, HOUSEHOLDS))]
    queries = _queries(data[1], rng)
    root = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        (root / "plain").mkdir()
        (root / "encrypted").mkdir()
        results, latencies = measure(root, data, ids, queries)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    plain, encrypted = results["plain"], results["encrypted"]
    ratios: dict[str, float] = {}
    for name, unit in UNITS.items():
        scale = 1000 if unit == "ms" else 1
        ratio = encrypted[name] / plain[name]
        ratios[name] = ratio
        target = f", target <= {TARGET}x" if name != "cold page" else ", informational"
        print(
            f"store {name}: {encrypted[name] * scale:.1f} {unit} "
            f"(ratio {ratio:.2f}x vs floor {plain[name] * scale:.1f} {unit}{target})"
        )
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    print(f"store search p95: {p95:.1f} ms per query, encrypted (DESIGN target < 30 ms)")
    print(f"store file: {encrypted['file MB']:.1f} MB encrypted, {plain['file MB']:.1f} MB plain")
    print(
        f"store memory: {encrypted['rss MB']:.0f} MB peak RSS of a process with the encrypted "
        f"store open after list, search and lookups (no Qt; app budget < 250 MB)"
    )
    return ratios


if __name__ == "__main__":
    main()
