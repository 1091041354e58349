"""User profiles on this laptop: enrol, list, unlock, lock, change passphrase, delete
(DESIGN §4).

Each profile is a folder ``profiles/<uuid>/`` under the data dir holding ``profile.json``
(id, display name, created, schema; no secrets), ``keyslot.json`` (the wrapped database key),
``store.db`` (the SQLCipher store, created at enrolment) and ``vault/``. A folder is built
under a hidden staging name and renamed into place, so a crash during enrolment never leaves
a half-made profile in the list.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from homevisit import lockout
from homevisit.durable import fsync_directory, shred_file, temp_path, write_atomic
from homevisit.errors import (
    ProfileExists,
    ProfileLocked,
    ProfileNameLookalike,
    ProfileNotFound,
    WeakPassphrase,
    WrongPassphrase,
)
from homevisit.kdf import KdfParams, calibrate, zero
from homevisit.keyslot import (
    KeySlot,
    UnwrapFailed,
    Unwrapped,
    new_database_key,
    read_slot,
    seal,
    unwrap,
    write_slot,
)
from homevisit.paths import home_dir, profiles_dir
from homevisit.profile_names import MAX_NAME_LENGTH, looks_alike, name_key, normal_name

if TYPE_CHECKING:
    from homevisit.store import Store

log = logging.getLogger(__name__)

PROFILE_SCHEMA = 1
MIN_PASSPHRASE_LENGTH = 8
_STAGING, _DELETING = ".creating", ".deleting"
# Serialises passphrase changes of one profile across processes (two CLI windows, the app
# and the CLI): the second change then starts from the first one's slot. The lock file sits
# outside the profile folder (<home>/locks/<id>.lock), which a failed attempt never writes.
SLOT_LOCK_TIMEOUT = 120.0


@dataclass(frozen=True, slots=True)
class PendingWork:
    """What a profile had not synced when it was last locked: kept in ``profile.json`` (in
    the clear, counts and a time only) because without the passphrase the store cannot be
    read, and deleting a profile whose passphrase is forgotten must say what is lost."""

    changes: int  # local changes not yet accepted by the server (outbox rows)
    attachments: int  # photos and documents not yet uploaded
    last_sync: str | None  # ISO time of the last completed sync; None if never
    recorded: str  # ISO time this was written (the profile's last lock)

    @property
    def nothing_pending(self) -> bool:
        return self.changes == 0 and self.attachments == 0


@dataclass(frozen=True, slots=True)
class Profile:
    """A profile's public description (what ``profile.json`` holds) and its folder."""

    id: str
    name: str
    created: str
    schema: int
    folder: Path
    # Display only, for the profile chooser (the server's name and role at the last sync);
    # never trusted for access: the role that counts is in the encrypted store.
    display_name: str = ""
    role: str = ""

    @property
    def keyslot_path(self) -> Path:
        return self.folder / "keyslot.json"

    @property
    def store_path(self) -> Path:
        return self.folder / "store.db"

    @property
    def vault_dir(self) -> Path:
        return self.folder / "vault"

    @property
    def audit_head_path(self) -> Path:
        """The audit chain's keyed head, kept beside the store to catch an older store.db."""
        return self.folder / "audit-head.json"

    @property
    def metadata_path(self) -> Path:
        return self.folder / "profile.json"


class UnlockedProfile:
    """A profile whose database key is in memory, until :meth:`lock`.

    ``kdf_seconds`` is what Argon2id cost; ``other_seconds`` everything else in the unlock
    (reading the slot, unwrapping), excluding any lockout wait.
    """

    def __init__(self, profile: Profile, key: bytearray, kdf_seconds: float,
                 other_seconds: float) -> None:
        self.profile = profile
        self.kdf_seconds = kdf_seconds
        self.other_seconds = other_seconds
        self._key: bytearray | None = key
        self._store: Store | None = None

    @property
    def key(self) -> bytearray:
        """The raw 32-byte database key (the caller must not keep copies)."""
        if self._key is None:
            raise ProfileLocked()
        return self._key

    @property
    def locked(self) -> bool:
        return self._key is None

    def open_store(self) -> Store:
        """The profile's encrypted store, opened with the raw key (upgraded through its
        migrations if needed); the same store on later calls until :meth:`lock` closes it.

        Raises :class:`StoreNotFound` or :class:`StoreCorrupt`; a store that fails to open
        is never re-created."""
        if self._store is None:
            from homevisit.store import Store  # heavy (SQLAlchemy); not needed to unlock

            # The store is handed this very buffer (not a copy) so lock() can zero it.
            self._store = Store.open(self.profile.store_path, self.key)  # type: ignore[arg-type]
            self._store.audit_head_file = self.profile.audit_head_path
        return self._store

    def lock(self) -> None:
        """Close the store, zero the key in place and forget it; later use raises
        :class:`ProfileLocked`."""
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._key is not None:
            zero(self._key)
            self._key = None

    def __enter__(self) -> UnlockedProfile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.lock()

    def __repr__(self) -> str:
        state = "locked" if self.locked else "unlocked"
        return f"<UnlockedProfile {self.profile.id} {state}>"


# --- listing and lookup ------------------------------------------------------------------


def _read_profile(folder: Path) -> Profile | None:
    try:
        doc = json.loads((folder / "profile.json").read_bytes())
        profile = Profile(str(doc["id"]), str(doc["name"]), str(doc["created"]),
                          int(doc["schema"]), folder, _label(doc.get("display_name")),
                          _label(doc.get("role")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return profile if profile.id == folder.name else None


def _label(value: object) -> str:
    return value[:MAX_NAME_LENGTH] if isinstance(value, str) and value.isprintable() else ""


def set_public_label(profile: Profile, display_name: str, role: str) -> Profile:
    """Write the display-only name and role into ``profile.json`` (atomically); unchanged
    labels are not rewritten. Returns the profile as it now reads."""
    display_name, role = _label(display_name), _label(role)
    if (profile.display_name, profile.role) == (display_name, role):
        return profile
    path = profile.folder / "profile.json"
    doc = json.loads(path.read_bytes())
    doc.update(display_name=display_name, role=role)
    write_atomic(path, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode())
    return _read_profile(profile.folder) or profile


def list_profiles() -> list[Profile]:
    """Every profile on this laptop, sorted by name. Reads only."""
    found = []
    for folder in profiles_dir().iterdir():
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        profile = _read_profile(folder)
        if profile is None:
            # The folder id is a random UUID, never personal data.
            log.warning("profile folder %s has no readable profile.json; skipped", folder.name)
            continue
        found.append(profile)
    return sorted(found, key=lambda p: (p.name.casefold(), p.created, p.id))


def find_profile(name: str) -> Profile:
    """The profile called ``name`` (NFKC, case-insensitive), or :class:`ProfileNotFound`."""
    wanted = name_key(name)
    for profile in list_profiles():
        if name_key(profile.name) == wanted:
            return profile
    raise ProfileNotFound(name=name)


def _resolve(profile_or_name: Profile | str) -> Profile:
    if isinstance(profile_or_name, str):
        return find_profile(profile_or_name)
    if not (profile_or_name.folder / "profile.json").exists():
        raise ProfileNotFound(name=profile_or_name.name)
    return profile_or_name


# --- enrol -------------------------------------------------------------------------------


def check_passphrase_strength(passphrase: str) -> None:
    """:class:`WeakPassphrase` unless ``passphrase`` has enough characters."""
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(minimum=MIN_PASSPHRASE_LENGTH)


def create_profile(name: str, passphrase: str, *, kdf_params: KdfParams | None = None) -> Profile:
    """Enrol a profile: a random database key wrapped under ``passphrase``.

    Argon2id is calibrated on this machine (about 0.5–1 s) unless ``kdf_params`` is given
    (tests pass :data:`homevisit.kdf.FLOOR`); parameters below the floor are refused.
    """
    name = normal_name(name)
    check_passphrase_strength(passphrase)
    for existing in list_profiles():
        if name_key(existing.name) == name_key(name):
            raise ProfileExists(name=name)
        if looks_alike(existing.name, name):
            raise ProfileNameLookalike()
    if kdf_params is not None and not kdf_params.within_bounds():
        raise ValueError("Argon2id parameters outside the allowed range (below the floor?)")
    params = kdf_params or calibrate().params

    root = profiles_dir()
    _sweep_leftovers(root)
    profile_id = str(uuid.uuid4())
    staging = root / f".{profile_id}{_STAGING}"
    staging.mkdir(mode=0o700)
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    db_key = new_database_key()
    try:
        doc = {"id": profile_id, "name": name, "created": created, "schema": PROFILE_SCHEMA}
        write_atomic(staging / "profile.json",
                     (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode())
        write_slot(staging / "keyslot.json", seal(db_key, passphrase, profile_id, 1, params))
        from homevisit.store import Store  # heavy (SQLAlchemy); loaded only when needed

        Store.open(staging / "store.db", db_key, create=True).close()  # type: ignore[arg-type]
        (staging / "vault").mkdir(mode=0o700)
        staging.rename(root / profile_id)
        fsync_directory(root)
    except BaseException:
        _remove_folder(staging)
        raise
    finally:
        zero(db_key)
    return Profile(profile_id, name, created, PROFILE_SCHEMA, root / profile_id)


# --- unlock and change passphrase ---------------------------------------------------------


def _open_slot(profile: Profile, passphrase: str, delay_base: float) -> tuple[KeySlot, Unwrapped]:
    """The slot and the key it wraps. A wrong passphrase is counted outside the profile
    folder, delayed, and raised as :class:`WrongPassphrase`; nothing in the folder is written."""
    slot = read_slot(profile.keyslot_path, profile.id)
    try:
        unwrapped = unwrap(slot, passphrase)
    except UnwrapFailed:
        failure = lockout.record_failure(profile.id, delay_base)
        error = WrongPassphrase(attempt=failure.attempt, delay=failure.delay)
        error.attempt, error.delay = failure.attempt, failure.delay  # type: ignore[attr-defined]
        raise error from None
    if lockout.failure_count(profile.id):
        lockout.clear(profile.id)
    return slot, unwrapped


def unlock(profile_or_name: Profile | str, passphrase: str, *,
           delay_base: float = lockout.DEFAULT_BASE_SECONDS) -> UnlockedProfile:
    """Unwrap the profile's database key with ``passphrase``.

    Raises :class:`WrongPassphrase` (after a delay growing from ``delay_base`` seconds),
    :class:`KeySlotDamaged` or :class:`ProfileNotFound`. Only a successful unwrap counts as
    the right passphrase.
    """
    start = time.perf_counter()
    profile = _resolve(profile_or_name)
    _remove_leftover_slot_temp(profile)
    waited = lockout.wait_out(profile.id)
    _, unwrapped = _open_slot(profile, passphrase, delay_base)
    other = time.perf_counter() - start - unwrapped.kdf_seconds - waited
    return UnlockedProfile(profile, unwrapped.key, unwrapped.kdf_seconds, other)


def change_passphrase(profile_or_name: Profile | str, old: str, new: str, *,
                      kdf_params: KdfParams | None = None,
                      delay_base: float = lockout.DEFAULT_BASE_SECONDS) -> None:
    """Re-wrap the same database key under ``new`` with a fresh salt and the next slot version,
    replacing the slot atomically: after a crash at any point exactly one of ``old`` and
    ``new`` unlocks, and the store never needs re-encrypting.

    The Argon2id parameters are kept unless ``kdf_params`` is given.
    """
    check_passphrase_strength(new)
    if kdf_params is not None and not kdf_params.within_bounds():
        raise ValueError("Argon2id parameters outside the allowed range (below the floor?)")
    profile = _resolve(profile_or_name)
    with _slot_lock(profile).acquire(timeout=SLOT_LOCK_TIMEOUT):
        lockout.wait_out(profile.id)
        current, unwrapped = _open_slot(profile, old, delay_base)
        try:
            replacement = seal(unwrapped.key, new, profile.id, current.slot_version + 1,
                               kdf_params or current.kdf)
            write_slot(profile.keyslot_path, replacement)
        finally:
            zero(unwrapped.key)


def _slot_lock(profile: Profile) -> FileLock:
    # filelock: flock on POSIX, msvcrt locking on Windows; released if the process dies.
    folder = home_dir() / "locks"
    folder.mkdir(exist_ok=True, mode=0o700)
    return FileLock(folder / f"{profile.id}.lock")


def _remove_leftover_slot_temp(profile: Profile) -> None:
    """A ``keyslot.json.tmp`` left by a crash during a passphrase change is shredded (it
    may hold a wrapped key under a passphrase the user never confirmed). Skipped while
    another process holds the slot lock: its temp file is live."""
    leftover = temp_path(profile.keyslot_path)
    if not leftover.exists():
        return  # nothing written: a wrong passphrase never writes to the profile folder
    try:
        with _slot_lock(profile).acquire(timeout=0):
            shred_file(leftover)
            leftover.unlink(missing_ok=True)
    except (Timeout, OSError):
        return


# --- public metadata kept at each lock ----------------------------------------------------


def record_pending_work(profile: Profile, changes: int, attachments: int,
                        last_sync: dt.datetime | None) -> None:
    """Keep what is unsynced in ``profile.json`` (called at each lock, while the store is
    still open). Counts and times only: nothing personal."""
    try:
        doc = json.loads(profile.metadata_path.read_bytes())
    except (OSError, ValueError):
        return  # an unreadable profile.json is not made worse; the profile is skipped anyway
    doc["pending"] = {
        "changes": int(changes),
        "attachments": int(attachments),
        "last_sync": last_sync.isoformat(timespec="seconds") if last_sync else None,
        "recorded": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    write_atomic(profile.metadata_path,
                 (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode())


def pending_work(profile: Profile) -> PendingWork | None:
    """What was unsynced at the profile's last lock; None if never recorded (a profile
    locked only by an older version, or never opened)."""
    try:
        pending = json.loads(profile.metadata_path.read_bytes())["pending"]
        return PendingWork(int(pending["changes"]), int(pending["attachments"]),
                           None if pending["last_sync"] is None else str(pending["last_sync"]),
                           str(pending["recorded"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --- delete ------------------------------------------------------------------------------


def delete_profile(profile_or_name: Profile | str, passphrase: str, *,
                   delay_base: float = lockout.DEFAULT_BASE_SECONDS) -> None:
    """Delete a profile, proving its passphrase first: on a shared laptop one user must not
    delete another's work. A wrong passphrase is :class:`WrongPassphrase` (counted and
    delayed like an unlock) and nothing is deleted. A user who forgot the passphrase goes
    through :func:`pending_work` (what will be lost) and :func:`shred_profile`."""
    profile = _resolve(profile_or_name)
    lockout.wait_out(profile.id)
    _, unwrapped = _open_slot(profile, passphrase, delay_base)
    zero(unwrapped.key)
    shred_profile(profile)


def shred_profile(profile_or_name: Profile | str) -> None:
    """Crypto-shred the profile with no passphrase: overwrite its key slot with random bytes
    and fsync (after that nothing in the folder can be decrypted), then remove the folder.
    For a device the server revoked, and for the "forgot passphrase" path after the user
    was shown what is lost."""
    profile = _resolve(profile_or_name)
    root = profile.folder.parent
    doomed = root / f".{profile.id}{_DELETING}"
    _shred_slots(profile.folder)
    # Renamed first so a crash during removal leaves no half-deleted profile in the list.
    profile.folder.rename(doomed)
    fsync_directory(root)
    _remove_folder(doomed)
    lockout.clear(profile.id)


def _shred_slots(folder: Path) -> None:
    slot = folder / "keyslot.json"
    shred_file(slot)
    shred_file(temp_path(slot))


def _remove_folder(folder: Path) -> None:
    _shred_slots(folder)
    shutil.rmtree(folder, ignore_errors=True)
    fsync_directory(folder.parent)


def _sweep_leftovers(root: Path) -> None:
    """Finish deletions and abandoned enrolments interrupted by a crash (they hold no usable
    profile: a deleting folder's slot is shredded, a staging folder never got listed)."""
    stale_before = time.time() - 600  # a younger staging folder may be a concurrent enrolment
    for folder in root.iterdir():
        if not folder.name.startswith("."):
            continue
        if folder.name.endswith(_DELETING) or (
            folder.name.endswith(_STAGING) and folder.stat().st_mtime < stale_before
        ):
            _remove_folder(folder)
