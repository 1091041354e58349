"""A missing, truncated or altered key slot is refused, and nothing is re-initialised.

Accidental damage (the checksum no longer matches) is KeySlotDamaged and costs no lockout
attempt; a deliberate edit that keeps the file consistent can only fail to unwrap, which is
indistinguishable from a wrong passphrase.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import random

import pytest
from profile_helpers import PASSPHRASE, fingerprint

from homevisit import keyslot, lockout
from homevisit.errors import KeySlotDamaged, WrongPassphrase
from homevisit.kdf import KdfParams
from homevisit.profiles import change_passphrase, unlock


def refused(profile, expected):
    """Unlock (and try a passphrase change) with the right passphrase; both must fail with
    ``expected`` and leave every file in the profile folder exactly as it was."""
    before = fingerprint(profile.folder)
    with pytest.raises(expected):
        unlock(profile, PASSPHRASE, delay_base=0.0)
    with pytest.raises(expected):
        change_passphrase(profile, PASSPHRASE, "a new passphrase", delay_base=0.0)
    assert fingerprint(profile.folder) == before
    return before


def edit_json(profile, change):
    doc = json.loads(profile.keyslot_path.read_text())
    change(doc)
    profile.keyslot_path.write_text(json.dumps(doc))


def rewrite_consistently(profile, **changes):
    """A deliberate edit: the slot re-encoded with its checksum recomputed."""
    slot = keyslot.read_slot(profile.keyslot_path, profile.id)
    profile.keyslot_path.write_bytes(keyslot.encode_slot(dataclasses.replace(slot, **changes)))


def flip_b64(value: str, index: int) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[index] ^= 0x01
    return base64.b64encode(raw).decode()


def test_missing_slot_is_refused_and_not_recreated(profile):
    profile.keyslot_path.unlink()
    refused(profile, KeySlotDamaged)
    assert not profile.keyslot_path.exists()
    assert lockout.failure_count(profile.id) == 0


@pytest.mark.parametrize("keep", [0, 1, 50, 0.5, -1], ids=["empty", "1 byte", "50 bytes",
                                                           "half", "last byte cut"])
def test_truncated_slot_is_refused(profile, keep):
    raw = profile.keyslot_path.read_bytes()
    cut = int(len(raw) * keep) if isinstance(keep, float) else keep
    profile.keyslot_path.write_bytes(raw[:cut])
    if keep == -1:
        # Only the final newline went: still the whole slot, and it must still unlock.
        assert unlock(profile, PASSPHRASE).key
        profile.keyslot_path.write_bytes(raw[:-3])
    refused(profile, KeySlotDamaged)


def test_garbage_and_oversized_slots_are_refused(profile):
    profile.keyslot_path.write_bytes(b"\x00\xff not json at all")
    refused(profile, KeySlotDamaged)
    profile.keyslot_path.write_bytes(b"[" * 3000)
    refused(profile, KeySlotDamaged)
    profile.keyslot_path.write_bytes(b" " * 10_000 + b"{}")
    refused(profile, KeySlotDamaged)


def test_flipped_byte_in_the_wrapped_key_is_reported_as_damage(profile):
    edit_json(profile, lambda d: d.update(wrapped_key=flip_b64(d["wrapped_key"], 5)))
    refused(profile, KeySlotDamaged)
    assert lockout.failure_count(profile.id) == 0


def test_changed_salt_or_parameter_without_a_matching_checksum_is_damage(profile):
    original = profile.keyslot_path.read_bytes()
    edit_json(profile, lambda d: d["kdf"].update(salt=flip_b64(d["kdf"]["salt"], 0)))
    refused(profile, KeySlotDamaged)
    profile.keyslot_path.write_bytes(original)
    edit_json(profile, lambda d: d["kdf"].update(iterations=4))
    refused(profile, KeySlotDamaged)


def test_every_single_bit_flip_anywhere_in_the_file_is_caught(profile):
    original = profile.keyslot_path.read_bytes()
    rng = random.Random(7)
    for position in rng.sample(range(len(original)), 40):
        damaged = bytearray(original)
        damaged[position] ^= 1 << rng.randrange(8)
        profile.keyslot_path.write_bytes(bytes(damaged))
        with pytest.raises(KeySlotDamaged):
            unlock(profile, PASSPHRASE)
    profile.keyslot_path.write_bytes(original)
    assert unlock(profile, PASSPHRASE).key


@pytest.mark.parametrize(
    "changes",
    [
        {"salt": bytes(16)},
        {"kdf": KdfParams(65536 + 1024, 3, 4)},
        {"kdf": KdfParams(65536, 4, 4)},
        {"slot_version": 7},
        {"nonce": bytes(12)},
    ],
    ids=["salt", "memory", "iterations", "slot version", "nonce"],
)
def test_a_consistent_edit_cannot_unwrap_and_counts_as_a_wrong_passphrase(profile, changes):
    rewrite_consistently(profile, **changes)
    refused(profile, WrongPassphrase)
    assert lockout.failure_count(profile.id) == 2


def test_parameters_outside_the_bounds_are_damage_even_when_consistent(profile):
    # Below the floor would weaken the slot; far above would make unlock allocate a terabyte.
    slot = keyslot.read_slot(profile.keyslot_path, profile.id)
    for params in (KdfParams(32 * 1024, 3, 4), KdfParams(65536, 1, 4), KdfParams(2**30, 3, 4)):
        profile.keyslot_path.write_bytes(keyslot.encode_slot(dataclasses.replace(slot, kdf=params)))
        refused(profile, KeySlotDamaged)


def test_a_slot_copied_from_another_profile_is_refused(make_profile):
    mine, theirs = make_profile("desk A"), make_profile("desk B")
    mine.keyslot_path.write_bytes(theirs.keyslot_path.read_bytes())
    refused(mine, KeySlotDamaged)
    # Even with its profile id rewritten, the wrap stays bound to the other profile.
    slot = keyslot.read_slot(theirs.keyslot_path, theirs.id)
    mine.keyslot_path.write_bytes(
        keyslot.encode_slot(dataclasses.replace(slot, profile_id=mine.id))
    )
    refused(mine, WrongPassphrase)
