"""Re-authentication, defined once (DESIGN §4): revealing a full ID number, exporting and
printing need the passphrase within a grace period (policy ``reauth_grace_minutes``, default
5). Unlocking counts as entering it; locking forgets it. Time is monotonic, so setting the
laptop's clock does not stretch the grace."""

from __future__ import annotations

import time
from collections.abc import Callable

from homevisit.errors import ReauthRequired
from homevisit.profiles import Profile, unlock

DEFAULT_GRACE_MINUTES = 5
REVEAL_SECONDS = 60  # revealed numbers hide again after this (and at lock)


class Reauth:
    """Whether the user proved the passphrase recently enough for a sensitive action."""

    def __init__(self, profile: Profile, *, grace_minutes: float = DEFAULT_GRACE_MINUTES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.profile = profile
        self.grace_seconds = grace_minutes * 60
        self._clock = clock
        self._proved_at: float | None = None

    def proved(self) -> None:
        """The passphrase was just entered and unwrapped the key (unlock, or :meth:`confirm`)."""
        self._proved_at = self._clock()

    def fresh(self) -> bool:
        """True while the last proof is within the grace period."""
        return self._proved_at is not None and \
            self._clock() - self._proved_at <= self.grace_seconds

    def confirm(self, passphrase: str | None) -> None:
        """Pass when ``passphrase`` unlocks the profile (runs the KDF: off the GUI thread)
        or, with None, when the last proof is fresh; :class:`ReauthRequired` or
        :class:`WrongPassphrase` otherwise."""
        if passphrase is None:
            if not self.fresh():
                raise ReauthRequired(minutes=round(self.grace_seconds / 60))
            return
        unlock(self.profile, passphrase).lock()
        self.proved()

    def forget(self) -> None:
        """At lock: the next sensitive action asks again."""
        self._proved_at = None
