"""Cold start of the built one-folder app to the unlock window (issue 21, DESIGN §6):

    packaging/build-linux && python bench/bench_bundle_start.py     # HOMEVISIT_BENCH_STARTS=5

Runs ``build/dist/homevisit/homevisit gui`` offscreen with HOMEVISIT_EXIT_WHEN_SHOWN=1 (it
quits as soon as the unlock window is shown) in a fresh data dir, several times; the median
counts. Target < 1.5 s. Floor, in the same run: a fresh ``python`` of the build venv that
shows an empty QWidget. "Cold" means a new process, not an empty page cache: dropping caches
needs root and would measure the disk, not the app. Skipped with a note when no bundle is built.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = Path(os.environ.get("HOMEVISIT_BUILD_DIR", ROOT / "build")) / "dist" / "homevisit"
STARTS = int(os.environ.get("HOMEVISIT_BENCH_STARTS", "5"))
TARGET_MS = 1500.0


def timed_ms(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return (time.perf_counter() - started) * 1000


def main() -> int:
    exe = APP / ("homevisit.exe" if sys.platform == "win32" else "homevisit")
    if not exe.exists():
        print(f"# bundle start: skipped, no bundle at {APP} (run packaging/build-linux)")
        return 0
    floor = [sys.executable, "-c", "from PySide6.QtWidgets import QApplication, QWidget; "
             "a = QApplication([]); w = QWidget(); w.show(); a.processEvents()"]
    runs: dict[str, list[float]] = {"app": [], "floor": []}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HOMEVISIT_HOME=str(Path(tmp) / "家访通数据"),
                   HOMEVISIT_EXIT_WHEN_SHOWN="1", QT_QPA_PLATFORM="offscreen")
        for _ in range(STARTS):
            runs["floor"].append(timed_ms(floor, env))
            runs["app"].append(timed_ms([str(exe), "gui"], env))
    app, base = statistics.median(runs["app"]), statistics.median(runs["floor"])
    ok = "ok" if app < TARGET_MS else "OVER"
    print(f"bundle cold start to the unlock window: {app:.1f} ms (ratio {app / base:.2f}x vs "
          f"floor {base:.1f} ms, target < {TARGET_MS:g} ms) {ok}", flush=True)
    print(f"# runs app {[round(v) for v in runs['app']]}, floor "
          f"{[round(v) for v in runs['floor']]}; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
