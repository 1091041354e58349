"""Child of the document kill test: ``documents_child.py <device dir> hold|run``.

Opens the device's store, prints ``ready``, then syncs with one published document per page.
``hold``: after each committed documents page it prints ``page <n>`` and waits for a line on
stdin before asking for the next, so the parent kills it at a known point; ``run``: straight
through (the parent kills it at a random moment). Started with ``subprocess``, no fork, so it
runs the same on Windows."""

from __future__ import annotations

import sys
from pathlib import Path

from homevisit.store import Store
from homevisit.sync.backoff import RetryPolicy
from homevisit.sync.engine import SyncEngine
from homevisit.sync.progress import Phase, Progress
from homevisit.vault import Vault


def main(root: Path, mode: str) -> None:
    store = Store.open(root / "store.db", (root / "key").read_bytes())
    engine = SyncEngine(store, Vault(root / "vault", chunk_size=64 * 1024),
                        retry=RetryPolicy(0.01, 0.2, 6), documents_limit=1)
    pages = 0

    def report(progress: Progress) -> None:
        nonlocal pages
        if progress.phase is Phase.DOCUMENTS and mode == "hold":
            pages += 1
            print(f"page {pages}", flush=True)
            sys.stdin.readline()

    print("ready", flush=True)
    result = engine.run(report)
    engine.close()
    store.close()
    print("done" if result.ok else f"failed {result.error}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
