"""The key slot: a profile's database key wrapped under its passphrase (DESIGN §4).

``keyslot.json`` holds the Argon2id parameters and salt, the slot version, an AES-256-GCM
nonce and the wrapped 32-byte database key, all base64, plus a SHA-256 checksum of those
fields. The associated data binds the wrap to the profile id and slot version, so a slot
copied from another profile, or edited to another version, does not unwrap.

The checksum is not a security control (anyone editing the file can recompute it); it tells
accidental damage (a flipped bit, a truncated write) apart from a wrong passphrase, so a user
with a damaged slot is told so instead of being delayed as if guessing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from homevisit.durable import write_atomic
from homevisit.errors import InputFileError, KeySlotDamaged
from homevisit.kdf import SALT_LENGTH, KdfParams, derive_kek, zero
from homevisit.regular_file import open_regular

SLOT_FORMAT = "homevisit-keyslot"
SLOT_FORMAT_VERSION = 1
KDF_NAME = "argon2id"
CIPHER_NAME = "aes-256-gcm"
DB_KEY_LENGTH = 32
NONCE_LENGTH = 12
WRAPPED_LENGTH = DB_KEY_LENGTH + 16  # ciphertext + GCM tag
MAX_SLOT_BYTES = 4096


class UnwrapFailed(Exception):
    """The passphrase did not unwrap the slot (internal; profiles turns it into
    :class:`homevisit.errors.WrongPassphrase` with the lockout delay)."""

    def __init__(self, kdf_seconds: float) -> None:
        super().__init__("unwrap failed")
        self.kdf_seconds = kdf_seconds


@dataclass(frozen=True, slots=True)
class KeySlot:
    profile_id: str
    slot_version: int
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes

    def associated_data(self) -> bytes:
        return f"{SLOT_FORMAT}/{SLOT_FORMAT_VERSION}|{self.profile_id}|{self.slot_version}".encode()


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """A database key unwrapped from a slot, and what the Argon2id step cost."""

    key: bytearray
    kdf_seconds: float


def new_database_key() -> bytearray:
    return bytearray(os.urandom(DB_KEY_LENGTH))


def seal(db_key: bytearray, passphrase: str, profile_id: str, slot_version: int,
         params: KdfParams) -> KeySlot:
    """Wrap ``db_key`` under ``passphrase`` with a fresh salt and nonce."""
    salt, nonce = os.urandom(SALT_LENGTH), os.urandom(NONCE_LENGTH)
    kek = derive_kek(passphrase, salt, params)
    try:
        slot = KeySlot(profile_id, slot_version, params, salt, nonce, b"")
        # The bytearray itself: a bytes() copy could not be wiped.
        wrapped = AESGCM(kek).encrypt(nonce, db_key, slot.associated_data())
    finally:
        zero(kek)
    return KeySlot(profile_id, slot_version, params, salt, nonce, wrapped)


def unwrap(slot: KeySlot, passphrase: str) -> Unwrapped:
    """The database key, or :class:`UnwrapFailed` when ``passphrase`` is not the slot's."""
    start = time.perf_counter()
    kek = derive_kek(passphrase, slot.salt, slot.kdf)
    kdf_seconds = time.perf_counter() - start
    key = bytearray(DB_KEY_LENGTH)
    try:
        AESGCM(kek).decrypt_into(slot.nonce, slot.wrapped_key, slot.associated_data(), key)
    except InvalidTag:
        zero(key)
        raise UnwrapFailed(kdf_seconds) from None
    finally:
        zero(kek)
    return Unwrapped(key, kdf_seconds)


# --- file format -----------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _fields(slot: KeySlot) -> dict[str, Any]:
    return {
        "format": SLOT_FORMAT,
        "format_version": SLOT_FORMAT_VERSION,
        "profile_id": slot.profile_id,
        "slot_version": slot.slot_version,
        "kdf": {
            "name": KDF_NAME,
            "memory_kib": slot.kdf.memory_kib,
            "iterations": slot.kdf.iterations,
            "lanes": slot.kdf.lanes,
            "salt": _b64(slot.salt),
        },
        "cipher": CIPHER_NAME,
        "nonce": _b64(slot.nonce),
        "wrapped_key": _b64(slot.wrapped_key),
    }


def _checksum(fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


def encode_slot(slot: KeySlot) -> bytes:
    fields = _fields(slot)
    fields["checksum"] = _checksum(fields)
    return (json.dumps(fields, indent=2, sort_keys=True) + "\n").encode()


def decode_slot(raw: bytes, profile_id: str) -> KeySlot:
    """Parse and check a slot file's bytes; anything off raises :class:`KeySlotDamaged`."""
    try:
        doc = json.loads(raw)
        checksum = doc.pop("checksum")
        kdf = doc["kdf"]
        slot = KeySlot(
            profile_id=_typed(doc["profile_id"], str),
            slot_version=_typed(doc["slot_version"], int),
            kdf=KdfParams(
                memory_kib=_typed(kdf["memory_kib"], int),
                iterations=_typed(kdf["iterations"], int),
                lanes=_typed(kdf["lanes"], int),
            ),
            salt=base64.b64decode(_typed(kdf["salt"], str), validate=True),
            nonce=base64.b64decode(_typed(doc["nonce"], str), validate=True),
            wrapped_key=base64.b64decode(_typed(doc["wrapped_key"], str), validate=True),
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, binascii.Error):
        raise KeySlotDamaged() from None
    sound = (
        checksum == _checksum(doc)
        and doc == _fields(slot)  # no unknown fields, names and versions as written
        and slot.profile_id == profile_id
        and slot.slot_version >= 1
        and slot.kdf.within_bounds()
        and len(slot.salt) == SALT_LENGTH
        and len(slot.nonce) == NONCE_LENGTH
        and len(slot.wrapped_key) == WRAPPED_LENGTH
    )
    if not sound:
        raise KeySlotDamaged()
    return slot


def _typed(value: object, kind: type) -> Any:
    # bool is an int in Python; a slot never holds one.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError
    return value


def read_slot(path: Path, profile_id: str) -> KeySlot:
    """Read ``path``; a missing, unreadable, oversized or damaged file is
    :class:`KeySlotDamaged`. Never writes."""
    try:
        # Not open(): a FIFO planted as the slot would block the unlock for ever.
        with open_regular(path) as f:
            raw = f.read(MAX_SLOT_BYTES + 1)
    except (OSError, InputFileError):
        raise KeySlotDamaged() from None
    if len(raw) > MAX_SLOT_BYTES:
        raise KeySlotDamaged()
    return decode_slot(raw, profile_id)


# --- the file ---------------------------------------------------------------------------


def write_slot(path: Path, slot: KeySlot) -> None:
    """Replace the slot at ``path`` atomically (see :func:`homevisit.durable.write_atomic`)."""
    write_atomic(path, encode_slot(slot))
