"""Child of test_push_pipeline's kill tests: ``pipeline_child.py <device dir> <point>``
syncs the device with small push batches and SIGKILLs itself at one point of the pipelined
push (see POINTS); it exits 0 if the push never got there."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from homevisit.store import Store
from homevisit.sync import push
from homevisit.sync.backoff import RetryPolicy
from homevisit.sync.engine import SyncEngine
from homevisit.sync.transport import Transport
from homevisit.vault import Vault

BATCH = 4
POINTS = {
    # the answer to batch 2 applied but not committed, batch 3 on the wire
    "mid-step": "apply",
    # batch 3 answered (the server applied it), its answer not applied yet
    "answer-lost": "answered",
    # batch 3 committed as attempted, never sent
    "taken-not-sent": "sending",
}


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str) -> None:
    applied, sent = [], []
    apply_results, call = push.apply_results, Transport.call

    def apply_then_die(*args: Any, **kw: Any) -> None:
        apply_results(*args, **kw)
        applied.append(1)
        if point == "apply" and len(applied) == 2:
            die()

    def call_then_die(self: Transport, method: str, path: str, *args: Any, **kw: Any) -> Any:
        if path == "/sync/push":
            sent.append(1)
            if point == "sending" and len(sent) == 3:
                die()
        reply = call(self, method, path, *args, **kw)
        if path == "/sync/push" and point == "answered" and len(sent) == 3:
            die()
        return reply

    push.apply_results = apply_then_die
    Transport.call = call_then_die


def main(root: Path, point: str) -> None:
    arm(POINTS[point])
    store = Store.open(root / "store.db", (root / "key").read_bytes())
    engine = SyncEngine(store, Vault(root / "vault", chunk_size=64 * 1024),
                        retry=RetryPolicy(0.01, 0.2, 6), push_batch=BATCH)
    engine.run()
    engine.close()
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
