"""A wrong-passphrase counter that is damaged, unreadable or replaced by a folder means the
longest delay, never a free attempt or a traceback (issue 13 item 5). Real profiles, real
files; the waits are recorded instead of slept so the suite stays quick."""

from __future__ import annotations

import os

import pytest
from profile_helpers import PASSPHRASE

from homevisit import lockout
from homevisit.errors import WrongPassphrase
from homevisit.paths import home_dir
from homevisit.profiles import unlock


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(lockout, "_sleep", slept.append)
    return slept


def counter(profile_id: str):
    folder = home_dir() / "lockout"
    folder.mkdir(exist_ok=True)
    return folder / f"{profile_id}.json"


def test_a_folder_where_the_counter_should_be_means_the_longest_delay(profile, waits):
    counter(profile.id).mkdir()
    with pytest.raises(WrongPassphrase) as caught:
        unlock(profile, "not the passphrase", delay_base=0.01)
    assert caught.value.delay == lockout.MAX_DELAY_SECONDS
    assert waits == [lockout.MAX_DELAY_SECONDS, lockout.MAX_DELAY_SECONDS]  # before and after
    unlocked = unlock(profile, PASSPHRASE)  # the right passphrase still opens, after the wait
    unlocked.lock()
    assert not counter(profile.id).exists()  # cleared, folder and all
    assert lockout.failure_count(profile.id) == 0


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"failures": -3, "not_before": 0}',
                                     b'{"failures": 1, "not_before": "NaN"}', b"\xff" * 10])
def test_a_damaged_counter_means_the_longest_delay(profile, waits, content):
    counter(profile.id).write_bytes(content)
    assert lockout.wait_out(profile.id) == lockout.MAX_DELAY_SECONDS
    failure = lockout.record_failure(profile.id, base=0.01)
    assert failure.delay == lockout.MAX_DELAY_SECONDS


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_the_counter_is_damage_not_a_hang(profile, waits):
    os.mkfifo(counter(profile.id))
    assert lockout.wait_out(profile.id) == lockout.MAX_DELAY_SECONDS


def test_a_file_where_the_counter_folder_should_be_means_the_longest_delay(profile, waits):
    (home_dir() / "lockout").write_bytes(b"")
    with pytest.raises(WrongPassphrase) as caught:
        unlock(profile, "not the passphrase", delay_base=0.01)
    assert caught.value.delay == lockout.MAX_DELAY_SECONDS
