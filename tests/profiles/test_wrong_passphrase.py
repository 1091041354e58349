"""A wrong passphrase: a clear error each time, a growing delay, nothing written to the
profile, and a failure count that survives a restart and clears on success."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from profile_helpers import OTHER_PASSPHRASE, PASSPHRASE, fingerprint

from homevisit import lockout
from homevisit.errors import WrongPassphrase
from homevisit.paths import home_dir
from homevisit.profiles import change_passphrase, unlock

BASE = 0.08  # small, so five attempts wait 2.5 s in all, yet the doubling is measurable


def test_five_wrong_passphrases_grow_the_delay_and_never_touch_the_profile(profile):
    before = fingerprint(profile.folder)
    delays, elapsed = [], []
    for attempt in range(1, 6):
        start = time.perf_counter()
        with pytest.raises(WrongPassphrase) as caught:
            unlock(profile, f"not the passphrase {attempt}", delay_base=BASE)
        elapsed.append(time.perf_counter() - start)
        error = caught.value
        assert error.attempt == attempt
        assert f"第 {attempt} 次失败" in error.text.zh
        assert f"failed attempt {attempt}" in error.text.en
        assert "not the passphrase" not in str(error) + error.text.en
        delays.append(error.delay)
        assert elapsed[-1] >= error.delay  # the delay was really waited
    assert delays == [BASE * 2**n for n in range(5)]
    # Measured, not just reported: the fifth try took far longer than the first (half the
    # difference in delay is left as margin for Argon2id slowed by a busy machine).
    assert elapsed[4] - elapsed[0] > (delays[4] - delays[0]) / 2, elapsed
    assert fingerprint(profile.folder) == before


def test_the_failure_count_lives_outside_the_profile_and_survives_a_restart(profile):
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            unlock(profile, "wrong wrong wrong", delay_base=0.0)
    record = home_dir() / "lockout" / f"{profile.id}.json"
    assert record.exists() and not record.is_relative_to(profile.folder)
    # A fresh process (a restarted CLI) sees the same count.
    script = (
        "from homevisit.profiles import unlock\n"
        "from homevisit.errors import WrongPassphrase\n"
        f"try:\n    unlock({profile.name!r}, 'wrong wrong wrong', delay_base=0.0)\n"
        "except WrongPassphrase as e:\n    print(e.attempt)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "3"
    assert lockout.failure_count(profile.id) == 3


def test_a_right_passphrase_clears_the_count(profile):
    with pytest.raises(WrongPassphrase):
        unlock(profile, "wrong wrong wrong", delay_base=0.0)
    unlock(profile, PASSPHRASE)
    assert lockout.failure_count(profile.id) == 0
    with pytest.raises(WrongPassphrase) as caught:
        unlock(profile, "wrong wrong wrong", delay_base=0.0)
    assert caught.value.attempt == 1


def test_a_delay_cut_short_by_killing_the_app_is_served_on_the_next_try(profile):
    # As if the process died during its wait: the record says "not before" 0.5 s from now.
    lockout.record_failure(profile.id, base=0.5, sleep=lambda _: None)
    start = time.perf_counter()
    unlock(profile, PASSPHRASE)
    assert time.perf_counter() - start >= 0.45
    assert lockout.failure_count(profile.id) == 0


def test_the_delay_is_capped_at_thirty_seconds():
    assert lockout.delay_for(1) == 0.5
    assert lockout.delay_for(2) == 1.0
    assert lockout.delay_for(7) == 30.0
    assert lockout.delay_for(60) == 30.0


def test_change_passphrase_with_a_wrong_old_one_is_delayed_and_writes_nothing(profile):
    before = fingerprint(profile.folder)
    with pytest.raises(WrongPassphrase) as caught:
        change_passphrase(profile, "wrong wrong wrong", OTHER_PASSPHRASE, delay_base=0.0)
    assert caught.value.attempt == 1
    assert fingerprint(profile.folder) == before
    assert unlock(profile, PASSPHRASE).key
