"""Child process of the kill -9 test: change a profile's passphrase once, announcing each
step on stdout and lingering a moment after it, so the parent can SIGKILL it right there.

Usage: python passphrase_change_child.py PROFILE_ID OLD NEW   (HOMEVISIT_HOME set)

The steps are announced by wrapping the real functions the change goes through (the key
derivation, and the os calls of the atomic write); the real code runs unchanged in between.
The temp file is written in two halves so a kill can land mid-write.
"""

from __future__ import annotations

import os
import sys
import time
from types import SimpleNamespace

from homevisit import durable, keyslot
from homevisit.profiles import change_passphrase, list_profiles

LINGER = 0.02  # seconds the child stays at each step; the parent kills within it


def announce(step: str) -> None:
    sys.stdout.write(step + "\n")
    sys.stdout.flush()
    time.sleep(LINGER)


def instrument() -> None:
    derivations = iter(["kdf-unwrap", "kdf-wrap"])
    real_derive = keyslot.derive_kek

    def derive_kek(*args, **kwargs):
        announce(next(derivations, "kdf-extra"))
        return real_derive(*args, **kwargs)

    writes, fsyncs = iter(["temp-half-written"]), iter(["before-fsync-temp", "before-fsync-dir"])

    def write(fd: int, data) -> int:
        step = next(writes, None)
        if step is None:
            return os.write(fd, data)
        written = os.write(fd, data[: max(1, len(data) // 2)])
        announce(step)
        return written

    def fsync(fd: int) -> None:
        announce(next(fsyncs, "fsync-extra"))
        os.fsync(fd)

    def replace(src, dst) -> None:
        announce("before-replace")
        os.replace(src, dst)
        announce("after-replace")

    keyslot.derive_kek = derive_kek
    durable.os = SimpleNamespace(  # type: ignore[assignment]
        open=os.open, close=os.close, write=write, fsync=fsync, replace=replace,
        fstat=os.fstat, O_WRONLY=os.O_WRONLY, O_CREAT=os.O_CREAT, O_TRUNC=os.O_TRUNC,
        O_RDONLY=os.O_RDONLY, urandom=os.urandom,
    )


def main() -> None:
    profile_id, old, new = sys.argv[1:4]
    profile = next(p for p in list_profiles() if p.id == profile_id)
    instrument()
    announce("start")
    change_passphrase(profile, old, new, delay_base=0.0)
    announce("done")
    time.sleep(60)  # wait to be killed


if __name__ == "__main__":
    main()
