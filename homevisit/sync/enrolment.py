"""First-run enrolment, without Qt: log in to the server (registering this device), create
the local profile and its encrypted store, keep the device token inside it, and download
the user's households. The enrolment dialog and ``homevisit demo`` both use it.

The user's role, display name, team and region go into the encrypted store with the
enrolment; the profile chooser gets a display-only copy of the name and role.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homevisit import profiles
from homevisit.kdf import KdfParams
from homevisit.profiles import Profile
from homevisit.sync.engine import SyncEngine
from homevisit.sync.enrol import Enrolment, enrol, save_enrolment
from homevisit.vault import Vault

ProgressSink = Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class Login:
    """A successful login: the sync engine's ``Enrolment`` and the user's display name."""

    enrolment: Enrolment
    display_name: str
    username: str


def device_name() -> str:
    return f"{platform.node() or 'laptop'} ({platform.system()})"


class EnrolmentBackend:
    """The real enrolment. ``kdf_params`` pins Argon2id (tests use the floor); otherwise it
    is calibrated on this laptop."""

    def __init__(self, kdf_params: KdfParams | None = None) -> None:
        self.kdf_params = kdf_params

    def login(self, server_url: str, username: str, password: str) -> Login:
        enrolment = enrol(server_url, username, password, device_name())
        user = enrolment.user
        name = getattr(user, "display_name", None) or getattr(user, "username", None) or username
        return Login(enrolment, str(name), username)

    def create_profile(self, login: Login, name: str, passphrase: str,
                       progress: ProgressSink) -> tuple[Profile, Exception | None]:
        """Make the profile and store, save the enrolment, run the initial download.
        ``progress`` receives the sync engine's ``Progress`` (on this thread). A failed
        download leaves a usable profile (the next sync retries) and is returned."""
        profile = profiles.create_profile(name, passphrase, kdf_params=self.kdf_params)
        with profiles.unlock(profile, passphrase) as unlocked:
            # The profile's key buffer itself (no bytes copy); leaving the block closes the
            # store and zeroes the key.
            store = unlocked.open_store()
            store.run(lambda s: save_enrolment(s, login.enrolment))
            engine = SyncEngine(store, Vault(profile.vault_dir))
            try:
                result = engine.run(progress)
            finally:
                engine.close()
        user = login.enrolment.user
        profile = profiles.set_public_label(profile, user.display_name, user.role.value)
        return profile, result.error


def passphrase_strength(passphrase: str) -> int:
    """0 (unusable) to 4 (strong): length first, then variety of character kinds."""
    if len(passphrase) < profiles.MIN_PASSPHRASE_LENGTH:
        return 0
    kinds = sum((
        any(c.islower() for c in passphrase), any(c.isupper() for c in passphrase),
        any(c.isdigit() for c in passphrase), any(not c.isalnum() for c in passphrase),
        any(ord(c) > 127 for c in passphrase),
    ))
    score = 1 + (len(passphrase) >= 12) + (len(passphrase) >= 16) + (kinds >= 3)
    if len(set(passphrase)) <= 3:
        score = 1
    return min(4, score)
