"""Child of the key-in-memory test: unlock a profile, use its store and vault as the app
does, lock, then wait (stdin) while the parent scans this process's memory."""

from __future__ import annotations

import gc
import sys

from homevisit.model import Household
from homevisit.workspace import Workspace

name, passphrase = sys.argv[1], sys.argv[2]
ws = Workspace.open(name, passphrase)
ws.store.run(lambda s: s.add(Household(region_code="320102", address="测试路1号")))
ws.store.run(lambda s: s.query(Household).count())
ws.check()
ws.close()  # the lock
del ws
gc.collect()
print("locked", flush=True)
sys.stdin.readline()
