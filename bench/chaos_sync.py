"""Full-count sync chaos (issue 5): 200 SIGKILL trials and 200 fault-proxy trials against the
real server on loopback, each bounded in time (HOMEVISIT_CHAOS_SECONDS per harness, default
600), once with the default push batch and once with batches of 8 (a pipelined push of
many round trips, issue 20). CI runs the same tests with a reduced count (12 each).

    python bench/chaos_sync.py            # 200 + 200
    python bench/chaos_sync.py 50         # 50 + 50
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> list[str]:
    args = sys.argv[1:] if argv is None else argv
    trials = args[0] if args else "200"
    os.environ["HOMEVISIT_CHAOS_TRIALS"] = trials
    os.environ["HOMEVISIT_PROXY_TRIALS"] = trials
    os.environ.setdefault("HOMEVISIT_CHAOS_SECONDS", "600")
    started = time.perf_counter()
    code = pytest.main(["-q", "-s", "-p", "no:cacheprovider",
                        str(ROOT / "tests/sync/test_kill_chaos.py"),
                        str(ROOT / "tests/sync/test_fault_proxy.py")])
    line = (f"sync chaos {trials}+{trials} trials: {'passed' if code == 0 else 'FAILED'} "
            f"in {time.perf_counter() - started:.0f} s")
    print(line)
    return [line]


if __name__ == "__main__":
    raise SystemExit(0 if "passed" in main()[0] else 1)
