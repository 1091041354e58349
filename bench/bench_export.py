"""XLSX export of the review list (issue 18, DESIGN §6), on a real encrypted store:

    python bench/bench_export.py       # HOMEVISIT_BENCH_EXPORT_VISITS=20000 by default
    HOMEVISIT_BENCH_EXPORT_VISITS=500 python bench/bench_export.py   # quick, for development

- export time: ``export_visits`` of every visit (the queue's order, masked numbers, audited,
  temp file and rename), in a fresh process that unlocked the profile (Argon2id at the floor
  parameters, not counted). Target < 10 s.
- peak RSS of that exporting process (imports, unlocked store and the export together).
  Target < 300 MB.
- floor: the same number of rows, already in memory, written with openpyxl's write-only
  workbook in a fresh process (no store, no masking, no audit): the ratio says what the
  store reads and our cell handling cost on top of openpyxl itself.

Peak RSS is read with ``resource`` (POSIX); on Windows the figure is left out. The machine
these run on is shared, so absolute figures vary from run to run; the ratios less so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VISITS = int(os.environ.get("HOMEVISIT_BENCH_EXPORT_VISITS", "20000"))
PASSPHRASE = "bench passphrase 1"
TARGET_SECONDS = 10.0
TARGET_MB = 300.0


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def child_export(home: str, out: str) -> None:
    os.environ["HOMEVISIT_HOME"] = home
    from homevisit import profiles
    from homevisit.reports.visit_export import export_visits
    from homevisit.workspace import Workspace

    profile = profiles.list_profiles()[0]
    with Workspace.open(profile, PASSPHRASE) as ws:
        started = time.perf_counter()
        rows = export_visits(ws, Path(out), lang="zh")
        seconds = time.perf_counter() - started
    print(json.dumps({"rows": rows, "seconds": seconds, "rss": peak_rss_mb()}))


def child_floor(count: str, out: str) -> None:
    import datetime as dt

    from openpyxl import Workbook

    row = ["0" * 36, "张小明", "3203**********0012", "丰县中学", "高一", "320321101",
           "测试村 1 号", "张大山", "139****5678", "teacher-li", "待审核", 1,
           dt.date(2026, 9, 1), 52.0, "一般困难", "比较困难", "家庭情况特殊", 1,
           "房屋较旧，家中陈设简单，母亲务农照顾家庭。"]
    rows = [list(row) for _ in range(int(count))]
    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("家访记录")
    for values in rows:
        sheet.append(values)
    book.save(out)
    print(json.dumps({"rows": len(rows), "seconds": time.perf_counter() - started,
                      "rss": peak_rss_mb()}))


def run_child(*args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def child_seed(home: str, count: str) -> None:
    os.environ["HOMEVISIT_HOME"] = home
    from homevisit import profiles
    from homevisit.kdf import FLOOR
    from homevisit.store import Store
    from homevisit.workspace import Workspace
    from tests.reports.seed_record import make_supervisor
    from tests.review.seed import seed_queue

    made = profiles.create_profile("督导", PASSPHRASE, kdf_params=FLOOR)
    with profiles.unlock(made, PASSPHRASE) as unlocked:
        Store.open(made.store_path, bytes(unlocked.key), create=True).close()
    started = time.perf_counter()
    with Workspace.open(made, PASSPHRASE) as ws:
        make_supervisor(ws)
        seed_queue(ws.store, int(count), batch=1000)
    print(json.dumps({"seconds": time.perf_counter() - started}))


def main() -> None:
    # Every part runs in its own process, and this one imports nothing of the app: Linux
    # carries a process's peak RSS across fork and exec, so a big parent would inflate
    # the children's figures.
    with tempfile.TemporaryDirectory(prefix="homevisit-bench-export-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        seeded = run_child("--child-seed", str(home), str(VISITS))
        print(f"seeded {VISITS} visits in {seeded['seconds']:.0f} s", flush=True)

        measured = run_child("--child-export", str(home), str(Path(tmp) / "visits.xlsx"))
        floor = run_child("--child-floor", str(VISITS), str(Path(tmp) / "floor.xlsx"))
        assert measured["rows"] == VISITS, measured
        size = (Path(tmp) / "visits.xlsx").stat().st_size / 1e6
        seconds, base = measured["seconds"], floor["seconds"]
        ok = "OK" if seconds < TARGET_SECONDS else "OVER TARGET"
        print(f"XLSX export of {VISITS} visits: {seconds:.2f} s (ratio {seconds / base:.2f}x "
              f"vs floor {base:.2f} s, target < {TARGET_SECONDS:g} s) {ok}; file {size:.1f} MB")
        if measured["rss"] is not None:
            rss = measured["rss"]
            ok = "OK" if rss < TARGET_MB else "OVER TARGET"
            print(f"peak RSS of the exporting process: {rss:.0f} MB (floor process "
                  f"{floor['rss']:.0f} MB, target < {TARGET_MB:g} MB) {ok}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child-seed":
        child_seed(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "--child-export":
        child_export(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "--child-floor":
        child_floor(sys.argv[2], sys.argv[3])
    else:
        main()
