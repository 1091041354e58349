"""Exponential backoff with full jitter (DESIGN §5): wait a random time in [0, min(cap,
base·2^attempt)], so many laptops coming back online at once do not hit the server together."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How long and how often to retry network errors, 5xx and 429 within one sync."""

    base_seconds: float = 1.0
    cap_seconds: float = 600.0
    max_attempts: int = 8

    def delay(self, attempt: int, retry_after: float | None = None,
              rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based). A server's
        ``Retry-After`` is honoured as a minimum, still capped."""
        ceiling = min(self.cap_seconds, self.base_seconds * (2 ** min(attempt, 40)))
        wait = (rng or random).uniform(0, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.cap_seconds))
        return wait
