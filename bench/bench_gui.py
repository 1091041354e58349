"""Desktop app benchmarks (issue 6, DESIGN §6), offscreen:

    python bench/bench_gui.py        # 50,000 households; HOMEVISIT_BENCH_HOUSEHOLDS=5000 quick

- list shown after unlock: from handing the unlocked workspace to the window until the
  households list has its ids and its first page of rows (shell built, query, rows, model).
  Argon2id is not included (it is calibrated to 0.5–1 s on purpose). Target < 300 ms.
  Floor: the same two queries on a plain-SQLite copy of the store, no GUI.
- search-as-you-type p95: from a search text until its ids are in the model (store worker
  round trip, queued delivery, model reset; the 150 ms typing debounce is not counted).
  Target < 30 ms. Floor: the same query on the plain-SQLite copy.
- RSS with 50,000 households open: the app process's peak (VmHWM) after unlock, the list,
  the searches and scrolling through the whole list. Target < 250 MB.
- cold start to the unlock window: a fresh ``python`` that imports the app, builds the window
  and exits as soon as it is shown (HOMEVISIT_EXIT_WHEN_SHOWN=1). Target < 1.5 s. Floor: a
  fresh ``python`` that shows an empty QWidget.

Generating 50,000 households takes minutes: ``HOMEVISIT_BENCH_DATA=/some/dir`` keeps the
generated profile, plain copy and typed queries there and reuses them on the next run with
the same household count, data generator and store schema (a change to either makes a new
subdirectory).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from homevisit.households.search import search_text_for
from homevisit.households.search_index import reindex
from homevisit.ids import id_check_character
from homevisit.model import Household, Member, new_id

HOUSEHOLDS = int(os.environ.get("HOMEVISIT_BENCH_HOUSEHOLDS", "50000"))
PASSPHRASE = "bench passphrase 2026"
SEARCHES = 60
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红梅玉志海燕文晓东子涵浩然欣怡"
VILLAGES = ("东村", "西村", "南庄", "北湖村", "王庄", "李楼", "张集", "新河村")


class _Row:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def _resident_id(rng: random.Random) -> str:
    born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 45))
    first17 = f"320{rng.randrange(100, 999)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_character(first17)


def make_data(count: int, seed: int = 11) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    now = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    houses, members = [], []
    for _ in range(count):
        hid, surname = new_id(), rng.choice(SURNAMES)
        town = rng.choice(("欢口", "师寨", "华山"))
        address = f"丰县{town}镇{rng.choice(VILLAGES)}{rng.randrange(1, 200)}号"
        family = []
        for relation in ("father", "mother", "child", "child")[: rng.choice((3, 4))]:
            given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            family.append({
                "id": new_id(), "updated_at": now, "household_id": hid,
                "name": (rng.choice(SURNAMES) if relation == "mother" else surname) + given,
                "relation": relation, "id_number": _resident_id(rng),
                "phone": f"138{rng.randrange(10**8):08d}", "is_guardian": relation != "child",
                "income": {},
            })
        houses.append({
            "id": hid, "updated_at": now, "region_code": "320321", "address": address,
            "rural": True, "special_categories": [], "assigned_counselor": "counselor1",
            "due_date": dt.date(2026, 9, 1) + dt.timedelta(days=rng.randrange(120)),
            "search_text": search_text_for(_Row(address=address), [_Row(**m) for m in family]),
        })
        members.extend(family)
    return houses, members


def fill(store: Any, houses: list[dict], members: list[dict]) -> None:
    for start in range(0, len(houses), 2000):
        chunk = houses[start:start + 2000]
        ids = {h["id"] for h in chunk}

        def write(session: Any, chunk: list[dict] = chunk, ids: set[str] = ids) -> None:
            session.execute(insert(Household), chunk)
            session.execute(insert(Member), [m for m in members if m["household_id"] in ids])
            reindex(session, ids)  # Core inserts: the flush hook does not see them

        store.run(write)


def queries(members: list[dict], rng: random.Random) -> list[str]:
    """What people type: the first characters of a name, pinyin initials, an ID tail."""
    typed = []
    for member in rng.sample(members, SEARCHES):
        words = search_text_for(_Row(address=""), [_Row(**member)]).split()
        typed.append([words[0][:1], words[2], member["id_number"][-4:]][len(typed) % 3])
    return typed


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(len(values) * 0.95) - 1)]


def line(name: str, value: float, unit: str, floor: float | None, target: float) -> None:
    ratio = f"ratio {value / floor:.2f}x vs floor {floor:.1f} {unit}, " if floor else ""
    ok = "ok" if value < target else "OVER"
    print(f"{name}: {value:.1f} {unit} ({ratio}target < {target:g} {unit}) {ok}", flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the real event loop (which sleeps while idle, as the app's does) until
    ``predicate`` holds; a busy processEvents() loop would starve the store worker."""
    from homevisit.gui.qt import QEventLoop, QTimer

    if predicate():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    poll = QTimer()
    poll.setInterval(1)

    def check() -> None:
        if predicate() or time.monotonic() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not predicate():
        raise TimeoutError


def cold_start(home: Path) -> tuple[float, float]:
    env = dict(os.environ, HOMEVISIT_HOME=str(home), HOMEVISIT_EXIT_WHEN_SHOWN="1",
               QT_QPA_PLATFORM="offscreen")
    app = [sys.executable, "-c", "from homevisit.gui.app import run; raise SystemExit(run())"]
    floor = [sys.executable, "-c", "from PySide6.QtWidgets import QApplication, QWidget; "
             "a = QApplication([]); w = QWidget(); w.show(); a.processEvents()"]
    runs: dict[str, list[float]] = {"app": [], "floor": []}
    for _ in range(3):
        for name, cmd in (("floor", floor), ("app", app)):
            ms, _ = timed(lambda cmd=cmd: subprocess.run(cmd, env=env, check=True,
                                                         capture_output=True))
            runs[name].append(ms)
    return statistics.median(runs["app"]), statistics.median(runs["floor"])


def memory_mb() -> tuple[float, float]:
    """This process's RSS now and its peak (VmHWM), in MB.

    Not getrusage's ru_maxrss: Linux carries it across exec, so a child started by a
    parent holding the generated 50,000 households reported the parent's peak (~390 MB)."""
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status if line.startswith("Vm"))
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def rss(stage: str) -> None:
    now, peak = memory_mb()
    print(f"# RSS at {stage}: {now:.0f} MB (peak so far {peak:.0f} MB)", flush=True)


def gui_phase(profile_id: str, typed: list[str], floor_list_ms: float,
              floor_search_p95: float) -> None:
    """Runs in a fresh process (so RSS is the app's own): unlock, list, search, scroll."""
    from homevisit import profiles
    from homevisit.app_settings import AppSettings
    from homevisit.gui.app import make_application
    from homevisit.gui.households.model import PAGE_SIZE
    from homevisit.gui.window import AppWindow
    from homevisit.workspace import Workspace

    profile = next(p for p in profiles.list_profiles() if p.id == profile_id)
    rss("start")
    make_application()
    rss("QApplication")
    # The window loads the shell's modules in the background while the passphrase is
    # typed (Argon2id alone takes 0.5–1 s); the bench does the same before timing.
    import homevisit.gui.shell  # noqa: F401

    window = AppWindow(AppSettings(last_profile_id=profile.id))
    window.show()
    workspace = Workspace.open(profile, PASSPHRASE)
    # As in real use: the unlock window has been on screen (painted, fonts loaded, modules
    # warmed in the background) while the passphrase was typed and Argon2id ran.
    settle = time.monotonic() + 1.5
    wait_for(lambda: time.monotonic() > settle)
    rss("unlock window shown, store open")
    pages: list[int] = []
    start = time.perf_counter()
    window.show_workspace(workspace)
    shell = window.shell
    assert shell is not None
    model = shell.households.model
    model.page_loaded.connect(pages.append)
    wait_for(lambda: 0 in pages)
    list_ms = (time.perf_counter() - start) * 1000
    line("list shown after unlock", list_ms, "ms", floor_list_ms, 300)

    page = shell.households
    shown: list[int] = []
    page.list_shown.connect(shown.append)
    latencies = []
    for text in typed:
        # Keystrokes reach the query at most once per debounce interval; let the previous
        # list's first page arrive as it would between two keystrokes.
        pause = time.monotonic() + 0.15
        wait_for(lambda pause=pause: time.monotonic() > pause)
        before = len(shown)
        start = time.perf_counter()
        page.search.blockSignals(True)  # no debounce timer: measure the query path
        page.search.setText(text)
        page.search.blockSignals(False)
        page.refresh()
        wait_for(lambda before=before: len(shown) > before)
        latencies.append((time.perf_counter() - start) * 1000)
    line("search-as-you-type p95", p95(latencies), "ms", floor_search_p95, 30)

    before = len(shown)
    page.search.blockSignals(True)
    page.search.setText("")
    page.search.blockSignals(False)
    page.refresh()
    wait_for(lambda: len(shown) > before)
    for _ in range(HOUSEHOLDS // 1000 + 1):  # scroll to the end, batch by batch
        if not model.canFetchMore():
            break
        rows = model.rowCount()
        page.table.scrollToBottom()
        model.fetchMore()
        wait_for(lambda rows=rows: model.rowCount() > rows or model.complete)
        wanted = (model.rowCount() - 1) // PAGE_SIZE
        page.table.scrollTo(model.index(model.rowCount() - 1, 0))
        wait_for(lambda wanted=wanted: wanted in pages)
    assert model.rowCount() == HOUSEHOLDS, model.rowCount()
    rss("scrolled to the end")
    line("RSS with all households listed and scrolled (peak, fresh process)", memory_mb()[1],
         "MB", None, 250)
    window.shutdown_now()


def _data_version() -> str:
    """Names reusable data: household count, this generator's code, the store schema."""
    from homevisit.store import head_revision

    code = "".join(inspect.getsource(f) for f in (make_data, fill, _resident_id, queries))
    digest = hashlib.sha256(f"{code}{head_revision()}".encode()).hexdigest()[:12]
    return f"{HOUSEHOLDS}-{digest}"


def main() -> None:
    from homevisit import profiles
    from homevisit.gui.households.model import PAGE_SIZE
    from homevisit.gui.households.page import ID_BATCH
    from homevisit.households.listing import ListFilter, household_ids, household_rows
    from homevisit.kdf import FLOOR
    from homevisit.store import Store

    kept = os.environ.get("HOMEVISIT_BENCH_DATA")
    with tempfile.TemporaryDirectory(prefix="homevisit-bench-gui-") as tmp:
        data = Path(kept) / _data_version() if kept else Path(tmp)
        home = data / "home"
        os.environ["HOMEVISIT_HOME"] = str(home)
        ready = data / "typed.json"
        if ready.exists():
            profile = next(p for p in profiles.list_profiles() if p.name == "bench")
            typed = json.loads(ready.read_text(encoding="utf-8"))
            plain = Store.open(data / "plain.db", None)
            print(f"# {HOUSEHOLDS} households reused from {data}", flush=True)
        else:
            if kept:  # a run interrupted while generating: start over
                shutil.rmtree(data, ignore_errors=True)
            home.mkdir(parents=True)
            started = time.perf_counter()
            houses, members = make_data(HOUSEHOLDS)
            profile = profiles.create_profile("bench", PASSPHRASE, kdf_params=FLOOR)
            with profiles.unlock(profile, PASSPHRASE) as unlocked, \
                    Store.open(profile.store_path, bytes(unlocked.key), create=True) as store:
                fill(store, houses, members)
            plain = Store.open(data / "plain.db", None, create=True)
            fill(plain, houses, members)
            typed = queries(members, random.Random(5))
            ready.write_text(json.dumps(typed), encoding="utf-8")  # written last: complete
            del houses, members
            print(f"# {HOUSEHOLDS} households made in {time.perf_counter() - started:.1f} s",
                  flush=True)

        def floor_list(session: Any) -> int:
            ids = household_ids(session, limit=ID_BATCH + 1)
            return len(household_rows(session, ids[:PAGE_SIZE]))

        plain.run(floor_list)  # warm, like the app's store after its own first read
        floor_list_ms = min(timed(lambda: plain.run(floor_list))[0] for _ in range(3))
        floor_search = [timed(lambda q=q: plain.run(
            lambda s: household_ids(s, ListFilter.ALL, q, limit=ID_BATCH + 1)))[0]
            for q in typed]
        plain.close()

        child = subprocess.run(
            [sys.executable, __file__, "--gui-phase", profile.id, json.dumps(typed),
             str(floor_list_ms), str(p95(floor_search))],
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True)
        print(child.stdout, end="", flush=True)
        if child.returncode:
            print(child.stderr[-2000:], file=sys.stderr)

        app_ms, floor_ms = cold_start(home)
        line("cold start to the unlock window", app_ms, "ms", floor_ms, 1500)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--gui-phase"]:
        gui_phase(sys.argv[2], json.loads(sys.argv[3]), float(sys.argv[4]),
                  float(sys.argv[5]))
    else:
        main()
