"""Failed-login limiter per (username, client IP).

In memory: the reference server runs as one process. Several workers would each count on
their own, multiplying the allowance by the worker count — still bounded; say so in ops docs.
"""

from __future__ import annotations

import threading
import time
from collections import deque


class LoginLimiter:
    def __init__(self, max_failures: int, window_seconds: float) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        stamps = self._failures.setdefault(key, deque())
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        return stamps

    def retry_after(self, username: str, ip: str) -> int:
        """Seconds to wait before another attempt is allowed; 0 when allowed now."""
        now = time.monotonic()
        with self._lock:
            stamps = self._recent((username.lower(), ip), now)
            if len(stamps) < self.max_failures:
                return 0
            return max(1, int(stamps[0] + self.window - now) + 1)

    def failed(self, username: str, ip: str) -> None:
        with self._lock:
            self._recent((username.lower(), ip), time.monotonic()).append(time.monotonic())

    def succeeded(self, username: str, ip: str) -> None:
        with self._lock:
            self._failures.pop((username.lower(), ip), None)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()
