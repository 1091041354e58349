"""Growing delay after wrong passphrases (DESIGN §4).

The count of consecutive failures lives in ``<home>/lockout/<profile id>.json``, outside the
profile folder (a wrong passphrase never writes there) and on disk (restarting the app does
not reset it). The n-th failure waits ``base × 2^(n−1)`` seconds, capped at 30 s; the time
before which the next attempt may start is stored too, so killing the app during the wait
does not skip it.
"""

from __future__ import annotations

import json
import logging
import math
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from homevisit.durable import temp_path, write_atomic
from homevisit.errors import InputFileError, InputFileMissing
from homevisit.paths import home_dir
from homevisit.regular_file import open_regular

log = logging.getLogger(__name__)

DEFAULT_BASE_SECONDS = 0.5
MAX_DELAY_SECONDS = 30.0
DAMAGED_COUNT = 99  # what a damaged counter counts as: far past the longest delay
_MAX_RECORD_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Failure:
    """One recorded wrong passphrase: which consecutive attempt it was and its delay."""

    attempt: int
    delay: float


def delay_for(attempt: int, base: float = DEFAULT_BASE_SECONDS) -> float:
    """Seconds to wait after the ``attempt``-th consecutive failure."""
    return min(MAX_DELAY_SECONDS, base * 2.0 ** (attempt - 1))


def _path(profile_id: str) -> Path:
    """The counter's path; OSError if its folder cannot be made (e.g. a file sits there)."""
    directory = home_dir() / "lockout"
    directory.mkdir(exist_ok=True, mode=0o700)
    if not directory.is_dir():
        raise NotADirectoryError
    return directory / f"{profile_id}.json"


def _load(profile_id: str) -> tuple[int, float] | None:
    """(failures, not_before), or None when the counter is damaged or unreadable (a folder, a
    FIFO or garbage where the file should be). Damage counts as the longest delay: deleting
    or spoiling the counter must never buy a guesser faster attempts."""
    try:
        with open_regular(_path(profile_id)) as f:
            doc = json.loads(f.read(_MAX_RECORD_BYTES))
        failures, not_before = int(doc["failures"]), float(doc["not_before"])
    except InputFileMissing:
        return 0, 0.0
    except (OSError, InputFileError, ValueError, KeyError, TypeError):
        return None
    if failures < 0 or not math.isfinite(not_before):
        return None
    return failures, not_before


def failure_count(profile_id: str) -> int:
    """Consecutive failures recorded; a damaged counter counts as :data:`DAMAGED_COUNT`."""
    loaded = _load(profile_id)
    return DAMAGED_COUNT if loaded is None else loaded[0]


def _sleep(seconds: float) -> None:
    time.sleep(seconds)  # looked up at call time, so a test can record the waits


def wait_out(profile_id: str, sleep: Callable[[float], None] | None = None) -> float:
    """Sleep until a pending delay from an earlier process has passed; returns seconds slept.

    Capped at the longest delay, so a wall clock set backwards cannot lock anyone out; a
    damaged counter waits the longest delay.
    """
    loaded = _load(profile_id)
    remaining = MAX_DELAY_SECONDS if loaded is None else min(
        loaded[1] - time.time(), MAX_DELAY_SECONDS)
    if remaining <= 0:
        return 0.0
    (sleep or _sleep)(remaining)
    return remaining


def record_failure(profile_id: str, base: float = DEFAULT_BASE_SECONDS,
                   sleep: Callable[[float], None] | None = None) -> Failure:
    """Count a wrong passphrase, persist it, then wait its delay. A counter that is damaged
    or cannot be written means the longest delay (and no crash)."""
    loaded = _load(profile_id)
    attempt = DAMAGED_COUNT + 1 if loaded is None else loaded[0] + 1
    delay = MAX_DELAY_SECONDS if loaded is None else delay_for(attempt, base)
    doc = {"failures": attempt, "not_before": time.time() + delay}
    try:
        write_atomic(_path(profile_id), json.dumps(doc).encode())
    except OSError:
        # Not even the folder is a file we can write: nothing remembers this failure, so
        # this one waits as long as any.
        log.warning("the wrong-passphrase counter cannot be written; waiting the longest delay")
        delay = MAX_DELAY_SECONDS
    (sleep or _sleep)(delay)
    return Failure(attempt, delay)


def clear(profile_id: str) -> None:
    """Forget failures after a successful unlock (or when the profile is deleted). Whatever
    sits where the counter should be (a folder too) is removed; if it cannot be, it stays
    and keeps counting as the longest delay."""
    try:
        path = _path(profile_id)
        for leftover in (path, temp_path(path)):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink(missing_ok=True)
    except OSError:
        log.warning("the wrong-passphrase counter could not be cleared")
