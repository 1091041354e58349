"""Zygote of the SIGKILL chaos test. Importing the app takes seconds on a busy machine, so
this process imports once (single-threaded, so forking it is safe) and forks one child per
trial: ``run <device dir> [push batch]`` on stdin → the child prints ``ready <pid>``, then
syncs once (the parent kills it at a random point) and prints ``done <pid>`` if it gets
there."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from homevisit.store import Store
from homevisit.sync.backoff import RetryPolicy
from homevisit.sync.engine import SyncEngine
from homevisit.vault import Vault


def sync_once(root: Path, push_batch: int) -> None:
    store = Store.open(root / "store.db", (root / "key").read_bytes())
    vault = Vault(root / "vault", chunk_size=64 * 1024)
    engine = SyncEngine(store, vault, retry=RetryPolicy(0.01, 0.2, 6), push_batch=push_batch)
    print(f"ready {os.getpid()}", flush=True)
    result = engine.run()
    engine.close()
    store.close()
    print(f"{'done' if result.ok else 'failed'} {os.getpid()}", flush=True)


def main() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    print("zygote", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command != "run":
            break
        if os.fork() == 0:
            try:
                sync_once(Path(args[0]), int(args[1]) if len(args) > 1 else 500)
            finally:
                os._exit(0)


if __name__ == "__main__":
    main()
