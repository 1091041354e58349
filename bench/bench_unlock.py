"""Unlock time split into Argon2id and everything else (issue 2, DESIGN §4 and §6).

    python bench/bench_unlock.py        # HOMEVISIT_BENCH_UNLOCKS=5 repetitions

Enrols a throwaway profile (in a temp HOMEVISIT_HOME) with the parameters calibrated on this
machine, then unlocks it several times. Each unlock is split into:
- kdf: the Argon2id derivation (the deliberate cost, ≈ 0.5–1 s by calibration);
- slot + unwrap: finding the profile, reading and checking the key slot, AES-GCM unwrap;
- store open: SQLCipher keyed with the raw key, schema revision checked;
- first query: the sync state row and the household count, as the app reads after unlock.
Target: everything but the KDF < 100 ms. The floor is a bare Argon2id derivation with the
same parameters in the same run, so "unlock total" shows what the rest adds to it. Module
imports (SQLAlchemy, the model) happen at app start, not at unlock, and are done beforehand.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from sqlalchemy import func, select

from homevisit.kdf import SALT_LENGTH, calibrate, derive_kek, zero
from homevisit.model.household import Household
from homevisit.model.sync import SyncState
from homevisit.profiles import create_profile, unlock

UNLOCKS = int(os.environ.get("HOMEVISIT_BENCH_UNLOCKS", "5"))
TARGET_OTHER_MS = 100.0
PASSPHRASE = "bench passphrase 2024"


def _first_query(session) -> tuple[object, int]:
    return session.get(SyncState, 1), session.scalar(select(func.count(Household.id)))


def _measure() -> dict[str, list[float]]:
    calibration = calibrate()
    params = calibration.params
    print(
        f"unlock calibrated params: m={params.memory_kib // 1024} MiB t={params.iterations} "
        f"p={params.lanes}, kdf {calibration.seconds:.2f} s at calibration (target 0.5–1.0 s)",
        flush=True,
    )
    profile = create_profile("bench", PASSPHRASE, kdf_params=params)
    times: dict[str, list[float]] = {k: [] for k in
                                      ("floor", "kdf", "unwrap", "open", "query", "total")}
    for _ in range(UNLOCKS):
        start = time.perf_counter()
        zero(derive_kek(PASSPHRASE, os.urandom(SALT_LENGTH), params))
        times["floor"].append(time.perf_counter() - start)

        start = time.perf_counter()
        unlocked = unlock("bench", PASSPHRASE)
        opened = time.perf_counter()
        store = unlocked.open_store()
        queried = time.perf_counter()
        store.run(_first_query)
        done = time.perf_counter()
        unlocked.lock()
        times["kdf"].append(unlocked.kdf_seconds)
        times["unwrap"].append(unlocked.other_seconds)
        times["open"].append(queried - opened)
        times["query"].append(done - queried)
        times["total"].append(done - start)
    del profile
    return times


def main() -> dict[str, float]:
    """Enrol, unlock UNLOCKS times, print the medians; returns them in seconds."""
    with tempfile.TemporaryDirectory(prefix="homevisit-bench-unlock-") as home:
        previous = os.environ.get("HOMEVISIT_HOME")
        os.environ["HOMEVISIT_HOME"] = home
        try:
            times = _measure()
        finally:
            if previous is None:
                del os.environ["HOMEVISIT_HOME"]
            else:
                os.environ["HOMEVISIT_HOME"] = previous
    med = {k: statistics.median(v) for k, v in times.items()}
    other_ms = (med["unwrap"] + med["open"] + med["query"]) * 1000
    print(f"unlock kdf: {med['kdf']:.3f} s (ratio {med['kdf'] / med['floor']:.2f}x vs floor "
          f"bare Argon2id {med['floor']:.3f} s)")
    print(f"unlock slot + unwrap: {med['unwrap'] * 1000:.1f} ms")
    print(f"unlock store open: {med['open'] * 1000:.1f} ms")
    print(f"unlock first query: {med['query'] * 1000:.1f} ms")
    print(f"unlock everything but kdf: {other_ms:.1f} ms (target < {TARGET_OTHER_MS:.0f} ms)")
    print(f"unlock total: {med['total']:.3f} s (ratio {med['total'] / med['floor']:.2f}x vs "
          f"floor bare Argon2id {med['floor']:.3f} s; median of {UNLOCKS})")
    return med


if __name__ == "__main__":
    main()
