"""kill -9 during a passphrase change: afterwards exactly one of the old and the new
passphrase unlocks, and it yields the original database key.

A child process (passphrase_change_child.py) runs the real change_passphrase and announces
each step; trial n waits for step n mod len(STEPS), then SIGKILLs it after a random delay
within that step. ``HOMEVISIT_TRIALS`` sets the number of trials (default 18, two per
step; 200 for the full run).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from profile_helpers import OTHER_PASSPHRASE, PASSPHRASE

from homevisit.errors import WrongPassphrase
from homevisit.profiles import change_passphrase, unlock

CHILD = Path(__file__).with_name("passphrase_change_child.py")
TRIALS = int(os.environ.get("HOMEVISIT_TRIALS", "18"))  # two kills per step
STEPS = [
    "start",  # then the Argon2id derivation of the old passphrase
    "kdf-unwrap",
    "kdf-wrap",  # fresh salt, new passphrase
    "temp-half-written",  # keyslot.json.tmp holds half the new slot
    "before-fsync-temp",
    "before-replace",
    "after-replace",
    "before-fsync-dir",
    "done",
]
KDF_SECONDS = 0.15  # about one floor derivation here; kills land anywhere inside it
LINGER = 0.02  # the child's pause after each announced step


def opens_with(profile, passphrase: str) -> bytes | None:
    try:
        with unlock(profile, passphrase, delay_base=0.0) as unlocked:
            return bytes(unlocked.key)
    except WrongPassphrase:
        return None


def run_until(step: str, old: str, new: str, profile_id: str) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), profile_id, old, new],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None
    while (line := child.stdout.readline()) != step + "\n":
        if not line:  # the child ended without reaching the step
            child.wait()
            pytest.fail(f"child stopped before {step}: {child.stderr.read()}")
    return child


@pytest.mark.slow
def test_kill_9_during_a_passphrase_change_leaves_exactly_one_passphrase_working(profile):
    seed = int(os.environ.get("HOMEVISIT_SEED", time.time_ns() % 10**9))
    rng = random.Random(seed)
    original = opens_with(profile, PASSPHRASE)
    current, candidate = PASSPHRASE, OTHER_PASSPHRASE
    landed: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()

    for trial in range(TRIALS):
        step = STEPS[trial % len(STEPS)]
        child = run_until(step, current, candidate, profile.id)
        window = KDF_SECONDS if step in ("start", "kdf-unwrap", "kdf-wrap") else LINGER
        time.sleep(rng.uniform(0, window))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()

        keys = {pw: opens_with(profile, pw) for pw in (current, candidate)}
        working = [pw for pw, key in keys.items() if key is not None]
        context = f"trial {trial}, killed at {step}, seed {seed}"
        assert len(working) == 1, context
        assert keys[working[0]] == original, context
        landed[(step, "new" if working == [candidate] else "old")] += 1
        if working == [candidate]:
            current, candidate = candidate, current

    elapsed = time.perf_counter() - started
    print(f"\n{TRIALS} kill -9 trials in {elapsed:.1f} s (seed {seed}):")
    for (step, which), count in sorted(landed.items(), key=lambda kv: STEPS.index(kv[0][0])):
        print(f"  killed at {step:18} → {which} passphrase works: {count}")
    if len(STEPS) <= TRIALS:
        # Kills before the replace keep the old passphrase; after it, the new one.
        assert landed[("before-fsync-temp", "old")] and landed[("after-replace", "new")]
        assert not landed[("before-fsync-temp", "new")] and not landed[("done", "old")]
    # The profile is still fully usable: a leftover temp file does not get in the way, and
    # the store opens with the surviving key and passes SQLCipher's integrity checks.
    change_passphrase(profile, current, candidate)
    assert opens_with(profile, candidate) == original
    assert not (profile.folder / "keyslot.json.tmp").exists()
    with unlock(profile, candidate) as unlocked:
        assert unlocked.open_store().check() == []
