"""Argon2id: calibration on this machine, the floor, and derivations from several threads."""

from __future__ import annotations

import subprocess
import sys

from homevisit.kdf import (
    CALIBRATION_MEMORY_CAP_KIB,
    FLOOR,
    KdfParams,
    _scaled,
    calibrate,
    derive_kek,
)


def test_calibration_lands_near_the_target_and_never_below_the_floor():
    result = calibrate()
    assert result.params.within_bounds()
    assert result.params.memory_kib >= FLOOR.memory_kib
    assert result.params.iterations >= FLOOR.iterations
    assert result.params.lanes == FLOOR.lanes
    # Timing on a shared 2-core runner is loose; it must still be a real, bounded cost.
    assert 0.05 < result.seconds < 10.0, result


def test_scaling_raises_memory_to_the_cap_then_passes_and_never_drops_below_the_floor():
    assert _scaled(FLOOR, 0.1) == FLOOR
    assert _scaled(FLOOR, 2) == KdfParams(2 * FLOOR.memory_kib, 3, 4)
    big = _scaled(FLOOR, 8)
    assert big.memory_kib == CALIBRATION_MEMORY_CAP_KIB and big.iterations == 6


def test_the_key_depends_on_salt_and_every_parameter():
    salt = bytes(16)
    base = derive_kek("passphrase", salt, FLOOR)
    assert derive_kek("passphrase", salt, FLOOR) == base
    assert derive_kek("passphrase", bytes(15) + b"\x01", FLOOR) != base
    assert derive_kek("passphrase", salt, KdfParams(FLOOR.memory_kib, 4, 4)) != base


def test_derivations_from_several_threads_at_once_all_finish():
    # Unserialised, two concurrent derivations hung forever (see homevisit.kdf); run in a
    # child so a regression fails on the timeout instead of hanging the suite.
    script = (
        "import os, threading\n"
        "from homevisit.kdf import derive_kek, FLOOR\n"
        "threads = [threading.Thread(target=derive_kek, args=('passphrase', os.urandom(16),"
        " FLOOR)) for _ in range(3)]\n"
        "[t.start() for t in threads]\n[t.join() for t in threads]\nprint('finished')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "finished"
