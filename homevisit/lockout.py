"""Growing delay after wrong passphrases (DESIGN §4).

The count of consecutive failures lives in ``<home>/lockout/<profile id>.json``, outside the
profile folder (a wrong passphrase never writes there) and on disk (restarting the app does
not reset it). The n-th failure waits ``base × 2^(n−1)`` seconds, capped at 30 s; the time
before which the next attempt may start is stored too, so killing the app during the wait
does not skip it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from homevisit.durable import write_atomic
from homevisit.paths import home_dir

DEFAULT_BASE_SECONDS = 0.5
MAX_DELAY_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Failure:
    """One recorded wrong passphrase: which consecutive attempt it was and its delay."""

    attempt: int
    delay: float


def delay_for(attempt: int, base: float = DEFAULT_BASE_SECONDS) -> float:
    """Seconds to wait after the ``attempt``-th consecutive failure."""
    return min(MAX_DELAY_SECONDS, base * 2.0 ** (attempt - 1))


def _path(profile_id: str) -> Path:
    directory = home_dir() / "lockout"
    directory.mkdir(exist_ok=True, mode=0o700)
    return directory / f"{profile_id}.json"


def _load(profile_id: str) -> tuple[int, float]:
    """(failures, not_before); an unreadable file counts as no failures rather than blocking
    the user out of their data."""
    try:
        doc = json.loads(_path(profile_id).read_bytes())
        failures, not_before = int(doc["failures"]), float(doc["not_before"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0, 0.0
    return max(failures, 0), not_before


def failure_count(profile_id: str) -> int:
    return _load(profile_id)[0]


def wait_out(profile_id: str, sleep: Callable[[float], None] = time.sleep) -> float:
    """Sleep until a pending delay from an earlier process has passed; returns seconds slept.

    Capped at the longest delay, so a wall clock set backwards cannot lock anyone out.
    """
    _, not_before = _load(profile_id)
    remaining = min(not_before - time.time(), MAX_DELAY_SECONDS)
    if remaining <= 0:
        return 0.0
    sleep(remaining)
    return remaining


def record_failure(profile_id: str, base: float = DEFAULT_BASE_SECONDS,
                   sleep: Callable[[float], None] = time.sleep) -> Failure:
    """Count a wrong passphrase, persist it, then wait its delay."""
    attempt = _load(profile_id)[0] + 1
    delay = delay_for(attempt, base)
    doc = {"failures": attempt, "not_before": time.time() + delay}
    write_atomic(_path(profile_id), json.dumps(doc).encode())
    sleep(delay)
    return Failure(attempt, delay)


def clear(profile_id: str) -> None:
    """Forget failures after a successful unlock (or when the profile is deleted)."""
    path = _path(profile_id)
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".tmp").unlink(missing_ok=True)
